package chanstream.core.badinput;

import static chanstream.core.badinput.Rejection.invalidArgument;
import static chanstream.core.badinput.Rejection.nullArgument;
import static org.assertj.core.api.Assertions.assertThat;

import chanstream.core.Channel;
import chanstream.core.ChannelClosedException;
import chanstream.core.Channels;
import chanstream.core.ReceiveChannel;
import chanstream.core.Tasks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad arguments to the patterns of {@link Channels}. A rejected call starts no task and takes
 * nothing from the channels it was given. The subject channel plays the done channel or the
 * source, whichever argument is valid in the row.
 */
@Timeout(30)
class ChannelsBadInputTest {

    private static final String FOREIGN = Foreign.Receiver.class.getName();

    private static final String NOT_CREATED_BY_CHANSTREAM = "was not created by chanstream";

    /** One bad call, and the exception it must raise. */
    record PatternCall(String description, Function<Subject, ThrowingCallable> call,
            Rejection rejection) {

        @Override
        public String toString() {
            return description;
        }
    }

    static Stream<PatternCall> calls() {
        Function<Integer, String> twice = n -> "twice " + n;
        List<PatternCall> calls = new ArrayList<>(List.of(
                // orDone
                call("orDone(null, source)", s -> () -> Channels.orDone(null, s.receiveSide()),
                        nullArgument("done")),
                call("orDone(done, null)", s -> () -> Channels.orDone(s.receiveSide(), null),
                        nullArgument("source")),
                call("orDone(foreign, source)",
                        s -> () -> Channels.orDone(new Foreign.Receiver<>(), s.receiveSide()),
                        invalidArgument("done (" + FOREIGN + ") " + NOT_CREATED_BY_CHANSTREAM,
                                "create channels with Channel.builder() or a Channels helper")),
                call("orDone(done, foreign)",
                        s -> () -> Channels.orDone(s.receiveSide(), new Foreign.Receiver<>()),
                        invalidArgument("source (" + FOREIGN + ") " + NOT_CREATED_BY_CHANSTREAM)),
                // or
                call("or((ReceiveChannel[]) null)",
                        s -> () -> Channels.or((ReceiveChannel<?>[]) null), nullArgument("done")),
                call("or()", s -> () -> Channels.or(),
                        invalidArgument("or needs at least one done channel, was given none")),
                call("or(done, null)", s -> () -> Channels.or(s.receiveSide(), null),
                        nullArgument("done[1]")),
                call("or(done, foreign)",
                        s -> () -> Channels.or(s.receiveSide(), new Foreign.Receiver<>()),
                        invalidArgument("done[1] (" + FOREIGN + ") " + NOT_CREATED_BY_CHANSTREAM)),
                // merge
                call("merge((ReceiveChannel[]) null)",
                        s -> () -> Channels.merge((ReceiveChannel<String>[]) null),
                        nullArgument("sources")),
                call("merge()", s -> () -> Channels.merge(),
                        invalidArgument("merge needs at least one source, was given none")),
                call("merge(source, null)", s -> () -> Channels.merge(s.receiveSide(), null),
                        nullArgument("sources[1]")),
                call("merge(source, foreign)",
                        s -> () -> Channels.merge(s.receiveSide(), new Foreign.Receiver<>()),
                        invalidArgument("sources[1] (" + FOREIGN + ") "
                                + NOT_CREATED_BY_CHANSTREAM)),
                call("merge((List) null)",
                        s -> () -> Channels.merge((List<ReceiveChannel<String>>) null),
                        nullArgument("sources")),
                call("merge(List.of())", s -> () -> Channels.merge(List.of()),
                        invalidArgument("merge needs at least one source, was given none")),
                call("merge(list with null at index 1)",
                        s -> () -> Channels.merge(Arrays.asList(s.receiveSide(), null)),
                        nullArgument("sources[1]")),
                call("merge(list with foreign at index 0)",
                        s -> () -> Channels.merge(List.of(new Foreign.Receiver<>())),
                        invalidArgument("sources[0] (" + FOREIGN + ") "
                                + NOT_CREATED_BY_CHANSTREAM)),
                // after and tick
                call("tick(0)", s -> () -> Channels.tick(Duration.ZERO),
                        invalidArgument("period must be > 0, was PT0S")),
                // generator
                call("generator(null, values)", s -> () -> Channels.generator(null, "v"),
                        nullArgument("done")),
                call("generator(foreign, values)",
                        s -> () -> Channels.generator(new Foreign.Receiver<>(), "v"),
                        invalidArgument("done (" + FOREIGN + ") " + NOT_CREATED_BY_CHANSTREAM)),
                call("generator(done, (Object[]) null)",
                        s -> () -> Channels.generator(s.receiveSide(), (String[]) null),
                        nullArgument("values")),
                call("generator(done, (Iterable) null)",
                        s -> () -> Channels.generator(s.receiveSide(), (Iterable<String>) null),
                        nullArgument("values")),
                // repeat and repeatFn
                call("repeat(null, values)", s -> () -> Channels.repeat(null, "v"),
                        nullArgument("done")),
                call("repeat(done, (Object[]) null)",
                        s -> () -> Channels.repeat(s.receiveSide(), (String[]) null),
                        nullArgument("values")),
                call("repeat(done) with no value", s -> () -> Channels.repeat(s.receiveSide()),
                        invalidArgument("repeat needs at least one value, was given none")),
                call("repeat(done, v, null)",
                        s -> () -> Channels.repeat(s.receiveSide(), "v", null),
                        new Rejection(NullPointerException.class, "values contain null",
                                List.of())),
                call("repeatFn(null, supplier)", s -> () -> Channels.repeatFn(null, () -> "v"),
                        nullArgument("done")),
                call("repeatFn(done, null)", s -> () -> Channels.repeatFn(s.receiveSide(), null),
                        nullArgument("supplier")),
                // take
                call("take(null, source, 1)", s -> () -> Channels.take(null, s.receiveSide(), 1),
                        nullArgument("done")),
                call("take(done, null, 1)", s -> () -> Channels.take(s.receiveSide(), null, 1),
                        nullArgument("source")),
                call("take(done, foreign, 1)",
                        s -> () -> Channels.take(s.receiveSide(), new Foreign.Receiver<>(), 1),
                        invalidArgument("source (" + FOREIGN + ") " + NOT_CREATED_BY_CHANSTREAM)),
                call("take(done, source, -1)",
                        s -> () -> Channels.take(s.receiveSide(), s.receiveSide(), -1),
                        invalidArgument("count must be >= 0, was -1")),
                call("take(done, source, Long.MIN_VALUE)",
                        s -> () -> Channels.take(s.receiveSide(), s.receiveSide(), Long.MIN_VALUE),
                        invalidArgument("count must be >= 0, was -9223372036854775808")),
                // stage and fanOut
                call("stage(null, source, function)",
                        s -> () -> Channels.stage(null, s.receiveSide(), String::length),
                        nullArgument("done")),
                call("stage(done, null, function)",
                        s -> () -> Channels.stage(s.receiveSide(), null, twice),
                        nullArgument("source")),
                call("stage(done, source, null)",
                        s -> () -> Channels.stage(s.receiveSide(), s.receiveSide(), null),
                        nullArgument("function")),
                call("stage(done, source, 0 workers, function)",
                        s -> () -> Channels.stage(s.receiveSide(), s.receiveSide(), 0,
                                String::length),
                        invalidArgument("workers must be >= 1, was 0")),
                call("stage(done, source, -3 workers, function)",
                        s -> () -> Channels.stage(s.receiveSide(), s.receiveSide(), -3,
                                String::length),
                        invalidArgument("workers must be >= 1, was -3")),
                call("stage(done, source, 2 workers, null)",
                        s -> () -> Channels.stage(s.receiveSide(), s.receiveSide(), 2, null),
                        nullArgument("function")),
                call("fanOut(done, source, 0 workers, function)",
                        s -> () -> Channels.fanOut(s.receiveSide(), s.receiveSide(), 0,
                                String::length),
                        invalidArgument("workers must be >= 1, was 0")),
                call("fanOut(done, source, 2 workers, null)",
                        s -> () -> Channels.fanOut(s.receiveSide(), s.receiveSide(), 2, null),
                        nullArgument("function")),
                call("fanOut(done, foreign, 2 workers, function)",
                        s -> () -> Channels.fanOut(s.receiveSide(), new Foreign.Receiver<>(), 2,
                                String::length),
                        invalidArgument("source (" + FOREIGN + ") " + NOT_CREATED_BY_CHANSTREAM)),
                // tee
                call("tee(null, source)", s -> () -> Channels.tee(null, s.receiveSide()),
                        nullArgument("done")),
                call("tee(done, null)", s -> () -> Channels.tee(s.receiveSide(), null),
                        nullArgument("source")),
                call("tee(done, source, 0)",
                        s -> () -> Channels.tee(s.receiveSide(), s.receiveSide(), 0),
                        invalidArgument("count must be >= 1, was 0")),
                // bridge
                call("bridge(null, channels)",
                        s -> () -> Channels.bridge(null, Channel.<ReceiveChannel<String>>unbuffered()),
                        nullArgument("done")),
                call("bridge(done, null)", s -> () -> Channels.bridge(s.receiveSide(), null),
                        nullArgument("channels")),
                call("bridge(done, foreign)",
                        s -> () -> Channels.bridge(s.receiveSide(),
                                new Foreign.Receiver<ReceiveChannel<String>>()),
                        invalidArgument("channels (" + FOREIGN + ") " + NOT_CREATED_BY_CHANSTREAM)),
                // iterable
                call("iterable(null)", s -> () -> Channels.iterable(null),
                        nullArgument("channel"))));
        return calls.stream();
    }

    /**
     * Rows of {@code after} and {@code tick}, whose messages must name their own parameters,
     * {@code delay} and {@code period}, as every other method of the API does.
     */
    static List<PatternCall> timerCalls() {
        return List.of(
                call("after(null)", s -> () -> Channels.after(null), nullArgument("delay")),
                call("after(-1 s)", s -> () -> Channels.after(Duration.ofSeconds(-1)),
                        invalidArgument("delay must be >= 0, was PT-1S")),
                call("tick(null)", s -> () -> Channels.tick(null), nullArgument("period")),
                call("tick(-1 s)", s -> () -> Channels.tick(Duration.ofSeconds(-1)),
                        invalidArgument("period must be > 0, was PT-1S")));
    }

    private static PatternCall call(String description, Function<Subject, ThrowingCallable> call,
            Rejection rejection) {
        return new PatternCall(description, call, rejection);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("calls")
    void badPatternCallStartsNothing(PatternCall call) throws Exception {
        assertRejectedWithoutEffect(call);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("timerCalls")
    void badTimerArgumentIsNamedInMessage(PatternCall call) throws Exception {
        assertRejectedWithoutEffect(call);
    }

    @Test
    void generatorNullValueIsNamedInMessage() throws Exception {
        // The message must name the argument, as repeat's "values contain null" does.
        assertRejectedWithoutEffect(call("generator(done, v, null)",
                s -> () -> Channels.generator(s.receiveSide(), "v", null),
                new Rejection(NullPointerException.class, "values contain null", List.of())));
    }

    private static void assertRejectedWithoutEffect(PatternCall call) throws Exception {
        try (Subject subject = Subject.buffered()) {
            Set<Thread> tasksBefore = Tasks.running();

            call.rejection().assertThrownBy(call.description(), call.call().apply(subject));

            Set<Thread> started = new HashSet<>(Tasks.running());
            started.removeAll(tasksBefore);
            assertThat(started).as("tasks started by the rejected call").isEmpty();
            subject.assertUnchanged();
        }
    }

    @Test
    void bridgeClosesOutputWhenInnerChannelIsForeign() throws InterruptedException {
        Channel<Object> done = Channel.unbuffered();
        Channel<ReceiveChannel<String>> channels = Channel.buffered(1);
        channels.send(new Foreign.Receiver<String>());

        ReceiveChannel<String> out = Channels.bridge(done, channels);
        Throwable failure = null;
        try {
            out.receive();
        } catch (ChannelClosedException closed) {
            failure = closed.getCause();
        }

        assertThat(failure).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("inner channel (" + FOREIGN + ") "
                        + NOT_CREATED_BY_CHANSTREAM);
        done.close();
    }

    @Test
    void generatorClosesOutputWhenIterableHoldsNull() throws InterruptedException {
        Channel<Object> done = Channel.unbuffered();

        ReceiveChannel<String> out = Channels.generator(done, Arrays.asList("first", null));
        String first = out.receive();
        Throwable failure = null;
        try {
            out.receive();
        } catch (ChannelClosedException closed) {
            failure = closed.getCause();
        }

        assertThat(first).isEqualTo("first");
        assertThat(failure).isInstanceOf(NullPointerException.class)
                .hasMessage("values contain null");
        done.close();
    }
}
