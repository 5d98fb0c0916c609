package chanstream.core;

import static chanstream.core.testing.Capacity.UNBUFFERED;
import static org.assertj.core.api.Assertions.assertThat;

import chanstream.core.internal.ChannelProbe;
import chanstream.core.testing.Capacity;
import chanstream.core.testing.ChannelMatrix;
import chanstream.core.testing.ThreadKind;
import chanstream.core.testing.Workers;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link ReceiveChannel#tryReceive()}: takes a ready element without waiting, and tells nothing
 * ready from closed only through {@link ReceiveChannel#isClosedForReceive()}.
 */
@Timeout(60)
class TryReceiveTest {

    @ParameterizedTest
    @EnumSource(Capacity.class)
    void tryReceiveOnEmptyOpenChannelReturnsNull(Capacity capacity) {
        Channel<String> ch = capacity.newChannel();

        assertThat(ch.tryReceive()).isNull();

        assertThat(ch.isClosedForReceive()).isFalse();
        assertThat(ChannelProbe.queues(ch)).isEqualTo(ChannelProbe.Queues.EMPTY);
    }

    @ParameterizedTest
    @EnumSource(Capacity.class)
    void tryReceiveOnClosedDrainedChannelReturnsNull(Capacity capacity) {
        Channel<String> ch = capacity.newChannel();
        ch.close();

        assertThat(ch.tryReceive()).isNull();

        assertThat(ch.isClosedForReceive()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(Capacity.class)
    void tryReceiveIgnoresCloseCause(Capacity capacity) {
        Channel<String> ch = capacity.newChannel();
        ch.close(new IllegalStateException("failed"));

        assertThat(ch.tryReceive()).isNull();

        assertThat(ch.isClosedForReceive()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(value = Capacity.class, names = {"ONE", "TWO", "SIXTEEN", "UNLIMITED"})
    void tryReceiveDrainsClosedChannelInOrder(Capacity capacity) throws Exception {
        Channel<Integer> ch = capacity.newChannel();
        int buffered = Math.min(capacity.fill(), 4);
        for (int i = 0; i < buffered; i++) {
            ch.send(i);
        }
        ch.close();

        for (int i = 0; i < buffered; i++) {
            assertThat(ch.isClosedForReceive()).isFalse();
            assertThat(ch.tryReceive()).isEqualTo(i);
        }
        assertThat(ch.tryReceive()).isNull();
        assertThat(ch.isClosedForReceive()).isTrue();
    }

    @ChannelMatrix(capacities = UNBUFFERED)
    void tryReceiveTakesFromWaitingSenderAndReleasesIt(Capacity capacity, ThreadKind threads)
            throws Exception {
        Channel<String> ch = capacity.newChannel();

        try (Workers sender = Workers.startOne(threads, "sender", i -> ch.send("waiting"))) {
            ChannelProbe.awaitSenders(ch, 1);
            assertThat(ch.tryReceive()).isEqualTo("waiting");
            sender.join();
        }
        assertThat(ChannelProbe.queues(ch)).isEqualTo(ChannelProbe.Queues.EMPTY);
        assertThat(ch.tryReceive()).isNull();
    }

    @ParameterizedTest
    @EnumSource(Capacity.class)
    void tryReceiveIgnoresInterruptStatus(Capacity capacity) {
        Channel<String> ch = capacity.newChannel();

        Thread.currentThread().interrupt();
        try {
            assertThat(ch.tryReceive()).isNull();
            assertThat(Thread.currentThread().isInterrupted())
                    .as("interrupt status after tryReceive").isTrue();
        } finally {
            Thread.interrupted();
        }
    }
}
