package chanstream.core;

import static chanstream.core.testing.Capacity.ONE;
import static chanstream.core.testing.Capacity.SIXTEEN;
import static chanstream.core.testing.Capacity.TWO;
import static org.assertj.core.api.Assertions.assertThat;

import chanstream.core.internal.ChannelProbe;
import chanstream.core.testing.Capacity;
import chanstream.core.testing.ChannelMatrix;
import chanstream.core.testing.Drain;
import chanstream.core.testing.ThreadKind;
import chanstream.core.testing.Workers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Overflow#DROP_OLDEST} and {@link Overflow#DROP_LATEST}: a send never waits, and the
 * dropped element reaches the undelivered handler.
 */
@Timeout(60)
class OverflowTest {

    /** The ways to send that must all follow the overflow policy. */
    enum SendKind {
        SEND, TRY_SEND, TIMED_SEND, SEND_ASYNC, SELECT_SEND;

        void send(Channel<Integer> ch, int element) throws Exception {
            switch (this) {
                case SEND:
                    ch.send(element);
                    break;
                case TRY_SEND:
                    assertThat(ch.trySend(element)).as("trySend(%d)", element).isTrue();
                    break;
                case TIMED_SEND:
                    assertThat(ch.send(element, Duration.ZERO)).as("timed send(%d)", element)
                            .isTrue();
                    break;
                case SEND_ASYNC:
                    assertThat(ch.sendAsync(element)).as("sendAsync(%d)", element)
                            .isCompleted();
                    break;
                default:
                    assertThat(Select.<String>select(ch.onSend(element, () -> "sent")))
                            .isEqualTo("sent");
                    break;
            }
        }
    }

    static List<Object[]> bufferedCapacitiesAndSendKinds() {
        List<Object[]> rows = new ArrayList<>();
        for (Capacity capacity : new Capacity[] {ONE, TWO, SIXTEEN}) {
            for (SendKind kind : SendKind.values()) {
                rows.add(new Object[] {capacity, kind});
            }
        }
        return rows;
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("bufferedCapacitiesAndSendKinds")
    void dropOldestDropsOldestElement(Capacity capacity, SendKind kind) throws Exception {
        List<Integer> dropped = new CopyOnWriteArrayList<>();
        Channel<Integer> ch = capacity.<Integer>builder()
                .overflow(Overflow.DROP_OLDEST)
                .onUndelivered(dropped::add)
                .build();
        int extra = 3;

        for (int i = 0; i < capacity.value() + extra; i++) {
            kind.send(ch, i);
        }

        assertThat(dropped).containsExactly(0, 1, 2);
        assertThat(ch.size()).isEqualTo(capacity.value());
        assertThat(Drain.remaining(ch)).containsExactlyElementsOf(
                IntStream.range(extra, capacity.value() + extra).boxed().toList());
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("bufferedCapacitiesAndSendKinds")
    void dropLatestDropsNewElement(Capacity capacity, SendKind kind) throws Exception {
        List<Integer> dropped = new CopyOnWriteArrayList<>();
        Channel<Integer> ch = capacity.<Integer>builder()
                .overflow(Overflow.DROP_LATEST)
                .onUndelivered(dropped::add)
                .build();
        int extra = 3;

        for (int i = 0; i < capacity.value() + extra; i++) {
            kind.send(ch, i);
        }

        assertThat(dropped).containsExactly(capacity.value(), capacity.value() + 1,
                capacity.value() + 2);
        assertThat(Drain.remaining(ch)).containsExactlyElementsOf(
                IntStream.range(0, capacity.value()).boxed().toList());
    }

    @ParameterizedTest
    @EnumSource(Overflow.class)
    void dropPolicyWithoutHandlerDropsSilently(Overflow overflow) throws Exception {
        Channel<Integer> ch = Channel.<Integer>builder().capacity(2).overflow(overflow).build();

        for (int i = 0; i < 2; i++) {
            ch.send(i);
        }
        if (overflow != Overflow.BLOCK) {
            ch.send(2);
        }

        assertThat(ch.size()).isEqualTo(2);
        List<Integer> expected = overflow == Overflow.DROP_OLDEST ? List.of(1, 2) : List.of(0, 1);
        assertThat(Drain.remaining(ch)).containsExactlyElementsOf(expected);
    }

    @ChannelMatrix(capacities = {ONE, TWO, SIXTEEN})
    void dropPolicyServesWaitingReceiver(Capacity capacity, ThreadKind threads) throws Exception {
        for (Overflow overflow : new Overflow[] {Overflow.DROP_OLDEST, Overflow.DROP_LATEST}) {
            List<Integer> dropped = new CopyOnWriteArrayList<>();
            Channel<Integer> ch = capacity.<Integer>builder()
                    .overflow(overflow)
                    .onUndelivered(dropped::add)
                    .build();
            AtomicReference<Integer> received = new AtomicReference<>();

            try (Workers receiver = Workers.startOne(threads, "receiver",
                    i -> received.set(ch.receive()))) {
                ChannelProbe.awaitReceivers(ch, 1);
                ch.send(7);
                receiver.join();
            }

            assertThat(received.get()).as("received under %s", overflow).isEqualTo(7);
            assertThat(dropped).as("dropped under %s", overflow).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(value = Overflow.class, names = {"DROP_OLDEST", "DROP_LATEST"})
    void dropPolicyOnUnlimitedChannelNeverDrops(Overflow overflow) throws Exception {
        List<Integer> dropped = new CopyOnWriteArrayList<>();
        Channel<Integer> ch = Channel.<Integer>builder()
                .unlimited()
                .overflow(overflow)
                .onUndelivered(dropped::add)
                .build();

        for (int i = 0; i < 1_000; i++) {
            ch.send(i);
        }

        assertThat(dropped).isEmpty();
        assertThat(ch.size()).isEqualTo(1_000);
    }

    /**
     * Several senders on a dropping channel while a receiver takes elements. Every element is
     * either received or dropped, exactly once, and the receiver gets each sender's elements in
     * that sender's order.
     */
    @ChannelMatrix(capacities = {ONE, TWO, SIXTEEN})
    void concurrentSendsEitherArriveOrReachHandlerExactlyOnce(Capacity capacity,
            ThreadKind threads) throws Exception {
        for (Overflow overflow : new Overflow[] {Overflow.DROP_OLDEST, Overflow.DROP_LATEST}) {
            Queue<Integer> dropped = new ConcurrentLinkedQueue<>();
            Channel<Integer> ch = capacity.<Integer>builder()
                    .overflow(overflow)
                    .onUndelivered(dropped::add)
                    .build();
            int senders = 3;
            int perSender = 2_000;
            List<Integer> received = new ArrayList<>();

            try (Workers sending = Workers.start(threads, "sender", senders, s -> {
                for (int seq = 0; seq < perSender; seq++) {
                    ch.send(s * perSender + seq);
                }
            }); Workers receiving = Workers.startOne(threads, "receiver", r -> {
                Integer value;
                while ((value = ch.receiveOrNull()) != null) {
                    received.add(value);
                }
            })) {
                sending.join();
                ch.close();
                receiving.join();
            }

            int[] hits = new int[senders * perSender];
            int[] lastSeq = new int[senders];
            Arrays.fill(lastSeq, -1);
            for (int value : received) {
                hits[value]++;
                assertThat(value % perSender).as("order of sender %d under %s",
                        value / perSender, overflow).isGreaterThan(lastSeq[value / perSender]);
                lastSeq[value / perSender] = value % perSender;
            }
            for (int value : dropped) {
                hits[value]++;
            }
            for (int value = 0; value < hits.length; value++) {
                assertThat(hits[value]).as("times value %d was received or dropped under %s",
                        value, overflow).isOne();
            }
        }
    }

    @Test
    void handlerMayUseTheChannel() throws Exception {
        List<Integer> sizesSeen = new CopyOnWriteArrayList<>();
        AtomicReference<Channel<Integer>> self = new AtomicReference<>();
        Channel<Integer> ch = Channel.<Integer>builder()
                .capacity(1)
                .overflow(Overflow.DROP_OLDEST)
                .onUndelivered(element -> sizesSeen.add(self.get().size()))
                .build();
        self.set(ch);

        ch.send(1);
        ch.send(2);

        assertThat(sizesSeen).containsExactly(1);
        assertThat(Drain.remaining(ch)).containsExactly(2);
    }

    @Test
    void handlerFailureGoesToUndeliverableErrorHook() throws Exception {
        Queue<Throwable> reported = new ConcurrentLinkedQueue<>();
        IllegalStateException failure = new IllegalStateException("handler failed");
        Channel<Integer> ch = Channel.<Integer>builder()
                .capacity(1)
                .overflow(Overflow.DROP_LATEST)
                .onUndelivered(element -> {
                    throw failure;
                })
                .build();
        Consumer<? super Throwable> previous = ChannelHooks.getUndeliverableErrorHandler();
        ChannelHooks.setUndeliverableErrorHandler(reported::add);
        try {
            ch.send(1);
            ch.send(2);
        } finally {
            ChannelHooks.setUndeliverableErrorHandler(previous);
        }

        assertThat(reported).containsExactly(failure);
        assertThat(Drain.remaining(ch)).containsExactly(1);
    }
}
