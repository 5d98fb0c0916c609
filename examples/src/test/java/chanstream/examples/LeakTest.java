package chanstream.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
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
                "fixed: tasks left: 0 (the losers return when the context is cancelled)",
                "cleanup: cancelled the abandoned channels; leaky tasks left: 0");
    }

    @Test
    void replicasBelowTwoIsUsageError() throws Exception {
        OutputCapture out = new OutputCapture();

        int status = Leak.run(out.stream(), "--replicas", "1");

        assertThat(status).isEqualTo(2);
        assertThat(out.lines().get(0)).isEqualTo("leak: option --replicas must be >= 2, was 1");
    }
}
