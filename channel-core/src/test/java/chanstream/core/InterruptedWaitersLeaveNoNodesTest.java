package chanstream.core;

import static org.assertj.core.api.Assertions.assertThat;

import chanstream.core.internal.ChannelProbe;
import chanstream.core.testing.Rounds;
import chanstream.core.testing.ThreadKind;
import chanstream.core.testing.Workers;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Waiters that give up remove their registrations from every channel they touched. Such
 * waiters are interrupted senders and receivers, selects that time out or are interrupted, and
 * cancelled futures. Afterwards the wait queues are empty, the buffer array has not grown, no
 * withdrawn element is delivered later, and the channel keeps working.
 */
@Timeout(300)
class InterruptedWaitersLeaveNoNodesTest {

    private static final int WAITERS = 300;

    private static final int CYCLES = 300;

    private static final int STRESS_CYCLES = 1_000_000;

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void interruptedSendersOnFullChannelLeaveNoNodes(ThreadKind threads) throws Exception {
        Channel<String> ch = Channel.buffered(1);
        ch.send("x");
        AtomicInteger interrupted = new AtomicInteger();

        try (Workers senders = Workers.start(threads, "sender", WAITERS, i -> {
            try {
                ch.send("y" + i);
            } catch (InterruptedException expected) {
                interrupted.incrementAndGet();
            }
        })) {
            ChannelProbe.awaitSenders(ch, WAITERS);
            senders.interruptAll();
            senders.join();
        }

        assertThat(interrupted).hasValue(WAITERS);
        assertThat(ChannelProbe.queues(ch)).isEqualTo(ChannelProbe.Queues.EMPTY);
        assertThat(ChannelProbe.bufferArrayLength(ch)).isOne();
        assertChannelStillWorks(ch, "x", threads);
    }

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void interruptedReceiversOnUnbufferedChannelLeaveNoNodes(ThreadKind threads) throws Exception {
        Channel<String> ch = Channel.unbuffered();
        AtomicInteger interrupted = new AtomicInteger();

        try (Workers receivers = Workers.start(threads, "receiver", WAITERS, i -> {
            try {
                ch.receive();
            } catch (InterruptedException expected) {
                interrupted.incrementAndGet();
            }
        })) {
            ChannelProbe.awaitReceivers(ch, WAITERS);
            receivers.interruptAll();
            receivers.join();
        }

        assertThat(interrupted).hasValue(WAITERS);
        assertThat(ChannelProbe.queues(ch)).isEqualTo(ChannelProbe.Queues.EMPTY);
        assertThat(ChannelProbe.bufferArrayLength(ch)).isZero();
        assertChannelStillWorks(ch, null, threads);
    }

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void selectsThatTimeOutLeaveNoNodes(ThreadKind threads) throws Exception {
        Channel<String> full = Channel.buffered(1);
        full.send("x");
        Channel<String> empty = Channel.unbuffered();
        AtomicInteger timedOut = new AtomicInteger();

        try (Workers selectors = Workers.start(threads, "selector", WAITERS, i -> {
            String chosen = Select.select(full.onSend("y" + i, () -> "sent"),
                    empty.onReceive(v -> "received"),
                    Select.onTimeout(Duration.ofMillis(50), () -> "timeout"));
            if (chosen.equals("timeout")) {
                timedOut.incrementAndGet();
            }
        })) {
            selectors.join();
        }

        assertThat(timedOut).hasValue(WAITERS);
        assertThat(ChannelProbe.queues(full)).isEqualTo(ChannelProbe.Queues.EMPTY);
        assertThat(ChannelProbe.queues(empty)).isEqualTo(ChannelProbe.Queues.EMPTY);
        assertChannelStillWorks(full, "x", threads);
        assertChannelStillWorks(empty, null, threads);
    }

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void interruptedSelectsLeaveNoNodes(ThreadKind threads) throws Exception {
        Channel<String> full = Channel.buffered(1);
        full.send("x");
        Channel<String> empty = Channel.unbuffered();
        AtomicInteger interrupted = new AtomicInteger();

        try (Workers selectors = Workers.start(threads, "selector", WAITERS, i -> {
            try {
                Select.select(full.onSend("y" + i, () -> "sent"),
                        empty.onReceive(v -> "received"));
            } catch (InterruptedException expected) {
                interrupted.incrementAndGet();
            }
        })) {
            ChannelProbe.awaitSenders(full, WAITERS);
            ChannelProbe.awaitReceivers(empty, WAITERS);
            selectors.interruptAll();
            selectors.join();
        }

        assertThat(interrupted).hasValue(WAITERS);
        assertThat(ChannelProbe.queues(full)).isEqualTo(ChannelProbe.Queues.EMPTY);
        assertThat(ChannelProbe.queues(empty)).isEqualTo(ChannelProbe.Queues.EMPTY);
        assertChannelStillWorks(full, "x", threads);
        assertChannelStillWorks(empty, null, threads);
    }

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void repeatedInterruptedSendsLeaveNoNodes(ThreadKind threads) throws Exception {
        repeatInterruptedSends(threads, CYCLES);
    }

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    @Tag("stress")
    @Timeout(7_200)
    void repeatedInterruptedSendsLeaveNoNodesUnderStress(ThreadKind threads) throws Exception {
        repeatInterruptedSends(threads, STRESS_CYCLES);
    }

    /**
     * Repeats {@code cycles} times: start a thread that sends on a full buffered(1) channel,
     * wait until it is queued, interrupt it. Afterwards the queue is empty and the channel still
     * contains its first element.
     */
    private static void repeatInterruptedSends(ThreadKind threads, int cycles) throws Exception {
        Channel<String> ch = Channel.buffered(1);
        ch.send("x");

        Rounds.run(cycles, cycle -> {
            AtomicReference<Throwable> outcome = new AtomicReference<>();
            try (Workers sender = Workers.startOne(threads, "sender", i -> {
                try {
                    ch.send("y");
                } catch (InterruptedException expected) {
                    outcome.set(expected);
                }
            })) {
                ChannelProbe.awaitSenders(ch, 1);
                sender.interruptAll();
                sender.join();
            }
            assertThat(outcome.get()).isInstanceOf(InterruptedException.class);
            assertThat(ChannelProbe.queues(ch)).isEqualTo(ChannelProbe.Queues.EMPTY);
        });

        assertThat(ChannelProbe.bufferArrayLength(ch)).isOne();
        assertChannelStillWorks(ch, "x", threads);
    }

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void repeatedInterruptedReceivesLeaveNoNodes(ThreadKind threads) throws Exception {
        Channel<String> ch = Channel.unbuffered();

        Rounds.run(CYCLES, cycle -> {
            AtomicReference<Throwable> outcome = new AtomicReference<>();
            try (Workers receiver = Workers.startOne(threads, "receiver", i -> {
                try {
                    ch.receive();
                } catch (InterruptedException expected) {
                    outcome.set(expected);
                }
            })) {
                ChannelProbe.awaitReceivers(ch, 1);
                receiver.interruptAll();
                receiver.join();
            }
            assertThat(outcome.get()).isInstanceOf(InterruptedException.class);
            assertThat(ChannelProbe.queues(ch)).isEqualTo(ChannelProbe.Queues.EMPTY);
        });

        assertChannelStillWorks(ch, null, threads);
    }

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void repeatedTimedOutSelectsLeaveNoNodes(ThreadKind threads) throws Exception {
        Channel<String> full = Channel.buffered(1);
        full.send("x");
        Channel<String> empty = Channel.unbuffered();

        try (Workers selector = Workers.startOne(threads, "selector", i -> {
            for (int cycle = 0; cycle < CYCLES; cycle++) {
                String chosen = Select.select(full.onSend("y", () -> "sent"),
                        empty.onReceive(v -> "received"),
                        Select.onTimeout(Duration.ofMillis(1), () -> "timeout"));
                assertThat(chosen).as("cycle %d", cycle).isEqualTo("timeout");
            }
        })) {
            selector.join();
        }

        assertThat(ChannelProbe.queues(full)).isEqualTo(ChannelProbe.Queues.EMPTY);
        assertThat(ChannelProbe.queues(empty)).isEqualTo(ChannelProbe.Queues.EMPTY);
        assertChannelStillWorks(full, "x", threads);
    }

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void cancelledFuturesLeaveNoNodes(ThreadKind threads) throws Exception {
        Channel<String> full = Channel.buffered(1);
        full.send("x");
        Channel<String> empty = Channel.unbuffered();

        for (int cycle = 0; cycle < 10_000; cycle++) {
            CompletableFuture<Void> send = full.sendAsync("y");
            CompletableFuture<String> receive = empty.receiveAsync();
            assertThat(send.cancel(false)).as("cancel send in cycle %d", cycle).isTrue();
            assertThat(receive.cancel(false)).as("cancel receive in cycle %d", cycle).isTrue();
        }

        assertThat(ChannelProbe.queues(full)).isEqualTo(ChannelProbe.Queues.EMPTY);
        assertThat(ChannelProbe.queues(empty)).isEqualTo(ChannelProbe.Queues.EMPTY);
        assertThat(ChannelProbe.bufferArrayLength(full)).isOne();
        assertChannelStillWorks(full, "x", threads);
        assertChannelStillWorks(empty, null, threads);
    }

    /**
     * Checks that {@code ch} still yields {@code first} (if not null) and nothing a withdrawn
     * sender offered, then that a new send and receive pair succeeds.
     */
    private static void assertChannelStillWorks(Channel<String> ch, String first,
            ThreadKind threads) throws Exception {
        if (first != null) {
            assertThat(ch.receive()).isEqualTo(first);
        }
        assertThat(ch.tryReceive()).as("element left by a withdrawn sender").isNull();

        AtomicReference<String> received = new AtomicReference<>();
        try (Workers receiver = Workers.startOne(threads, "receiver",
                i -> received.set(ch.receive()))) {
            ChannelProbe.awaitReceivers(ch, 1);
            ch.send("z");
            receiver.join();
        }
        assertThat(received.get()).isEqualTo("z");
        assertThat(ChannelProbe.queues(ch)).isEqualTo(ChannelProbe.Queues.EMPTY);
    }
}
