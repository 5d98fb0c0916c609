package chanstream.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class DeadlockTest {

    private static final String SEND_HEADER = "thread \"sender\" #\\d+( \\(virtual\\))?"
            + " \\[chan send, \\d+ ms\\]: send on channel 'numbers'";

    private static final String TIMED_OUT = "send of 1 on channel 'numbers' timed out after"
            + " 3.0 s with no receiver; 1 was not delivered";

    /** The output of one run with a timeout of 3 s, which every test below reads. */
    private static OutputCapture out;

    private static int status;

    @BeforeAll
    static void runWithTimeoutOf3Seconds() throws Exception {
        out = new OutputCapture();
        // The send waits the whole timeout. 3 s leaves main ample time to find it blocked,
        // even on a loaded machine, and the watchdog reports it after 750 ms, a quarter of
        // the timeout.
        status = Deadlock.run(out.stream(), "--timeout", "3s");
    }

    @Test
    void timedSendDumpsBlockedSendAndExits1() {
        assertThat(status).as(out.text()).isEqualTo(1);
        assertThat(out.lines())
                .as(out.text())
                .anyMatch(line -> line.matches(SEND_HEADER))
                .anyMatch(line -> line.matches("    blocked since \\d\\d:\\d\\d:\\d\\d\\.\\d{3}"));
        assertThat(out.lines())
                .as("the stack of the blocked task")
                .anyMatch(line -> line.trim().startsWith("at ")
                        && line.contains("chanstream.examples.Deadlock.sendTwice"));
        assertThat(out.lines()).contains(TIMED_OUT, "exit status 1");
    }

    @Test
    void watchdogReportsStuckSend() {
        List<String> lines = out.lines();
        int stuck = lines.indexOf("watchdog: blocked longer than 750 ms:");
        int result = lines.indexOf(TIMED_OUT);

        assertThat(lines).as(out.text())
                .contains("watchdog: reports channel operations blocked longer than 750 ms");
        assertThat(stuck).as(out.text()).isNotNegative();
        assertThat(result).as(out.text()).isGreaterThan(stuck);
        assertThat(lines.subList(stuck + 1, result))
                .as("the operations reported stuck")
                .anyMatch(line -> line.matches("    " + SEND_HEADER));
    }

    @Test
    void watchdogReportsLikelyDeadlockOfOnlyTask() {
        List<String> lines = out.lines();
        int deadlock = lines.indexOf(
                "watchdog: likely deadlock: every running task is blocked on a channel:");
        int result = lines.indexOf(TIMED_OUT);

        assertThat(deadlock).as(out.text()).isNotNegative();
        assertThat(result).as(out.text()).isGreaterThan(deadlock);
        assertThat(lines.get(deadlock + 1))
                .as("the only operation of the likely deadlock")
                .matches("    " + SEND_HEADER);
        assertThat(lines.get(deadlock + 2))
                .as("the line after the likely deadlock")
                .doesNotStartWith("    thread ");
    }

    @Test
    void invalidTimeoutIsUsageError() throws Exception {
        OutputCapture invalid = new OutputCapture();

        int invalidStatus = Deadlock.run(invalid.stream(), "--timeout", "soon");

        assertThat(invalidStatus).isEqualTo(2);
        assertThat(invalid.lines().get(0))
                .startsWith("deadlock: option --timeout: invalid duration 'soon'");
    }
}
