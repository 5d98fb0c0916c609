package chanstream.core.patterns;

import static chanstream.core.patterns.PatternSupport.drain;
import static chanstream.core.patterns.PatternSupport.joined;
import static chanstream.core.patterns.PatternSupport.start;
import static chanstream.core.patterns.PatternSupport.threads;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chanstream.core.Channel;
import chanstream.core.Channels;
import chanstream.core.ReceiveChannel;
import chanstream.core.Select;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link Channels#orDone}: a view that yields the source's elements until done fires. */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
@ExtendWith(NoTaskLeftRunning.class)
class OrDoneTest {

    private static final int ELEMENTS = 200;

    @ParameterizedTest(name = "capacity {0}, virtual {1}")
    @MethodSource("chanstream.core.patterns.PatternSupport#capacitiesAndThreads")
    void yieldsSourceElementsInOrder(int capacity, boolean virtual) throws Exception {
        ThreadFactory threads = threads(virtual);
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        Channel<Object> done = Channel.unbuffered();
        Channel<Integer> source = Channel.buffered(capacity);
        Thread producer = start(threads, errors, () -> {
            for (int i = 0; i < ELEMENTS; i++) {
                source.send(i);
            }
            source.close();
        });

        List<Integer> received = drain(Channels.orDone(done, source));

        assertThat(joined(producer)).as("producer ended").isTrue();
        assertThat(errors).isEmpty();
        assertThat(received).containsExactlyElementsOf(
                IntStream.range(0, ELEMENTS).boxed().toList());
    }

    @ParameterizedTest(name = "capacity {0}, virtual {1}")
    @MethodSource("chanstream.core.patterns.PatternSupport#capacitiesAndThreads")
    void doneByValueStopsAWaitingReceiver(int capacity, boolean virtual) throws Exception {
        ThreadFactory threads = threads(virtual);
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        Channel<Object> done = Channel.unbuffered();
        Channel<Integer> source = Channel.buffered(capacity);
        ReceiveChannel<Integer> view = Channels.orDone(done, source);
        List<Object> outcome = new CopyOnWriteArrayList<>();
        Thread receiver = start(threads, errors, () -> outcome.add(String.valueOf(
                view.receiveOrNull())));

        done.send("stop");

        assertThat(joined(receiver)).as("receiver woke").isTrue();
        assertThat(errors).isEmpty();
        assertThat(outcome).containsExactly("null");
        assertThat(view.isClosedForReceive()).as("view closed").isTrue();
        assertThat(view.receiveOrNull()).as("a later receive").isNull();
        assertThat(source.isClosedForSend()).as("source left open").isFalse();
    }

    @ParameterizedTest(name = "capacity {0}, virtual {1}")
    @MethodSource("chanstream.core.patterns.PatternSupport#capacitiesAndThreads")
    void doneByCloseStopsEveryWaitingReceiver(int capacity, boolean virtual) throws Exception {
        ThreadFactory threads = threads(virtual);
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        Channel<Object> done = Channel.unbuffered();
        Channel<Integer> source = Channel.buffered(capacity);
        ReceiveChannel<Integer> view = Channels.orDone(done, source);
        List<Thread> receivers = new ArrayList<>();
        AtomicInteger stopped = new AtomicInteger();
        for (int i = 0; i < 5; i++) {
            receivers.add(start(threads, errors, () -> {
                if (view.receiveOrNull() == null) {
                    stopped.incrementAndGet();
                }
            }));
        }

        done.close();

        for (Thread receiver : receivers) {
            assertThat(joined(receiver)).as("receiver woke").isTrue();
        }
        assertThat(errors).isEmpty();
        assertThat(stopped).hasValue(5);
    }

    @ParameterizedTest(name = "capacity {0}")
    @MethodSource("bufferedCapacities")
    void doneWinsOverBufferedData(int capacity) throws Exception {
        Channel<Object> done = Channel.unbuffered();
        Channel<Integer> source = Channel.buffered(capacity);
        source.send(1);
        ReceiveChannel<Integer> view = Channels.orDone(done, source);

        done.close();

        assertThat(view.tryReceive()).as("tryReceive").isNull();
        assertThat(view.receiveOrNull()).as("receiveOrNull").isNull();
        assertThat(Select.select(view.onReceiveOrNull(element -> "got " + element),
                Select.onDefault(() -> "default"))).isEqualTo("got null");
        assertThat(source.size()).as("element still in the source").isEqualTo(1);
        assertThat(source.tryReceive()).isEqualTo(1);
    }

    @Test
    void sameChannelAsDoneAndSourceIsRejected() throws Exception {
        Channel<Object> channel = Channel.<Object>builder().capacity(1).name("both").build();
        channel.send("x");

        assertThatThrownBy(() -> Channels.orDone(channel, channel))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("channel 'both'")
                .hasMessageContaining("separate done channel");
        assertThat(channel.tryReceive()).as("element left in the channel").isEqualTo("x");
    }

    static IntStream bufferedCapacities() {
        return IntStream.of(1, 16, PatternSupport.UNLIMITED);
    }

    @ParameterizedTest(name = "capacity {0}, virtual {1}")
    @MethodSource("chanstream.core.patterns.PatternSupport#capacitiesAndThreads")
    void neverTakesAnElementItDoesNotYield(int capacity, boolean virtual) throws Exception {
        ThreadFactory threads = threads(virtual);
        for (int round = 0; round < 50; round++) {
            List<Throwable> errors = new CopyOnWriteArrayList<>();
            Channel<Object> done = Channel.unbuffered();
            Channel<Integer> source = Channel.buffered(capacity);
            ReceiveChannel<Integer> view = Channels.orDone(done, source);
            List<Integer> yielded = new CopyOnWriteArrayList<>();
            AtomicInteger sent = new AtomicInteger();
            Thread producer = start(threads, errors, () -> {
                for (int i = 0; i < 100; i++) {
                    if (!source.send(i, Duration.ofMillis(20))) {
                        break;
                    }
                    sent.incrementAndGet();
                }
                source.close();
            });
            Thread consumer = start(threads, errors, () -> view.forEach(yielded::add));
            int stopAt = round;
            Thread stopper = start(threads, errors, () -> {
                while (yielded.size() < stopAt && consumer.isAlive()) {
                    Thread.onSpinWait();
                }
                done.close();
            });

            assertThat(joined(stopper)).as("round %d: stopper ended", round).isTrue();
            assertThat(joined(consumer)).as("round %d: consumer ended", round).isTrue();
            assertThat(joined(producer)).as("round %d: producer ended", round).isTrue();
            List<Integer> left = drain(source);
            List<Integer> all = new ArrayList<>(yielded);
            all.addAll(left);
            assertThat(errors).as("round %d", round).isEmpty();
            assertThat(all).as("round %d: yielded %s, left %s", round, yielded, left)
                    .containsExactlyElementsOf(
                            IntStream.range(0, sent.get()).boxed().toList());
        }
    }

    @ParameterizedTest(name = "capacity {0}")
    @MethodSource("chanstream.core.patterns.PatternSupport#capacities")
    void cancellingTheViewLeavesTheSourceOpen(int capacity) throws Exception {
        Channel<Object> done = Channel.unbuffered();
        Channel<Integer> source = Channel.buffered(capacity);
        ReceiveChannel<Integer> view = Channels.orDone(done, source);

        view.cancel();

        assertThat(view.receiveOrNull()).as("view after cancel").isNull();
        assertThat(source.isClosedForSend()).as("source closed").isFalse();
        assertThat(done.isClosedForSend()).as("done closed").isFalse();
        Channel<Integer> probe = source;
        Thread sender = start(threads(false), new CopyOnWriteArrayList<>(), () -> probe.send(7));
        assertThat(source.receive()).isEqualTo(7);
        assertThat(joined(sender)).isTrue();
    }

    @Test
    void worksAsAnotherHelpersDoneChannel() throws Exception {
        Channel<Object> done = Channel.unbuffered();
        ReceiveChannel<Integer> inner = Channels.orDone(done, Channel.<Integer>unbuffered());
        ReceiveChannel<Integer> outer = Channels.orDone(inner, Channel.<Integer>unbuffered());
        ReceiveChannel<Integer> ones = Channels.repeat(outer, 1);

        assertThat(ones.receive()).isEqualTo(1);
        done.close();

        assertThat(outer.receiveOrNull()).as("nested view fired").isNull();
        assertThat(drain(ones)).as("repeat stops once its done view fires").hasSizeLessThan(2);
    }

    @ParameterizedTest(name = "capacity {0}")
    @MethodSource("chanstream.core.patterns.PatternSupport#capacities")
    void worksInSelectClauses(int capacity) throws Exception {
        Channel<Object> done = Channel.unbuffered();
        Channel<Integer> source = Channel.buffered(capacity);
        Channel<Integer> other = Channel.buffered(1);
        ReceiveChannel<Integer> view = Channels.orDone(done, source);
        other.send(5);

        String first = Select.select(view.onReceive(element -> "view " + element),
                other.onReceive(element -> "other " + element));
        done.close();
        String second = Select.select(view.onReceiveOrNull(element -> "view " + element),
                Select.onTimeout(Duration.ofSeconds(10), () -> "timeout"));

        assertThat(first).isEqualTo("other 5");
        assertThat(second).isEqualTo("view null");
    }
}
