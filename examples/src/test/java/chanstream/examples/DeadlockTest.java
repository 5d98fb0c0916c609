package chanstream.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class DeadlockTest {

    @Test
    void timedSendDumpsBlockedSendAndExits1() throws Exception {
        OutputCapture out = new OutputCapture();

        // The send waits the whole timeout; 3 s leaves main ample time to find it blocked,
        // even on a loaded machine.
        int status = Deadlock.run(out.stream(), "--timeout", "3s");

        assertThat(status).as(out.text()).isEqualTo(1);
        assertThat(out.lines())
                .as(out.text())
                .anyMatch(line -> line.matches("thread \"sender\" #\\d+( \\(virtual\\))?"
                        + " \\[chan send, \\d+ ms\\]: send on channel 'numbers'"))
                .anyMatch(line -> line.matches("    blocked since \\d\\d:\\d\\d:\\d\\d\\.\\d{3}"));
        assertThat(out.lines())
                .as("the stack of the blocked task")
                .anyMatch(line -> line.trim().startsWith("at ")
                        && line.contains("chanstream.examples.Deadlock.sendTwice"));
        assertThat(out.lines()).contains(
                "send of 1 on channel 'numbers' timed out after 3.0 s with no receiver;"
                        + " 1 was not delivered",
                "exit status 1");
    }

    @Test
    void invalidTimeoutIsUsageError() throws Exception {
        OutputCapture out = new OutputCapture();

        int status = Deadlock.run(out.stream(), "--timeout", "soon");

        assertThat(status).isEqualTo(2);
        assertThat(out.lines().get(0))
                .startsWith("deadlock: option --timeout: invalid duration 'soon'");
    }
}
