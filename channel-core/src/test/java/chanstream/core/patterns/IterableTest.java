package chanstream.core.patterns;

import static org.assertj.core.api.Assertions.assertThat;

import chanstream.core.BlockedOperation;
import chanstream.core.Channel;
import chanstream.core.ChannelDiagnostics;
import chanstream.core.Channels;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Spliterator;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
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

    @ParameterizedTest(name = "capacity {0}, virtual {1}")
    @MethodSource("capacitiesAndThreads")
    void cancelEndsBlockedHasNext(int capacity, boolean virtual) throws Exception {
        Channel<Integer> channel = Channel.buffered(capacity);
        Channel<Boolean> answer = Channel.buffered(1);
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        Thread iterating = PatternSupport.start(PatternSupport.threads(virtual), errors,
                () -> answer.send(Channels.iterable(channel).iterator().hasNext()));
        awaitParkedOn(iterating, channel);

        channel.cancel();

        assertThat(answer.receive()).as("hasNext after cancel").isFalse();
        assertThat(PatternSupport.joined(iterating)).as("iterating thread ended").isTrue();
        assertThat(errors).isEmpty();
    }

    @ParameterizedTest(name = "capacity {0}, virtual {1}")
    @MethodSource("capacitiesAndThreads")
    void interruptOfBlockedHasNextTakesNothing(int capacity, boolean virtual) throws Exception {
        Channel<Integer> channel = Channel.buffered(capacity);
        Channel<Throwable> failure = Channel.buffered(1);
        Channel<Boolean> flagSet = Channel.buffered(1);
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        Thread iterating = PatternSupport.start(PatternSupport.threads(virtual), errors, () -> {
            try {
                Channels.iterable(channel).iterator().hasNext();
            } catch (IllegalStateException expected) {
                flagSet.send(Thread.interrupted());
                failure.send(expected);
            }
        });
        awaitParkedOn(iterating, channel);

        iterating.interrupt();

        assertThat(failure.receive())
                .isInstanceOf(IllegalStateException.class)
                .hasCauseInstanceOf(InterruptedException.class);
        assertThat(flagSet.receive()).as("interrupt flag kept").isTrue();
        assertThat(PatternSupport.joined(iterating)).as("iterating thread ended").isTrue();
        assertThat(errors).isEmpty();
        assertThat(channel.trySend(7) || capacity == 0)
                .as("the channel still accepts elements").isTrue();
        if (capacity > 0) {
            assertThat(channel.tryReceive()).as("the interrupted wait took nothing").isEqualTo(7);
        }
        assertThat(ChannelDiagnostics.blockedOperations())
                .as("operations left blocked")
                .noneMatch(operation -> operation.thread() == iterating);
    }

    static Stream<Arguments> capacitiesAndThreads() {
        return IntStream.of(0, 1, 16, PatternSupport.UNLIMITED).boxed()
                .flatMap(capacity -> Stream.of(
                        Arguments.of(capacity, false), Arguments.of(capacity, true)));
    }

    /**
     * Returns once {@code thread} is parked in a receive, as {@link ChannelDiagnostics} reports
     * it; the thread receives from {@code channel} only. Bounded by the class's timeout.
     */
    private static void awaitParkedOn(Thread thread, Channel<?> channel) {
        while (true) {
            for (BlockedOperation operation : ChannelDiagnostics.blockedOperations()) {
                if (operation.thread() == thread && operation.operation().equals("receive")
                        && operation.waitingOn().contains("receive on " + channel)) {
                    return;
                }
            }
            assertThat(thread.isAlive()).as("iterating thread still running").isTrue();
            Thread.yield();
        }
    }
}
