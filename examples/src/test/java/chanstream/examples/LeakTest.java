package chanstream.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LeakTest {

    @Test
    void leakGrowsWithRequestsAndFixLeavesNone() throws Exception {
        OutputCapture out = new OutputCapture();

        int status = Leak.run(out.stream(), "--requests", "10", "--replicas", "3");

        assertThat(status).as(out.text()).isZero();
        assertThat(out.lines()).containsSubsequence(
                "leaky: after request 1: 2 tasks running",
                "leaky: after request 10: 20 tasks running",
                "leaky: tasks left: 20 (expected 20: the losers block in send forever)",
                "leaky: ChannelDiagnostics sees 20 senders parked on channels; the oldest,"
                        + " as its dump shows it:",
                "1 operation blocked on channels",
                "",
                "fixed: tasks left: 0 (the losers return when the context is cancelled)",
                "fixed: ChannelDiagnostics sees 0 operations parked on channels besides the"
                        + " leaky senders",
                "cleanup: cancelled the abandoned channels; leaky tasks left: 0");
    }

    @Test
    void leakyVersionPrintsOneDumpEntry() throws Exception {
        OutputCapture out = new OutputCapture();

        int status = Leak.run(out.stream(), "--requests", "10", "--replicas", "3");

        assertThat(status).as(out.text()).isZero();
        List<String> lines = out.lines();
        int summary = lines.indexOf("1 operation blocked on channels");
        int fixed = lines.indexOf(
                "fixed: tasks left: 0 (the losers return when the context is cancelled)");
        assertThat(summary).as(out.text()).isPositive();
        assertThat(fixed).as(out.text()).isGreaterThan(summary);
        List<String> entry = lines.subList(summary + 1, fixed);
        assertThat(entry)
                .as("the dump entry")
                .filteredOn(line -> line.startsWith("thread "))
                .singleElement(InstanceOfAssertFactories.STRING)
                .matches("thread \"leaky-\\d+-\\d\" #\\d+( \\(virtual\\))?"
                        + " \\[chan send, \\d+ ms\\]: send on channel 'answers-\\d+'");
        assertThat(entry)
                .as("the stack of the parked sender")
                .anyMatch(line -> line.startsWith("    at ")
                        && line.contains("chanstream.examples.Leak.lambda$askLeaky"))
                .allMatch(line -> line.isEmpty() || line.startsWith("thread ")
                        || line.startsWith("    at "));
    }

    @Test
    void replicasBelowTwoIsUsageError() throws Exception {
        OutputCapture out = new OutputCapture();

        int status = Leak.run(out.stream(), "--replicas", "1");

        assertThat(status).isEqualTo(2);
        assertThat(out.lines().get(0)).isEqualTo("leak: option --replicas must be >= 2, was 1");
    }
}
