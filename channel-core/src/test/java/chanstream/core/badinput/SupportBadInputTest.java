package chanstream.core.badinput;

import static chanstream.core.badinput.Rejection.illegalState;
import static chanstream.core.badinput.Rejection.invalidArgument;
import static chanstream.core.badinput.Rejection.nullArgument;
import static org.assertj.core.api.Assertions.assertThat;

import chanstream.core.BlockedOperation;
import chanstream.core.ChannelDiagnostics;
import chanstream.core.ChannelHooks;
import chanstream.core.Context;
import chanstream.core.Tasks;
import chanstream.core.WaitGroup;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad arguments to {@link Context}, {@link WaitGroup}, {@link Tasks},
 * {@link ChannelDiagnostics} and {@link ChannelHooks}: each is rejected before it has an
 * effect, so no task starts, no timer or watchdog runs, and the object keeps its state.
 */
@Timeout(30)
class SupportBadInputTest {

    private static final Consumer<List<BlockedOperation>> IGNORE = operations -> { };

    /** One bad call, and the exception it must raise. */
    record SupportCall(String description, ThrowingCallable call, Rejection rejection) {

        @Override
        public String toString() {
            return description;
        }
    }

    static Stream<SupportCall> taskCalls() {
        return Stream.of(
                new SupportCall("Tasks.start(null)", () -> Tasks.start(null),
                        nullArgument("task")),
                new SupportCall("Tasks.start(null, task)", () -> Tasks.start(null, () -> { }),
                        nullArgument("name")),
                new SupportCall("Tasks.start(name, null)", () -> Tasks.start("bad input", null),
                        nullArgument("task")),
                new SupportCall("Tasks.async(null)", () -> Tasks.async(null),
                        nullArgument("task")),
                new SupportCall("new WaitGroup().go(null)", () -> new WaitGroup().go(null),
                        nullArgument("task")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("taskCalls")
    void badTaskCallStartsNoTask(SupportCall call) {
        Set<Thread> before = Tasks.running();

        call.rejection().assertThrownBy(call.description(), call.call());

        Set<Thread> started = new HashSet<>(Tasks.running());
        started.removeAll(before);
        assertThat(started).as("tasks started by %s", call.description()).isEmpty();
    }

    static Stream<SupportCall> diagnosticsCalls() {
        Duration second = Duration.ofSeconds(1);
        return Stream.of(
                new SupportCall("ChannelDiagnostics.format(null)",
                        () -> ChannelDiagnostics.format(null), nullArgument("operations")),
                new SupportCall("ChannelDiagnostics.dump(null)",
                        () -> ChannelDiagnostics.dump((PrintStream) null), nullArgument("out")),
                new SupportCall("watchdog(0, onStuck, onDeadlock)",
                        () -> ChannelDiagnostics.watchdog(Duration.ZERO, IGNORE, IGNORE),
                        invalidArgument("threshold must be > 0, was PT0S")),
                new SupportCall("watchdog(1 s, null, onDeadlock)",
                        () -> ChannelDiagnostics.watchdog(second, null, IGNORE),
                        nullArgument("onStuck")),
                new SupportCall("watchdog(1 s, onStuck, null)",
                        () -> ChannelDiagnostics.watchdog(second, IGNORE, null),
                        nullArgument("onDeadlock")),
                new SupportCall("ChannelHooks.onUndeliverableError(null)",
                        () -> ChannelHooks.onUndeliverableError(null), nullArgument("error")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("diagnosticsCalls")
    void badDiagnosticsCallIsRejected(SupportCall call) {
        call.rejection().assertThrownBy(call.description(), call.call());
    }

    /**
     * Rows whose messages must name the parameter, {@code threshold}, as the zero-threshold row
     * does, and a list element by its index, as {@code Channels.merge} does.
     */
    static Stream<SupportCall> diagnosticsNamingCalls() {
        return Stream.of(
                new SupportCall("watchdog(null, onStuck, onDeadlock)",
                        () -> ChannelDiagnostics.watchdog(null, IGNORE, IGNORE),
                        nullArgument("threshold")),
                new SupportCall("watchdog(-1 ms, onStuck, onDeadlock)",
                        () -> ChannelDiagnostics.watchdog(Duration.ofMillis(-1), IGNORE, IGNORE),
                        invalidArgument("threshold must be > 0, was PT-0.001S")),
                new SupportCall("ChannelDiagnostics.format(list with null at index 0)",
                        () -> ChannelDiagnostics.format(Arrays.asList((BlockedOperation) null)),
                        nullArgument("operations[0]")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("diagnosticsNamingCalls")
    void badDiagnosticsArgumentIsNamedInMessage(SupportCall call) {
        call.rejection().assertThrownBy(call.description(), call.call());
    }

    @Test
    void dumpToStreamStillWorksAfterRejection() {
        nullArgument("out").assertThrownBy("dump(null)",
                () -> ChannelDiagnostics.dump((PrintStream) null));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        ChannelDiagnostics.dump(new PrintStream(bytes, true, StandardCharsets.UTF_8));

        assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("blocked on channels");
    }

    @Test
    void contextRejectsBadArgumentsAndKeepsRunning() throws InterruptedException {
        try (Context context = Context.background().withCancel()) {
            nullArgument("timeout").assertThrownBy("withTimeout(null)",
                    () -> context.withTimeout(null));
            invalidArgument("timeout must be >= 0, was PT-1S").assertThrownBy(
                    "withTimeout(-1 s)", () -> context.withTimeout(Duration.ofSeconds(-1)));
            nullArgument("deadline").assertThrownBy("withDeadline(null)",
                    () -> context.withDeadline(null));
            nullArgument("cause").assertThrownBy("cancel(null)", () -> context.cancel(null));

            assertThat(context.isDone()).as("done after rejected calls").isFalse();
            assertThat(context.err()).as("err").isNull();
            assertThat(context.done().tryReceive()).as("done channel").isNull();
            assertThat(context.done().isClosedForReceive()).as("done channel closed").isFalse();
            Context child = context.withTimeout(Duration.ofHours(1));
            context.cancel();
            assertThat(child.done().receiveOrNull()).as("child done after cancel").isNull();
            assertThat(child.isDone()).as("child done").isTrue();
        }
    }

    @Test
    void backgroundRejectsBadArguments() {
        nullArgument("timeout").assertThrownBy("background().withTimeout(null)",
                () -> Context.background().withTimeout(null));
        nullArgument("cause").assertThrownBy("background().cancel(null)",
                () -> Context.background().cancel(null));

        assertThat(Context.background().isDone()).isFalse();
    }

    @Test
    void waitGroupRejectsNegativeCounterAndKeepsCount() throws InterruptedException {
        WaitGroup group = new WaitGroup();
        group.add(2);

        illegalState("negative WaitGroup counter: 2 + (-3)", "call done() once per add(1)")
                .assertThrownBy("add(-3) with count 2", () -> group.add(-3));
        assertThat(group.count()).as("count after add(-3)").isEqualTo(2);

        group.done();
        group.done();
        illegalState("negative WaitGroup counter: 0 + (-1)", "call done() once per add(1)")
                .assertThrownBy("done() with count 0", group::done);

        assertThat(group.count()).as("count after extra done()").isZero();
        assertThat(group.await(Duration.ZERO)).as("await with count 0").isTrue();
    }

    @Test
    void waitGroupRejectsOverflowAndKeepsCount() {
        WaitGroup group = new WaitGroup();
        group.add(Integer.MAX_VALUE);

        illegalState("WaitGroup counter overflow: 2147483647 + 1")
                .assertThrownBy("add(1) with count Integer.MAX_VALUE", () -> group.add(1));

        assertThat(group.count()).isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void waitGroupRejectsBadTimeouts() throws InterruptedException {
        WaitGroup group = new WaitGroup();
        group.add(1);

        nullArgument("timeout").assertThrownBy("await(null)", () -> group.await(null));
        invalidArgument("timeout must be >= 0, was PT-0.001S")
                .assertThrownBy("await(-1 ms)", () -> group.await(Duration.ofMillis(-1)));
        nullArgument("task").assertThrownBy("go(null)", () -> group.go(null));

        assertThat(group.count()).as("count").isEqualTo(1);
        group.done();
        assertThat(group.await(Duration.ofSeconds(10))).as("await after done()").isTrue();
    }
}
