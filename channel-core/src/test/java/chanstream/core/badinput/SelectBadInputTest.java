package chanstream.core.badinput;

import static chanstream.core.badinput.Rejection.invalidArgument;
import static chanstream.core.badinput.Rejection.nullArgument;
import static org.assertj.core.api.Assertions.assertThat;

import chanstream.core.Select;
import chanstream.core.SelectClause;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad arguments to {@link Select}: the four entry points ({@code select} and
 * {@code selectBiased}, each with varargs and with a list) and the clause factories. Every row
 * includes a receive clause and a send clause on a channel that is ready for both, so a select
 * that ran any clause before checking its arguments would change the channel.
 */
@Timeout(30)
class SelectBadInputTest {

    /** One of the four ways to run a select. */
    @FunctionalInterface
    interface EntryPoint {

        String run(List<SelectClause<String>> clauses) throws InterruptedException;
    }

    /** A bad clause list, given the ready clauses of the subject. */
    record BadClauses(String description, Function<List<SelectClause<String>>,
            List<SelectClause<String>>> clauses, Rejection rejection) {
    }

    /** One bad call, and the exception it must raise. */
    record SelectCall(String description, Function<Subject, ThrowingCallable> call,
            Rejection rejection) {

        @Override
        public String toString() {
            return description;
        }
    }

    static Stream<SelectCall> calls() {
        List<EntryPoint> entryPoints = List.of(
                clauses -> Select.select(array(clauses)),
                Select::select,
                clauses -> Select.selectBiased(array(clauses)),
                Select::selectBiased);
        List<String> entryNames = List.of("select(varargs)", "select(list)",
                "selectBiased(varargs)", "selectBiased(list)");
        List<BadClauses> badClauses = List.of(
                new BadClauses("no clause", ready -> List.of(),
                        invalidArgument("select needs at least one clause",
                                "Go's empty select blocks forever", "use Select.never()")),
                new BadClauses("a null clause at index 2",
                        ready -> Arrays.asList(ready.get(0), ready.get(1), null),
                        new Rejection(NullPointerException.class, "clauses[2] is null",
                                List.of())),
                new BadClauses("two onDefault clauses",
                        ready -> withExtra(ready, Select.onDefault(() -> "first default"),
                                Select.onDefault(() -> "second default")),
                        invalidArgument("select has more than one onDefault clause",
                                "(the second at index 3)", "keep one")),
                new BadClauses("two onTimeout clauses",
                        ready -> withExtra(ready,
                                Select.onTimeout(Duration.ofSeconds(1), () -> "first timeout"),
                                Select.onTimeout(Duration.ofSeconds(2), () -> "second timeout")),
                        invalidArgument("select has more than one onTimeout clause",
                                "(the second at index 3)", "keep the shortest")),
                new BadClauses("a foreign SelectClause",
                        ready -> withExtra(ready, new Foreign.Clause()),
                        invalidArgument("clauses[2] (" + Foreign.Clause.class.getName() + ")",
                                "was not created by chanstream",
                                "use onSend, onReceive, onTimeout, onDefault or never")));

        List<SelectCall> calls = new ArrayList<>();
        for (int i = 0; i < entryPoints.size(); i++) {
            EntryPoint entryPoint = entryPoints.get(i);
            for (BadClauses bad : badClauses) {
                calls.add(new SelectCall(entryNames.get(i) + " with " + bad.description(),
                        subject -> () -> entryPoint.run(bad.clauses().apply(readyClauses(subject))),
                        bad.rejection()));
            }
        }
        calls.add(new SelectCall("select((SelectClause[]) null)",
                subject -> () -> Select.select((SelectClause<String>[]) null),
                nullArgument("clauses")));
        calls.add(new SelectCall("select((List) null)",
                subject -> () -> Select.select((List<SelectClause<String>>) null),
                nullArgument("clauses")));
        calls.add(new SelectCall("selectBiased((SelectClause[]) null)",
                subject -> () -> Select.selectBiased((SelectClause<String>[]) null),
                nullArgument("clauses")));
        calls.add(new SelectCall("selectBiased((List) null)",
                subject -> () -> Select.selectBiased((List<SelectClause<String>>) null),
                nullArgument("clauses")));
        calls.add(new SelectCall("onTimeout(null, then)",
                subject -> () -> Select.onTimeout(null, () -> "late"), nullArgument("timeout")));
        calls.add(new SelectCall("onTimeout(-1 ms, then)",
                subject -> () -> Select.onTimeout(Duration.ofMillis(-1), () -> "late"),
                invalidArgument("timeout must be >= 0", "PT-0.001S")));
        calls.add(new SelectCall("onTimeout(1 s, null)",
                subject -> () -> Select.onTimeout(Duration.ofSeconds(1), null),
                nullArgument("then")));
        calls.add(new SelectCall("onDefault(null)",
                subject -> () -> Select.onDefault(null), nullArgument("then")));
        return calls.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("calls")
    void badSelectLeavesChannelUnchanged(SelectCall call) throws Exception {
        try (Subject subject = Subject.buffered()) {
            call.rejection().assertThrownBy(call.description(), call.call().apply(subject));

            subject.assertUnchanged();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("calls")
    void badSelectOnInterruptedThreadStillRejectsArguments(SelectCall call) throws Exception {
        try (Subject subject = Subject.buffered()) {
            Thread.currentThread().interrupt();
            try {
                call.rejection().assertThrownBy(call.description(), call.call().apply(subject));
            } finally {
                assertThat(Thread.interrupted()).as("interrupt flag kept").isTrue();
            }

            subject.assertUnchanged();
        }
    }

    /** Returns a receive clause and a send clause that could both run at once on the subject. */
    private static List<SelectClause<String>> readyClauses(Subject subject) {
        return List.of(
                subject.channel().onReceive(element -> "received " + element),
                subject.channel().onSend("x", () -> "sent x"));
    }

    @SuppressWarnings("unchecked")
    private static SelectClause<String>[] array(List<SelectClause<String>> clauses) {
        return clauses.toArray(new SelectClause[0]);
    }

    @SafeVarargs
    private static List<SelectClause<String>> withExtra(List<SelectClause<String>> ready,
            SelectClause<String>... extra) {
        List<SelectClause<String>> clauses = new ArrayList<>(ready);
        clauses.addAll(Arrays.asList(extra));
        return clauses;
    }
}
