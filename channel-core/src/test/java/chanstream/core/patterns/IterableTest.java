package chanstream.core.patterns;

import static org.assertj.core.api.Assertions.assertThat;

import chanstream.core.Channel;
import chanstream.core.Channels;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Spliterator;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link Channels#iterable}: a lazy, single-pass view of a channel. */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
@ExtendWith(NoTaskLeftRunning.class)
class IterableTest {

    @ParameterizedTest(name = "capacity {0}")
    @MethodSource("bufferedCapacities")
    void creatingAnIteratorConsumesNothing(int capacity) throws Exception {
        Channel<Integer> channel = Channel.buffered(capacity);
        channel.send(1);
        channel.send(2);
        Iterable<Integer> iterable = Channels.iterable(channel);

        Iterator<Integer> thrownAway = iterable.iterator();
        Spliterator<Integer> spliterator = iterable.spliterator();

        assertThat(thrownAway).isNotNull();
        assertThat(spliterator.hasCharacteristics(Spliterator.SIZED)).as("SIZED").isFalse();
        assertThat(channel.size()).as("elements left").isEqualTo(2);
    }

    static IntStream bufferedCapacities() {
        return IntStream.of(2, 16, PatternSupport.UNLIMITED);
    }

    @ParameterizedTest(name = "capacity {0}")
    @MethodSource("bufferedCapacities")
    void yieldsEveryElementOnceUntilClosed(int capacity) throws Exception {
        Channel<Integer> channel = Channel.buffered(capacity);
        channel.send(1);
        channel.send(2);
        channel.close();

        List<Integer> elements = new ArrayList<>();
        for (Integer element : Channels.iterable(channel)) {
            elements.add(element);
        }

        assertThat(elements).containsExactly(1, 2);
        assertThat(Channels.iterable(channel)).as("second pass").isEmpty();
    }

    @Test
    void streamsLazilyFromAProducer() throws Exception {
        Channel<Object> done = Channel.unbuffered();
        try {
            List<Integer> firstThree = StreamSupport
                    .stream(Channels.iterable(Channels.generator(done, 1, 2, 3, 4, 5))
                            .spliterator(), false)
                    .limit(3)
                    .toList();

            assertThat(firstThree).containsExactly(1, 2, 3);
        } finally {
            done.close();
        }
    }

    @Test
    void hasNextDoesNotTakeTwice() throws Exception {
        Channel<Integer> channel = Channel.buffered(3);
        channel.send(1);
        channel.send(2);
        Iterator<Integer> iterator = Channels.iterable(channel).iterator();

        assertThat(iterator.hasNext()).isTrue();
        assertThat(iterator.hasNext()).isTrue();
        assertThat(channel.size()).as("left after two hasNext calls").isEqualTo(1);
        assertThat(iterator.next()).isEqualTo(1);
    }
}
