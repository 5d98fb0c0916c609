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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The helpers that run a task of their own: generator, repeat, repeatFn, take, stage (single and
 * parallel), fanOut, tee and bridge. Each test closes its done channel at the end, and
 * {@link NoTaskLeftRunning} checks that every task the helpers started has ended.
 */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
@ExtendWith(NoTaskLeftRunning.class)
class PipelineHelpersTest {

    private final Channel<Object> done = Channel.unbuffered();

    @AfterEach
    void fireDone() {
        done.close();
    }

    private static List<Integer> range(int count) {
        return IntStream.range(0, count).boxed().toList();
    }

    /** Fills {@code source} from a thread and closes it; returns the producer. */
    private static Thread produce(ThreadFactory threads, List<Throwable> errors,
            Channel<Integer> source, int count) {
        return start(threads, errors, () -> {
            for (int i = 0; i < count; i++) {
                source.send(i);
            }
            source.close();
        });
    }

    @Test
    void generatorYieldsItsValuesThenCloses() throws Exception {
        assertThat(drain(Channels.generator(done, 1, 2, 3))).containsExactly(1, 2, 3);
        assertThat(drain(Channels.generator(done, range(100)))).isEqualTo(range(100));
    }

    @Test
    void generatorStopsWhenDoneFires() throws Exception {
        ReceiveChannel<Integer> numbers = Channels.generator(done, range(1000));
        assertThat(numbers.receive()).isZero();

        done.close();

        assertThat(drain(numbers)).as("elements after done fired").hasSizeLessThan(2);
    }

    @Test
    void generatorReadsItsIterableLazily() throws Exception {
        AtomicInteger read = new AtomicInteger();
        Iterable<Integer> counting = () -> new java.util.Iterator<>() {
            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public Integer next() {
                return read.incrementAndGet();
            }
        };
        ReceiveChannel<Integer> numbers = Channels.generator(done, counting);

        assertThat(numbers.receive()).isEqualTo(1);
        assertThat(numbers.receive()).isEqualTo(2);
        assertThat(read.get()).as("elements read ahead").isLessThanOrEqualTo(3);
    }

    @Test
    void repeatCyclesUntilDone() throws Exception {
        ReceiveChannel<Integer> cycle = Channels.repeat(done, 1, 2);

        assertThat(drain(Channels.take(done, cycle, 5))).containsExactly(1, 2, 1, 2, 1);
        assertThat(cycle.receive()).as("take left repeat running").isIn(1, 2);
    }

    @Test
    void repeatWithoutValuesIsRejected() {
        assertThatThrownBy(() -> Channels.repeat(done))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void repeatFnCallsItsSupplierPerElement() throws Exception {
        AtomicInteger counter = new AtomicInteger();

        ReceiveChannel<Integer> counted = Channels.repeatFn(done, counter::getAndIncrement);

        assertThat(drain(Channels.take(done, counted, 4))).containsExactly(0, 1, 2, 3);
    }

    @ParameterizedTest(name = "capacity {0}, virtual {1}")
    @MethodSource("chanstream.core.patterns.PatternSupport#capacitiesAndThreads")
    void takeLeavesSourceOpen(int capacity, boolean virtual)
            throws Exception {
        Channel<Integer> source = Channel.buffered(capacity);
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        Thread producer = start(threads(virtual), errors, () -> {
            for (int i = 0; i < 10; i++) {
                source.send(i);
            }
        });

        assertThat(drain(Channels.take(done, source, 3))).containsExactly(0, 1, 2);
        assertThat(source.isClosedForSend()).as("source closed by take").isFalse();
        List<Integer> rest = new ArrayList<>();
        for (int i = 3; i < 10; i++) {
            rest.add(source.receive());
        }
        assertThat(rest).containsExactly(3, 4, 5, 6, 7, 8, 9);
        assertThat(joined(producer)).isTrue();
        assertThat(errors).isEmpty();
    }

    @Test
    void takeClosesItsOutputWithTheSourceCause() throws Exception {
        Channel<Integer> source = Channel.buffered(2);
        IllegalStateException cause = new IllegalStateException("source failed");
        source.send(1);
        source.close(cause);

        ReceiveChannel<Integer> firstFive = Channels.take(done, source, 5);

        assertThat(firstFive.receive()).isEqualTo(1);
        assertThatThrownBy(firstFive::receiveOrNull)
                .isInstanceOf(ChannelClosedException.class)
                .hasCause(cause);
    }

    @ParameterizedTest(name = "capacity {0}, virtual {1}")
    @MethodSource("chanstream.core.patterns.PatternSupport#capacitiesAndThreads")
    void stageAppliesItsFunctionInOrder(int capacity, boolean virtual) throws Exception {
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        Channel<Integer> source = Channel.buffered(capacity);
        Thread producer = produce(threads(virtual), errors, source, 100);

        List<Integer> doubled = drain(Channels.stage(done, source, element -> element * 2));

        assertThat(doubled).isEqualTo(range(100).stream().map(element -> element * 2).toList());
        assertThat(joined(producer)).isTrue();
        assertThat(errors).isEmpty();
    }

    @Test
    void stageFailureClosesTheOutputWithIt() throws Exception {
        IllegalArgumentException failure = new IllegalArgumentException("bad element");
        ReceiveChannel<Integer> staged = Channels.stage(done, Channels.generator(done, 1, 2, 3),
                element -> {
                    if (element == 2) {
                        throw failure;
                    }
                    return element;
                });

        assertThat(staged.receive()).isEqualTo(1);
        assertThatThrownBy(staged::receiveOrNull).hasCause(failure);
    }

    @ParameterizedTest(name = "capacity {0}, virtual {1}")
    @MethodSource("chanstream.core.patterns.PatternSupport#capacitiesAndThreads")
    void parallelStageDeliversEveryResultOnce(int capacity, boolean virtual) throws Exception {
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        Channel<Integer> source = Channel.buffered(capacity);
        Thread producer = produce(threads(virtual), errors, source, 300);

        List<Integer> results = drain(Channels.stage(done, source, 4, element -> element + 1000));

        assertThat(results).containsExactlyInAnyOrderElementsOf(
                range(300).stream().map(element -> element + 1000).toList());
        assertThat(joined(producer)).isTrue();
        assertThat(errors).isEmpty();
    }

    @Test
    void fanOutSplitsTheSourceAcrossWorkers() throws Exception {
        List<ReceiveChannel<Integer>> outputs = Channels.fanOut(done,
                Channels.generator(done, range(200)), 3, element -> element);

        assertThat(outputs).hasSize(3);
        List<Integer> all = drain(Channels.merge(outputs));
        assertThat(all).containsExactlyInAnyOrderElementsOf(range(200));
    }

    @Test
    void teeSendsEveryElementToBothOutputs() throws Exception {
        List<ReceiveChannel<Integer>> outputs = Channels.tee(done,
                Channels.generator(done, range(100)));
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        List<Integer> second = new CopyOnWriteArrayList<>();
        Thread reader = start(threads(false), errors, () -> outputs.get(1).forEach(second::add));

        List<Integer> first = drain(outputs.get(0));

        assertThat(joined(reader)).isTrue();
        assertThat(errors).isEmpty();
        assertThat(first).isEqualTo(range(100));
        assertThat(second).isEqualTo(range(100));
    }

    @Test
    void teeSkipsACancelledOutput() throws Exception {
        List<ReceiveChannel<Integer>> outputs = Channels.tee(done,
                Channels.generator(done, range(50)));
        assertThat(outputs.get(0).receive()).isZero();
        assertThat(outputs.get(1).receive()).isZero();

        outputs.get(1).cancel();

        assertThat(drain(outputs.get(0))).isEqualTo(range(50).subList(1, 50));
    }

    @Test
    void bridgeFlattensAChannelOfChannelsInOrder() throws Exception {
        Channel<ReceiveChannel<Integer>> channels = Channel.unlimited();
        for (int c = 0; c < 4; c++) {
            channels.send(Channels.generator(done, range(10).stream().map(i -> i + 0).toList()));
        }
        channels.close();

        List<Integer> flat = drain(Channels.bridge(done, channels));

        List<Integer> expected = new ArrayList<>();
        for (int c = 0; c < 4; c++) {
            expected.addAll(range(10));
        }
        assertThat(flat).isEqualTo(expected);
    }

    @Test
    void everyHelperTaskEndsWhenDoneFires() throws Exception {
        Channel<Integer> idle = Channel.unbuffered();
        Channel<ReceiveChannel<Integer>> noChannels = Channel.unbuffered();
        List<ReceiveChannel<?>> outputs = new ArrayList<>();
        outputs.add(Channels.repeat(done, 1));
        outputs.add(Channels.repeatFn(done, () -> 1));
        outputs.add(Channels.generator(done, range(10)));
        outputs.add(Channels.take(done, idle, 3));
        outputs.add(Channels.stage(done, idle, element -> element));
        outputs.add(Channels.stage(done, idle, 3, element -> element));
        outputs.addAll(Channels.fanOut(done, idle, 2, element -> element));
        outputs.addAll(Channels.tee(done, idle));
        outputs.add(Channels.bridge(done, noChannels));

        done.close();

        for (ReceiveChannel<?> output : outputs) {
            assertThat(drain(output)).as("%s after done fired", output).hasSizeLessThan(2);
        }
    }
}
