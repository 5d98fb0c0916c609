package chanstream.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class CowsAndPigsTest {

    @Test
    void stopsAfterCountAndLeavesNoTask() throws Exception {
        OutputCapture out = new OutputCapture();

        int status = CowsAndPigs.run(out.stream(), "--count", "6", "--duration", "20s",
                "--interval", "5ms");

        assertThat(status).as(out.text()).isZero();
        List<String> lines = out.lines();
        assertThat(lines.stream().filter(line -> line.equals("moo") || line.equals("oink")).count())
                .as(out.text())
                .isGreaterThanOrEqualTo(6);
        assertThat(lines).contains("main: 6 sounds printed; closing done");
        assertThat(lines).last().isEqualTo("main: all 4 tasks returned; tasks left: 0");
    }

    @Test
    void bothConsumersReturnAfterDoneIsClosed() throws Exception {
        OutputCapture out = new OutputCapture();

        int status = CowsAndPigs.run(out.stream(), "--count", "2", "--interval", "5ms");

        assertThat(status).as(out.text()).isZero();
        List<String> lines = out.lines();
        int closing = lines.indexOf("main: 2 sounds printed; closing done");
        assertThat(closing).as(out.text()).isNotNegative();
        List<String> afterClose = lines.subList(closing + 1, lines.size());
        // Each consumer sees either done or its channel closed by the producer, whichever its
        // select picks first.
        assertThat(afterClose)
                .anyMatch(line -> line.startsWith("channel 'cows' consumer: "))
                .anyMatch(line -> line.startsWith("channel 'pigs' consumer: "));
    }

    @Test
    void stopsAtDurationWhenCountIsNotReached() throws Exception {
        OutputCapture out = new OutputCapture();

        int status = CowsAndPigs.run(out.stream(), "--count", "1000000", "--duration", "100ms");

        assertThat(status).as(out.text()).isZero();
        assertThat(out.lines()).contains("main: 100 ms passed; closing done");
        assertThat(out.lines()).last().isEqualTo("main: all 4 tasks returned; tasks left: 0");
    }
}
