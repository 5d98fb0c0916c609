package chanstream.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chanstream.core.internal.ChannelProbe;
import chanstream.core.testing.Capacity;
import chanstream.core.testing.ChannelMatrix;
import chanstream.core.testing.ThreadKind;
import chanstream.core.testing.Workers;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@link ReceiveChannel#forEach}: Go's {@code for v := range ch}. */
@Timeout(60)
class ForEachTest {

    @ChannelMatrix
    void forEachReceivesEveryElementUntilClosed(Capacity capacity, ThreadKind threads)
            throws Exception {
        Channel<Integer> ch = capacity.newChannel();
        int count = 1_000;
        List<Integer> received = new ArrayList<>();

        try (Workers receiver = Workers.startOne(threads, "range", i -> ch.forEach(received::add));
                Workers sender = Workers.startOne(threads, "sender", i -> {
                    try (Channel<Integer> owned = ch) {
                        for (int value = 0; value < count; value++) {
                            owned.send(value);
                        }
                    }
                })) {
            sender.join();
            receiver.join();
        }

        assertThat(received).containsExactlyElementsOf(IntStream.range(0, count).boxed().toList());
    }

    @ParameterizedTest
    @EnumSource(Capacity.class)
    void forEachOnClosedDrainedChannelReturnsAtOnce(Capacity capacity) throws Exception {
        Channel<Integer> ch = capacity.newChannel();
        ch.close();
        List<Integer> received = new ArrayList<>();

        ch.forEach(received::add);

        assertThat(received).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Capacity.class)
    void forEachDrainsThenThrowsCloseCause(Capacity capacity) throws Exception {
        Channel<Integer> ch = capacity.newChannel();
        int buffered = Math.min(capacity.fill(), 3);
        for (int i = 0; i < buffered; i++) {
            ch.send(i);
        }
        IllegalStateException cause = new IllegalStateException("producer failed");
        ch.close(cause);
        List<Integer> received = new ArrayList<>();

        assertThatThrownBy(() -> ch.forEach(received::add))
                .isInstanceOf(ChannelClosedException.class)
                .cause().isSameAs(cause);

        assertThat(received).containsExactlyElementsOf(
                IntStream.range(0, buffered).boxed().toList());
    }

    @ParameterizedTest
    @EnumSource(Capacity.class)
    void forEachEndsNormallyAfterCancel(Capacity capacity) throws Exception {
        Channel<Integer> ch = capacity.newChannel();
        ch.cancel();

        ch.forEach(element -> {
            throw new AssertionError("no element after cancel, got " + element);
        });

        assertThat(ch.isClosedForReceive()).isTrue();
    }

    @ChannelMatrix
    void interruptStopsWaitingForEach(Capacity capacity, ThreadKind threads) throws Exception {
        Channel<Integer> ch = capacity.newChannel();
        AtomicReference<Throwable> failure = new AtomicReference<>();

        try (Workers range = Workers.startOne(threads, "range", i -> {
            try {
                ch.forEach(element -> { });
            } catch (InterruptedException expected) {
                failure.set(expected);
            }
        })) {
            ChannelProbe.awaitReceivers(ch, 1);
            range.interruptAll();
            range.join();
        }

        assertThat(failure.get()).isInstanceOf(InterruptedException.class);
        assertThat(ChannelProbe.queues(ch)).isEqualTo(ChannelProbe.Queues.EMPTY);
    }

    @ParameterizedTest
    @EnumSource(Capacity.class)
    void forEachOnInterruptedThreadThrowsAtOnce(Capacity capacity) throws Exception {
        Channel<Integer> ch = capacity.newChannel();
        if (!capacity.isUnbuffered()) {
            ch.send(1);
        }
        List<Integer> received = new ArrayList<>();

        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> ch.forEach(received::add))
                    .isInstanceOf(InterruptedException.class);
        } finally {
            Thread.interrupted();
        }

        assertThat(received).isEmpty();
        assertThat(ch.size()).isEqualTo(capacity.isUnbuffered() ? 0 : 1);
    }

    @ParameterizedTest
    @EnumSource(Capacity.class)
    void forEachNullActionIsRejected(Capacity capacity) {
        Channel<Integer> ch = capacity.newChannel();

        assertThatThrownBy(() -> ch.forEach(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("action");
    }

    @ParameterizedTest
    @EnumSource(value = Capacity.class, names = {"ONE", "TWO", "SIXTEEN", "UNLIMITED"})
    void actionExceptionStopsForEach(Capacity capacity) throws Exception {
        Channel<Integer> ch = capacity.newChannel();
        int buffered = Math.min(capacity.fill(), 3);
        for (int i = 0; i < buffered; i++) {
            ch.send(i);
        }
        IllegalArgumentException stop = new IllegalArgumentException("stop");

        assertThatThrownBy(() -> ch.forEach(element -> {
            throw stop;
        })).isSameAs(stop);

        assertThat(ch.size()).isEqualTo(buffered - 1);
    }
}
