package chanstream.core.patterns;

import static chanstream.core.patterns.PatternSupport.drain;
import static chanstream.core.patterns.PatternSupport.joined;
import static chanstream.core.patterns.PatternSupport.start;
import static chanstream.core.patterns.PatternSupport.threads;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chanstream.core.Channel;
import chanstream.core.ChannelClosedException;
import chanstream.core.Channels;
import chanstream.core.ReceiveChannel;
import chanstream.core.Select;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link Channels#merge}: fan-in without a thread. */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
@ExtendWith(NoTaskLeftRunning.class)
class MergeTest {

    private static final int SOURCES = 3;

    private static final int PER_SOURCE = 300;

    @ParameterizedTest(name = "capacity {0}, virtual {1}")
    @MethodSource("chanstream.core.patterns.PatternSupport#capacitiesAndThreads")
    void deliversEveryElementOnceInPerSourceOrder(int capacity, boolean virtual)
            throws Exception {
        ThreadFactory threads = threads(virtual);
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        List<Channel<Integer>> sources = new ArrayList<>();
        List<Thread> producers = new ArrayList<>();
        for (int s = 0; s < SOURCES; s++) {
            Channel<Integer> source = Channel.buffered(capacity);
            sources.add(source);
            int base = s * PER_SOURCE;
            producers.add(start(threads, errors, () -> {
                for (int i = 0; i < PER_SOURCE; i++) {
                    source.send(base + i);
                }
                source.close();
            }));
        }

        List<Integer> merged = drain(Channels.merge(sources));

        for (Thread producer : producers) {
            assertThat(joined(producer)).isTrue();
        }
        assertThat(errors).isEmpty();
        assertThat(merged).hasSize(SOURCES * PER_SOURCE).doesNotHaveDuplicates();
        Map<Integer, Integer> lastOfSource = new HashMap<>();
        for (int element : merged) {
            int source = element / PER_SOURCE;
            Integer previous = lastOfSource.put(source, element);
            assertThat(previous == null || previous < element)
                    .as("source %d: %s after %s", source, element, previous).isTrue();
        }
    }

    @Test
    void closesOnlyWhenEverySourceClosed() throws Exception {
        Channel<Integer> first = Channel.buffered(1);
        Channel<Integer> second = Channel.buffered(1);
        ReceiveChannel<Integer> merged = Channels.merge(first, second);

        first.close();
        assertThat(merged.tryReceive()).isNull();
        assertThat(merged.isClosedForReceive()).as("one source open").isFalse();
        second.send(2);
        assertThat(merged.receive()).isEqualTo(2);
        second.close();

        assertThat(merged.receiveOrNull()).isNull();
        assertThat(merged.isClosedForReceive()).isTrue();
    }

    @Test
    void sourceClosedWithCauseFailsTheMerge() throws Exception {
        Channel<Integer> healthy = Channel.unbuffered();
        Channel<Integer> failing = Channel.unbuffered();
        ReceiveChannel<Integer> merged = Channels.merge(healthy, failing);
        IllegalStateException cause = new IllegalStateException("source failed");

        failing.close(cause);

        assertThatThrownBy(merged::receiveOrNull)
                .isInstanceOf(ChannelClosedException.class)
                .hasCause(cause);
        assertThatThrownBy(merged::receive).hasCause(cause);
        assertThat(merged.isClosedForReceive()).isTrue();
    }

    @Test
    void noSourceIsRejected() {
        assertThatThrownBy(() -> Channels.<Integer>merge())
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void cancellingTheMergeCancelsEverySource() {
        Channel<Integer> first = Channel.buffered(1);
        Channel<Integer> second = Channel.buffered(1);

        Channels.merge(first, second).cancel();

        assertThat(first.isClosedForSend()).isTrue();
        assertThat(second.isClosedForSend()).isTrue();
    }

    @Test
    void worksInSelectAndAsDoneChannel() throws Exception {
        Channel<Integer> first = Channel.buffered(1);
        Channel<Integer> second = Channel.buffered(1);
        ReceiveChannel<Integer> merged = Channels.merge(first, second);
        second.send(9);

        assertThat(Select.select(merged.onReceive(element -> element),
                Select.onTimeout(Duration.ofSeconds(10), () -> -1))).isEqualTo(9);

        Channel<Integer> source = Channel.buffered(1);
        source.send(1);
        ReceiveChannel<Integer> view = Channels.orDone(merged, source);
        first.close();
        second.close();
        assertThat(view.receiveOrNull()).as("merge closed, so the view fired").isNull();
    }
}
