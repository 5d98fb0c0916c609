package chanstream.core;

import static chanstream.core.testing.Capacity.ONE;
import static chanstream.core.testing.Capacity.SIXTEEN;
import static chanstream.core.testing.Capacity.TWO;
import static chanstream.core.testing.Capacity.UNBUFFERED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chanstream.core.internal.ChannelProbe;
import chanstream.core.testing.Capacity;
import chanstream.core.testing.ChannelMatrix;
import chanstream.core.testing.Drain;
import chanstream.core.testing.Rounds;
import chanstream.core.testing.ThreadKind;
import chanstream.core.testing.Workers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Interruption of blocking operations: a thread interrupted on entry throws at once, and an
 * operation interrupted while waiting leaves the channel as if it had never started.
 */
@Timeout(120)
class InterruptTest {

    private static final int RACE_ROUNDS = 200;

    private static final int STRESS_RACE_ROUNDS = 20_000;

    /** A blocking operation, run on a thread whose interrupt flag is already set. */
    @FunctionalInterface
    private interface Operation {
        void run() throws Exception;
    }

    /**
     * Runs {@code operation} with the interrupt flag set and checks that it throws
     * {@link InterruptedException} and clears the flag.
     */
    private static void assertThrowsAtOnceWhenInterrupted(Operation operation) {
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(operation::run).isInstanceOf(InterruptedException.class);
            assertThat(Thread.currentThread().isInterrupted())
                    .as("interrupt status after InterruptedException").isFalse();
        } finally {
            Thread.interrupted();
        }
    }

    @ParameterizedTest
    @EnumSource(value = Capacity.class, names = {"ONE", "TWO", "SIXTEEN", "UNLIMITED"})
    void interruptedSendThrowsDespiteRoom(Capacity capacity) {
        Channel<String> ch = capacity.newChannel();

        assertThrowsAtOnceWhenInterrupted(() -> ch.send("x"));
        assertThrowsAtOnceWhenInterrupted(() -> ch.send("x", Duration.ofSeconds(30)));

        assertThat(ch.size()).isZero();
    }

    @ChannelMatrix(capacities = UNBUFFERED)
    void interruptedSendThrowsAtOnceEvenWithWaitingReceiver(Capacity capacity,
            ThreadKind threads) throws Exception {
        Channel<String> ch = capacity.newChannel();
        AtomicReference<String> received = new AtomicReference<>();

        try (Workers receiver = Workers.startOne(threads, "receiver",
                i -> received.set(ch.receive()))) {
            ChannelProbe.awaitReceivers(ch, 1);

            assertThrowsAtOnceWhenInterrupted(() -> ch.send("interrupted"));
            assertThrowsAtOnceWhenInterrupted(() -> ch.send("interrupted", Duration.ZERO));
            assertThat(ChannelProbe.queues(ch).receivers()).isOne();

            ch.send("next");
            receiver.join();
        }
        assertThat(received.get()).isEqualTo("next");
    }

    @ParameterizedTest
    @EnumSource(value = Capacity.class, names = {"ONE", "TWO", "SIXTEEN", "UNLIMITED"})
    void interruptedReceiveThrowsAtOnceEvenWithBufferedElement(Capacity capacity) throws Exception {
        Channel<String> ch = capacity.newChannel();
        ch.send("kept");

        assertThrowsAtOnceWhenInterrupted(ch::receive);
        assertThrowsAtOnceWhenInterrupted(ch::receiveOrNull);

        assertThat(ch.size()).isOne();
        assertThat(ch.receive()).isEqualTo("kept");
    }

    @ChannelMatrix(capacities = UNBUFFERED)
    void interruptedReceiveThrowsAtOnceEvenWithWaitingSender(Capacity capacity,
            ThreadKind threads) throws Exception {
        Channel<String> ch = capacity.newChannel();

        try (Workers sender = Workers.startOne(threads, "sender", i -> ch.send("kept"))) {
            ChannelProbe.awaitSenders(ch, 1);

            assertThrowsAtOnceWhenInterrupted(ch::receive);
            assertThrowsAtOnceWhenInterrupted(ch::receiveOrNull);
            assertThat(ChannelProbe.queues(ch).senders()).isOne();

            assertThat(ch.receive()).isEqualTo("kept");
            sender.join();
        }
    }

    @ParameterizedTest
    @EnumSource(Capacity.class)
    void interruptedReceiveOnClosedThrows(Capacity capacity) {
        Channel<String> ch = capacity.newChannel();
        ch.close();

        assertThrowsAtOnceWhenInterrupted(ch::receive);
        assertThrowsAtOnceWhenInterrupted(ch::receiveOrNull);
    }

    @ChannelMatrix(capacities = {UNBUFFERED, ONE, TWO, SIXTEEN})
    void sendInterruptedWhileWaitingDeliversNothing(Capacity capacity, ThreadKind threads)
            throws Exception {
        Channel<Integer> ch = capacity.newChannel();
        for (int i = 0; i < capacity.value(); i++) {
            ch.send(i);
        }
        AtomicBoolean interrupted = new AtomicBoolean();

        try (Workers sender = Workers.startOne(threads, "sender", i -> {
            try {
                ch.send(-1);
            } catch (InterruptedException expected) {
                interrupted.set(!Thread.currentThread().isInterrupted());
            }
        })) {
            ChannelProbe.awaitSenders(ch, 1);
            sender.interruptAll();
            sender.join();
        }

        assertThat(interrupted).as("send threw InterruptedException and cleared the flag")
                .isTrue();
        assertThat(ChannelProbe.queues(ch)).isEqualTo(ChannelProbe.Queues.EMPTY);
        List<Integer> expected = new ArrayList<>();
        if (capacity.isUnbuffered()) {
            assertThat(ch.tryReceive()).as("tryReceive after the only sender withdrew").isNull();
        } else {
            assertThat(ch.receive()).isZero();
            assertThat(ch.trySend(1_000)).isTrue();
            for (int i = 1; i < capacity.value(); i++) {
                expected.add(i);
            }
            expected.add(1_000);
        }
        assertThat(Drain.remaining(ch)).containsExactlyElementsOf(expected);
    }

    @ChannelMatrix(capacities = {UNBUFFERED, ONE, TWO, SIXTEEN})
    void timedSendInterruptedWhileWaitingDeliversNothing(Capacity capacity, ThreadKind threads)
            throws Exception {
        Channel<Integer> ch = capacity.newChannel();
        for (int i = 0; i < capacity.value(); i++) {
            ch.send(i);
        }
        AtomicBoolean interrupted = new AtomicBoolean();

        try (Workers sender = Workers.startOne(threads, "sender", i -> {
            try {
                ch.send(-1, Duration.ofSeconds(30));
            } catch (InterruptedException expected) {
                interrupted.set(true);
            }
        })) {
            ChannelProbe.awaitSenders(ch, 1);
            sender.interruptAll();
            sender.join();
        }

        assertThat(interrupted).isTrue();
        assertThat(ChannelProbe.queues(ch)).isEqualTo(ChannelProbe.Queues.EMPTY);
        assertThat(Drain.remaining(ch)).doesNotContain(-1).hasSize(capacity.value());
    }

    @ChannelMatrix
    void receiveInterruptedWhileWaitingConsumesNothing(Capacity capacity, ThreadKind threads)
            throws Exception {
        Channel<String> ch = capacity.newChannel();
        AtomicBoolean interrupted = new AtomicBoolean();

        try (Workers receiver = Workers.startOne(threads, "receiver", i -> {
            try {
                ch.receive();
            } catch (InterruptedException expected) {
                interrupted.set(!Thread.currentThread().isInterrupted());
            }
        })) {
            ChannelProbe.awaitReceivers(ch, 1);
            receiver.interruptAll();
            receiver.join();
        }

        assertThat(interrupted).as("receive threw InterruptedException and cleared the flag")
                .isTrue();
        assertThat(ChannelProbe.queues(ch)).isEqualTo(ChannelProbe.Queues.EMPTY);
        if (capacity.isUnbuffered()) {
            assertThat(ch.trySend("after")).as("trySend with only an interrupted receiver")
                    .isFalse();
        } else {
            ch.send("after");
            assertThat(ch.receive()).isEqualTo("after");
        }
    }

    /**
     * Five senders queue in order on a full channel. Interrupting the first, third and fifth
     * removes the head, a middle and the tail node of the queue, and the two left keep their
     * order.
     */
    @ChannelMatrix(capacities = {UNBUFFERED, ONE, TWO, SIXTEEN})
    void interruptedSendersLeaveOthersInOrder(Capacity capacity, ThreadKind threads)
            throws Exception {
        Channel<Integer> ch = capacity.newChannel();
        for (int i = 0; i < capacity.value(); i++) {
            ch.send(-1);
        }
        List<Workers> senders = new ArrayList<>();
        try {
            for (int i = 0; i < 5; i++) {
                int value = i;
                senders.add(Workers.startOne(threads, "sender-" + i, n -> {
                    try {
                        ch.send(value);
                    } catch (InterruptedException expected) {
                        // Interrupted senders deliver nothing; the assertions below check it.
                    }
                }));
                ChannelProbe.awaitSenders(ch, i + 1);
            }

            for (int i = 0; i < 5; i += 2) {
                senders.get(i).interruptAll();
                senders.get(i).join();
            }
            assertThat(ChannelProbe.queues(ch).senders()).isEqualTo(2);

            List<Integer> received = new ArrayList<>();
            for (int i = 0; i < capacity.value() + 2; i++) {
                received.add(ch.receive());
            }
            assertThat(received.subList(capacity.value(), received.size()))
                    .containsExactly(1, 3);
            for (Workers sender : senders) {
                sender.join();
            }
        } finally {
            for (Workers sender : senders) {
                sender.close();
            }
        }
        assertThat(ChannelProbe.queues(ch)).isEqualTo(ChannelProbe.Queues.EMPTY);
        assertThat(ch.tryReceive()).isNull();
    }

    /**
     * Five receivers queue in order on an empty channel, and the first, third and fifth are
     * interrupted. The two left are served in their order.
     */
    @ChannelMatrix
    void interruptedReceiversLeaveOthersInOrder(Capacity capacity, ThreadKind threads)
            throws Exception {
        Channel<Integer> ch = capacity.newChannel();
        AtomicIntegerArray received = new AtomicIntegerArray(5);
        List<Workers> receivers = new ArrayList<>();
        try {
            for (int i = 0; i < 5; i++) {
                int index = i;
                receivers.add(Workers.startOne(threads, "receiver-" + i, n -> {
                    try {
                        received.set(index, ch.receive());
                    } catch (InterruptedException expected) {
                        received.set(index, -1);
                    }
                }));
                ChannelProbe.awaitReceivers(ch, i + 1);
            }

            for (int i = 0; i < 5; i += 2) {
                receivers.get(i).interruptAll();
                receivers.get(i).join();
            }
            assertThat(ChannelProbe.queues(ch).receivers()).isEqualTo(2);

            ch.send(10);
            ch.send(11);
            for (Workers receiver : receivers) {
                receiver.join();
            }
        } finally {
            for (Workers receiver : receivers) {
                receiver.close();
            }
        }
        assertThat(received).hasToString("[-1, 10, -1, 11, -1]");
        assertThat(ChannelProbe.queues(ch)).isEqualTo(ChannelProbe.Queues.EMPTY);
    }

    @ChannelMatrix(capacities = {UNBUFFERED, ONE, TWO, SIXTEEN})
    void sendInterruptRaceKeepsCounts(Capacity capacity, ThreadKind threads) {
        raceInterruptWithReceive(capacity, threads, RACE_ROUNDS);
    }

    @ChannelMatrix(capacities = {UNBUFFERED, ONE, TWO, SIXTEEN})
    @Tag("stress")
    @Timeout(1_200)
    void sendInterruptRaceKeepsCountsUnderStress(Capacity capacity, ThreadKind threads) {
        raceInterruptWithReceive(capacity, threads, STRESS_RACE_ROUNDS);
    }

    @ChannelMatrix
    void receiveInterruptRaceKeepsCounts(Capacity capacity, ThreadKind threads) {
        raceInterruptWithSend(capacity, threads, RACE_ROUNDS);
    }

    @ChannelMatrix
    @Tag("stress")
    @Timeout(1_200)
    void receiveInterruptRaceKeepsCountsUnderStress(Capacity capacity, ThreadKind threads) {
        raceInterruptWithSend(capacity, threads, STRESS_RACE_ROUNDS);
    }

    /**
     * A sender blocked on a full channel is interrupted while the test thread takes an element
     * with {@code tryReceive}. Either the send completed (its element is in the channel or was
     * received) or it threw {@link InterruptedException} (its element is nowhere).
     */
    private static void raceInterruptWithReceive(Capacity capacity, ThreadKind threads,
            int rounds) {
        Rounds.run(rounds, round -> {
            Channel<Integer> ch = capacity.newChannel();
            for (int i = 0; i < capacity.value(); i++) {
                ch.send(-1);
            }
            AtomicReference<String> outcome = new AtomicReference<>("still running");

            Integer taken;
            try (Workers sender = Workers.startOne(threads, "sender", i -> {
                try {
                    ch.send(round);
                    outcome.set("sent");
                } catch (InterruptedException interrupted) {
                    outcome.set("interrupted");
                }
                Thread.interrupted();
            })) {
                ChannelProbe.awaitSenders(ch, 1);
                if (round % 2 == 0) {
                    sender.interruptAll();
                    taken = ch.tryReceive();
                } else {
                    taken = ch.tryReceive();
                    sender.interruptAll();
                }
                sender.join();
            }

            List<Integer> left = Drain.remaining(ch);
            int seen = (Integer.valueOf(round).equals(taken) ? 1 : 0)
                    + Collections.frequency(left, round);
            if (outcome.get().equals("sent")) {
                assertThat(seen).as("copies of a completed send's element").isOne();
            } else {
                assertThat(outcome.get()).isEqualTo("interrupted");
                assertThat(seen).as("copies of an interrupted send's element").isZero();
            }
            assertThat(left.size() + (taken == null ? 0 : 1))
                    .as("elements taken and left")
                    .isEqualTo(capacity.value() + seen);
            assertThat(ChannelProbe.queues(ch)).isEqualTo(ChannelProbe.Queues.EMPTY);
        });
    }

    /**
     * A receiver blocked on an empty channel is interrupted while the test thread offers an
     * element with {@code trySend}. The element is received, or left in the buffer, exactly as
     * often as {@code trySend} accepted it.
     */
    private static void raceInterruptWithSend(Capacity capacity, ThreadKind threads, int rounds) {
        Rounds.run(rounds, round -> {
            Channel<Integer> ch = capacity.newChannel();
            AtomicReference<Integer> received = new AtomicReference<>();
            AtomicBoolean interrupted = new AtomicBoolean();

            boolean accepted;
            try (Workers receiver = Workers.startOne(threads, "receiver", i -> {
                try {
                    received.set(ch.receive());
                } catch (InterruptedException expected) {
                    interrupted.set(true);
                }
                Thread.interrupted();
            })) {
                ChannelProbe.awaitReceivers(ch, 1);
                if (round % 2 == 0) {
                    receiver.interruptAll();
                    accepted = ch.trySend(round);
                } else {
                    accepted = ch.trySend(round);
                    receiver.interruptAll();
                }
                receiver.join();
            }

            assertThat(interrupted.get()).as("receiver interrupted")
                    .isEqualTo(received.get() == null);
            List<Integer> left = Drain.remaining(ch);
            int copies = (received.get() == null ? 0 : 1) + left.size();
            assertThat(copies).as("copies of the element (trySend returned %s)", accepted)
                    .isEqualTo(accepted ? 1 : 0);
            if (received.get() != null) {
                assertThat(received.get()).isEqualTo(round);
            }
            assertThat(ChannelProbe.queues(ch)).isEqualTo(ChannelProbe.Queues.EMPTY);
        });
    }
}
