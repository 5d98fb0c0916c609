package chanstream.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import chanstream.core.Channel;
import chanstream.core.testing.Capacity;
import chanstream.core.testing.Drain;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The ring buffer inside {@link ChannelImpl}: allocated on first use, grown by doubling up to
 * the capacity, released by cancel, and FIFO across wrap-around and growth.
 */
@Timeout(60)
class ChannelImplBufferTest {

    @ParameterizedTest
    @EnumSource(Capacity.class)
    void newChannelHoldsNoBufferArray(Capacity capacity) {
        ChannelImpl<Integer> ch = (ChannelImpl<Integer>) capacity.<Integer>newChannel();

        assertThat(ch.bufferArrayLength()).isZero();
    }

    @Test
    void unbufferedChannelNeverAllocatesBufferArray() throws Exception {
        ChannelImpl<Integer> ch = (ChannelImpl<Integer>) Channel.<Integer>unbuffered();

        ch.sendAsync(1);
        assertThat(ch.receive()).isOne();
        assertThat(ch.trySend(2)).isFalse();

        assertThat(ch.bufferArrayLength()).isZero();
    }

    @ParameterizedTest
    @EnumSource(value = Capacity.class, names = {"ONE", "TWO", "SIXTEEN", "UNLIMITED"})
    void bufferArrayGrowsUpToCapacity(Capacity capacity) throws Exception {
        ChannelImpl<Integer> ch = (ChannelImpl<Integer>) capacity.<Integer>newChannel();
        int sends = Math.min(capacity.fill(), 40);

        for (int i = 0; i < sends; i++) {
            ch.send(i);
            assertThat(ch.bufferArrayLength()).as("array length after %d sends", i + 1)
                    .isLessThanOrEqualTo(capacity.value())
                    .isGreaterThanOrEqualTo(i + 1)
                    .isLessThanOrEqualTo(Math.max(8, 2 * (i + 1)));
        }
    }

    @ParameterizedTest
    @EnumSource(Capacity.class)
    void cancelReleasesBufferArray(Capacity capacity) throws Exception {
        ChannelImpl<Integer> ch = (ChannelImpl<Integer>) capacity.<Integer>newChannel();
        for (int i = 0; i < capacity.fill(); i++) {
            ch.send(i);
        }

        ch.cancel();

        assertThat(ch.bufferArrayLength()).isZero();
    }

    /**
     * Interleaves sends and receives at random, so that the head of the ring moves around the
     * array and the array grows while its contents wrap. Throughout, the channel must behave
     * like a FIFO queue of the same capacity.
     */
    @ParameterizedTest
    @EnumSource(value = Capacity.class, names = {"ONE", "TWO", "SIXTEEN", "UNLIMITED"})
    void ringStaysFifoAcrossWrapAroundAndGrowth(Capacity capacity) {
        Random random = new Random(42);
        ChannelImpl<Integer> ch = (ChannelImpl<Integer>) capacity.<Integer>newChannel();
        Deque<Integer> model = new ArrayDeque<>();
        int bound = capacity.isUnlimited() ? 1_000 : capacity.value();
        int next = 0;

        for (int step = 0; step < 20_000; step++) {
            boolean send = model.isEmpty() || (model.size() < bound && random.nextInt(100) < 55);
            if (send) {
                assertThat(ch.trySend(next)).as("trySend at step %d", step).isTrue();
                model.addLast(next++);
            } else {
                assertThat(ch.tryReceive()).as("tryReceive at step %d", step)
                        .isEqualTo(model.removeFirst());
            }
            assertThat(ch.size()).as("size at step %d", step).isEqualTo(model.size());
        }

        List<Integer> expected = new ArrayList<>(model);
        assertThat(Drain.remaining(ch)).containsExactlyElementsOf(expected);
    }
}
