package chanstream.core;

import static chanstream.core.testing.Capacity.UNBUFFERED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chanstream.core.internal.ChannelProbe;
import chanstream.core.testing.Capacity;
import chanstream.core.testing.ChannelMatrix;
import chanstream.core.testing.Drain;
import chanstream.core.testing.ThreadKind;
import chanstream.core.testing.Workers;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link SendChannel#trySend(Object)}: succeeds only without waiting, never blocks, and throws
 * on a closed channel.
 */
@Timeout(60)
class TrySendTest {

    @Test
    void trySendWithoutReceiverReturnsFalse() throws Exception {
        Channel<String> ch = Channel.unbuffered();

        assertThat(ch.trySend("lost")).isFalse();

        assertThat(ch.size()).isZero();
        assertThat(ChannelProbe.queues(ch)).isEqualTo(ChannelProbe.Queues.EMPTY);
        assertThat(ch.tryReceive()).isNull();
    }

    @ChannelMatrix(capacities = UNBUFFERED)
    void trySendHandsElementToWaitingReceiver(Capacity capacity, ThreadKind threads)
            throws Exception {
        Channel<String> ch = capacity.newChannel();
        AtomicReference<String> received = new AtomicReference<>();

        try (Workers receiver = Workers.startOne(threads, "receiver",
                i -> received.set(ch.receive()))) {
            ChannelProbe.awaitReceivers(ch, 1);
            assertThat(ch.trySend("a")).isTrue();
            receiver.join();
        }
        assertThat(received.get()).isEqualTo("a");
    }

    @ChannelMatrix(capacities = UNBUFFERED)
    void elementRejectedByTrySendNeverReachesLaterReceiver(Capacity capacity, ThreadKind threads)
            throws Exception {
        Channel<String> ch = capacity.newChannel();
        assertThat(ch.trySend("rejected")).isFalse();
        AtomicReference<String> received = new AtomicReference<>();

        try (Workers receiver = Workers.startOne(threads, "receiver",
                i -> received.set(ch.receive()))) {
            ChannelProbe.awaitReceivers(ch, 1);
            ch.send("accepted");
            receiver.join();
        }
        assertThat(received.get()).isEqualTo("accepted");
    }

    @ParameterizedTest
    @EnumSource(value = Capacity.class, names = {"ONE", "TWO", "SIXTEEN"})
    void trySendSucceedsUntilBufferIsFull(Capacity capacity) {
        Channel<Integer> ch = capacity.newChannel();

        for (int i = 0; i < capacity.value(); i++) {
            assertThat(ch.trySend(i)).as("trySend number %d", i).isTrue();
        }
        assertThat(ch.trySend(-1)).isFalse();

        assertThat(ch.size()).isEqualTo(capacity.value());
        assertThat(ChannelProbe.queues(ch)).isEqualTo(ChannelProbe.Queues.EMPTY);
        assertThat(Drain.remaining(ch)).doesNotContain(-1).hasSize(capacity.value());
    }

    @Test
    void trySendOnUnlimitedChannelAlwaysSucceeds() {
        Channel<Integer> ch = Channel.unlimited();

        for (int i = 0; i < 10_000; i++) {
            assertThat(ch.trySend(i)).isTrue();
        }

        assertThat(ch.size()).isEqualTo(10_000);
    }

    @ParameterizedTest
    @EnumSource(Capacity.class)
    void trySendOnClosedChannelThrows(Capacity capacity) {
        Channel<String> ch = capacity.<String>builder().name("cows").build();
        ch.close();

        assertThatThrownBy(() -> ch.trySend("x"))
                .isInstanceOf(ChannelClosedException.class)
                .hasMessageContaining("'cows'");
        assertThat(ch.size()).isZero();
    }

    @ParameterizedTest
    @EnumSource(Capacity.class)
    void trySendCarriesCloseCause(Capacity capacity) {
        Channel<String> ch = capacity.newChannel();
        RuntimeException cause = new RuntimeException("upstream failed");
        ch.close(cause);

        assertThatThrownBy(() -> ch.trySend("x"))
                .isInstanceOf(ChannelClosedException.class)
                .cause().isSameAs(cause);
    }

    @ParameterizedTest
    @EnumSource(Capacity.class)
    void trySendOnCancelledChannelThrows(Capacity capacity) {
        Channel<String> ch = capacity.newChannel();
        ch.cancel();

        assertThatThrownBy(() -> ch.trySend("x")).isInstanceOf(ChannelClosedException.class);
    }

    @ParameterizedTest
    @EnumSource(Capacity.class)
    void trySendNullIsRejected(Capacity capacity) {
        Channel<String> ch = capacity.newChannel();

        assertThatThrownBy(() -> ch.trySend(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("element");
    }

    @ParameterizedTest
    @EnumSource(value = Capacity.class, names = {"UNBUFFERED", "ONE", "TWO", "SIXTEEN"})
    void trySendIgnoresInterruptStatus(Capacity capacity) {
        Channel<Integer> ch = capacity.newChannel();
        for (int i = 0; i < capacity.value(); i++) {
            ch.trySend(i);
        }

        Thread.currentThread().interrupt();
        try {
            assertThat(ch.trySend(-1)).isFalse();
            assertThat(Thread.currentThread().isInterrupted())
                    .as("interrupt status after trySend").isTrue();
        } finally {
            Thread.interrupted();
        }
    }
}
