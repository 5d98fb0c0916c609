package chanstream.core;

import static org.assertj.core.api.Assertions.assertThat;

import chanstream.core.testing.Capacity;
import chanstream.core.testing.Rounds;
import chanstream.core.testing.ThreadKind;
import chanstream.core.testing.Workers;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link ReceiveChannel#size()} and {@link ReceiveChannel#capacity()}: Go's len and cap.
 */
@Timeout(60)
class SizeAndCapacityTest {

    @ParameterizedTest
    @EnumSource(Capacity.class)
    void capacityReportsTheBufferSize(Capacity capacity) {
        assertThat(capacity.newChannel().capacity()).isEqualTo(capacity.value());
        assertThat(capacity.builder().build().capacity()).isEqualTo(capacity.value());
    }

    @Test
    void unlimitedChannelReportsMaxIntCapacity() {
        assertThat(Channel.unlimited().capacity()).isEqualTo(Integer.MAX_VALUE);
        assertThat(Channel.builder().unlimited().build().capacity()).isEqualTo(Integer.MAX_VALUE);
        assertThat(Channel.buffered(Integer.MAX_VALUE).capacity()).isEqualTo(Integer.MAX_VALUE);
    }

    @ParameterizedTest
    @EnumSource(Capacity.class)
    void sizeCountsBufferedElements(Capacity capacity) throws Exception {
        Channel<Integer> ch = capacity.newChannel();
        assertThat(ch.size()).isZero();

        for (int i = 0; i < capacity.fill(); i++) {
            ch.send(i);
            assertThat(ch.size()).isEqualTo(i + 1);
        }
        for (int i = capacity.fill(); i > 0; i--) {
            ch.receive();
            assertThat(ch.size()).isEqualTo(i - 1);
        }
    }

    @ParameterizedTest
    @EnumSource(Capacity.class)
    void sizeAndCapacityKeepTheirMeaningAfterClose(Capacity capacity) throws Exception {
        Channel<Integer> ch = capacity.newChannel();
        int buffered = Math.min(capacity.fill(), 3);
        for (int i = 0; i < buffered; i++) {
            ch.send(i);
        }

        ch.close();

        assertThat(ch.size()).isEqualTo(buffered);
        assertThat(ch.capacity()).isEqualTo(capacity.value());
    }

    @ParameterizedTest
    @EnumSource(Capacity.class)
    void cancelEmptiesTheBuffer(Capacity capacity) throws Exception {
        Channel<Integer> ch = capacity.newChannel();
        for (int i = 0; i < capacity.fill(); i++) {
            ch.send(i);
        }

        ch.cancel();

        assertThat(ch.size()).isZero();
        assertThat(ch.capacity()).isEqualTo(capacity.value());
    }

    /**
     * A thread polling {@code size()} must eventually see a send made by another thread. The
     * poller's loop is compiled before the send, so that a {@code size()} that reads its count
     * without synchronisation can be hoisted out of the loop and never see the change. Each
     * round polls for at most two seconds.
     */
    @Test
    void sizePolledByAnotherThreadSeesTheSend() {
        Rounds.run(3, round -> {
            Channel<Integer> polled = Channel.buffered(4);
            Channel<Integer> warmUp = Channel.buffered(4);
            CountDownLatch compiled = new CountDownLatch(1);
            AtomicBoolean seen = new AtomicBoolean();

            try (Workers poller = Workers.startOne(ThreadKind.PLATFORM, "poller", i -> {
                for (int pass = 0; pass < 200; pass++) {
                    pollUntilNonEmpty(warmUp, Duration.ofNanos(100_000));
                }
                compiled.countDown();
                seen.set(pollUntilNonEmpty(polled, Duration.ofSeconds(2)));
            })) {
                compiled.await();
                polled.send(1);
                poller.join();
            }

            assertThat(seen).as("size() seen non-zero by the polling thread").isTrue();
        });
    }

    private static boolean pollUntilNonEmpty(ReceiveChannel<?> channel, Duration bound) {
        long deadline = System.nanoTime() + bound.toNanos();
        for (long i = 0; ; i++) {
            if (channel.size() != 0) {
                return true;
            }
            if ((i & 0xFFFF) == 0 && System.nanoTime() - deadline > 0) {
                return false;
            }
        }
    }
}
