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
import chanstream.core.testing.Rounds;
import chanstream.core.testing.ThreadKind;
import chanstream.core.testing.Workers;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link ReceiveChannel#cancel()}: the receiver gives up, the buffer is discarded, every blocked
 * party is woken, and every element that entered the channel is either received or passed to
 * the undelivered handler.
 */
@Timeout(60)
class CancelTest {

    @ParameterizedTest
    @EnumSource(Capacity.class)
    void cancelDiscardsBufferToHandlerInOrder(Capacity capacity) throws Exception {
        List<Integer> undelivered = new CopyOnWriteArrayList<>();
        Channel<Integer> ch = capacity.<Integer>builder().onUndelivered(undelivered::add).build();
        for (int i = 0; i < capacity.fill(); i++) {
            ch.send(i);
        }

        ch.cancel();

        assertThat(undelivered).containsExactlyElementsOf(
                IntStream.range(0, capacity.fill()).boxed().toList());
        assertThat(ch.size()).isZero();
        assertThat(ch.isClosedForSend()).isTrue();
        assertThat(ch.isClosedForReceive()).isTrue();
        assertThat(ch.tryReceive()).isNull();
    }

    @ParameterizedTest
    @EnumSource(Capacity.class)
    void cancelCountsAsCloseWithoutCause(Capacity capacity) throws Exception {
        Channel<String> ch = capacity.newChannel();

        ch.cancel();

        assertThat(ch.receiveOrNull()).isNull();
        assertThatThrownBy(ch::receive).isInstanceOf(ChannelClosedException.class).hasNoCause();
        assertThatThrownBy(() -> ch.send("x")).isInstanceOf(ChannelClosedException.class);
    }

    @ParameterizedTest
    @EnumSource(Capacity.class)
    void closeWithCauseAfterCancelDoesNothing(Capacity capacity) throws Exception {
        Channel<String> ch = capacity.newChannel();

        ch.cancel();
        ch.close(new IllegalStateException("too late"));

        assertThat(ch.receiveOrNull()).isNull();
    }

    @ParameterizedTest
    @EnumSource(Capacity.class)
    void cancelAfterCloseKeepsCause(Capacity capacity) throws Exception {
        List<Integer> undelivered = new CopyOnWriteArrayList<>();
        Channel<Integer> ch = capacity.<Integer>builder().onUndelivered(undelivered::add).build();
        int buffered = Math.min(capacity.fill(), 3);
        for (int i = 0; i < buffered; i++) {
            ch.send(i);
        }
        IllegalStateException cause = new IllegalStateException("producer failed");
        ch.close(cause);

        ch.cancel();

        assertThat(undelivered).containsExactlyElementsOf(
                IntStream.range(0, buffered).boxed().toList());
        assertThatThrownBy(ch::receive).cause().isSameAs(cause);
        assertThatThrownBy(ch::receiveOrNull).cause().isSameAs(cause);
    }

    @ParameterizedTest
    @EnumSource(Capacity.class)
    void cancelAfterPlainCloseDiscardsBuffer(Capacity capacity) throws Exception {
        List<Integer> undelivered = new CopyOnWriteArrayList<>();
        Channel<Integer> ch = capacity.<Integer>builder().onUndelivered(undelivered::add).build();
        int buffered = Math.min(capacity.fill(), 3);
        for (int i = 0; i < buffered; i++) {
            ch.send(i);
        }
        ch.close();

        ch.cancel();

        assertThat(undelivered).hasSize(buffered);
        assertThat(ch.receiveOrNull()).isNull();
    }

    @ParameterizedTest
    @EnumSource(Capacity.class)
    void cancelTwiceDiscardsEachElementOnce(Capacity capacity) throws Exception {
        List<Integer> undelivered = new CopyOnWriteArrayList<>();
        Channel<Integer> ch = capacity.<Integer>builder().onUndelivered(undelivered::add).build();
        for (int i = 0; i < capacity.fill(); i++) {
            ch.send(i);
        }

        ch.cancel();
        ch.cancel();

        assertThat(undelivered).hasSize(capacity.fill());
    }

    @ChannelMatrix(capacities = {UNBUFFERED, ONE, TWO, SIXTEEN})
    void cancelHandsBlockedSendersElements(Capacity capacity, ThreadKind threads) throws Exception {
        Queue<Integer> undelivered = new ConcurrentLinkedQueue<>();
        Channel<Integer> ch = capacity.<Integer>builder().onUndelivered(undelivered::add).build();
        for (int i = 0; i < capacity.value(); i++) {
            ch.send(i);
        }
        int senders = 6;
        AtomicInteger failed = new AtomicInteger();

        try (Workers sending = Workers.start(threads, "sender", senders, i -> {
            assertThatThrownBy(() -> ch.send(100 + i))
                    .isInstanceOf(ChannelClosedException.class);
            failed.incrementAndGet();
        })) {
            ChannelProbe.awaitSenders(ch, senders);
            ch.cancel();
            sending.join();
        }

        assertThat(failed).hasValue(senders);
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < capacity.value(); i++) {
            expected.add(i);
        }
        for (int i = 0; i < senders; i++) {
            expected.add(100 + i);
        }
        assertThat(undelivered).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(ChannelProbe.queues(ch)).isEqualTo(ChannelProbe.Queues.EMPTY);
    }

    @ChannelMatrix
    void cancelWakesBlockedReceivers(Capacity capacity, ThreadKind threads) throws Exception {
        Channel<String> ch = capacity.newChannel();
        int receivers = 6;
        AtomicInteger woken = new AtomicInteger();

        try (Workers receiving = Workers.start(threads, "receiver", receivers, i -> {
            if (i % 2 == 0) {
                assertThatThrownBy(ch::receive).isInstanceOf(ChannelClosedException.class);
            } else {
                assertThat(ch.receiveOrNull()).isNull();
            }
            woken.incrementAndGet();
        })) {
            ChannelProbe.awaitReceivers(ch, receivers);
            ch.cancel();
            receiving.join();
        }

        assertThat(woken).hasValue(receivers);
    }

    /**
     * Senders race a receiver that cancels part way. Every element ends in exactly one place:
     * received, passed to the undelivered handler (discarded from the buffer, or carried by a
     * sender that cancel woke), or rejected by a send that failed on entry. Every send that
     * returned normally was received or discarded.
     */
    @ChannelMatrix
    void everyElementAccountedForOnce(Capacity capacity, ThreadKind threads) {
        int senders = 3;
        int perSender = 200;
        int total = senders * perSender;
        Rounds.run(20, round -> {
            AtomicIntegerArray undelivered = new AtomicIntegerArray(total);
            AtomicIntegerArray received = new AtomicIntegerArray(total);
            AtomicIntegerArray sentOk = new AtomicIntegerArray(total);
            AtomicIntegerArray failed = new AtomicIntegerArray(total);
            Channel<Integer> ch = capacity.<Integer>builder()
                    .onUndelivered(value -> undelivered.incrementAndGet(value))
                    .build();
            int receiveBeforeCancel = (round * 37) % total;

            try (Workers sending = Workers.start(threads, "sender", senders, s -> {
                for (int seq = 0; seq < perSender; seq++) {
                    int value = s * perSender + seq;
                    try {
                        ch.send(value);
                        sentOk.incrementAndGet(value);
                    } catch (ChannelClosedException closed) {
                        failed.incrementAndGet(value);
                    }
                }
            })) {
                for (int i = 0; i < receiveBeforeCancel; i++) {
                    received.incrementAndGet(ch.receive());
                }
                ch.cancel();
                sending.join();
            }

            int receivedCount = 0;
            int undeliveredCount = 0;
            int sentOkCount = 0;
            int wokenCount = 0;
            for (int value = 0; value < total; value++) {
                int r = received.get(value);
                int u = undelivered.get(value);
                int s = sentOk.get(value);
                int f = failed.get(value);
                assertThat(s + f).as("send outcomes of %d", value).isOne();
                assertThat(r + u).as("times %d was received or undelivered", value)
                        .isLessThanOrEqualTo(1);
                if (s == 1) {
                    assertThat(r + u).as("sent %d received or undelivered", value).isOne();
                }
                if (r == 1) {
                    assertThat(s).as("received %d was sent normally", value).isOne();
                }
                receivedCount += r;
                undeliveredCount += u;
                sentOkCount += s;
                wokenCount += f * u;
            }
            assertThat(receivedCount).isEqualTo(receiveBeforeCancel);
            assertThat(receivedCount + undeliveredCount).isEqualTo(sentOkCount + wokenCount);
            assertThat(ChannelProbe.queues(ch)).isEqualTo(ChannelProbe.Queues.EMPTY);
        });
    }

    @ParameterizedTest
    @EnumSource(value = Capacity.class, names = {"ONE", "TWO", "SIXTEEN", "UNLIMITED"})
    void handlerRunsAfterCancelWithoutLock(Capacity capacity) throws Exception {
        AtomicReference<Channel<Integer>> self = new AtomicReference<>();
        List<String> seen = new CopyOnWriteArrayList<>();
        Channel<Integer> ch = capacity.<Integer>builder()
                .onUndelivered(element -> {
                    Channel<Integer> channel = self.get();
                    seen.add(element + ": size " + channel.size() + ", closed "
                            + channel.isClosedForSend());
                    assertThatThrownBy(() -> channel.trySend(element))
                            .isInstanceOf(ChannelClosedException.class);
                })
                .build();
        self.set(ch);
        ch.send(1);

        ch.cancel();

        assertThat(seen).containsExactly("1: size 0, closed true");
    }

    @ParameterizedTest
    @EnumSource(Capacity.class)
    void cancelWithoutHandlerDiscardsSilently(Capacity capacity) throws Exception {
        Channel<Integer> ch = capacity.newChannel();
        for (int i = 0; i < capacity.fill(); i++) {
            ch.send(i);
        }

        ch.cancel();

        assertThat(ch.size()).isZero();
        assertThat(ch.receiveOrNull()).isNull();
    }
}
