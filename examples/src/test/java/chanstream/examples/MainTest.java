package chanstream.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class MainTest {

    private static final List<String> NAMES = List.of("wordcount", "deadlock", "buffered",
            "cows-and-pigs", "leak", "shutdown", "flux-to-channel");

    @Test
    void noArgumentListsEveryExample() {
        OutputCapture out = new OutputCapture();

        int status = Main.run(out.stream());

        assertThat(status).isZero();
        assertThat(out.lines()).anyMatch(line -> line.startsWith("usage: java -jar"));
        for (Example example : Main.EXAMPLES) {
            assertThat(out.lines())
                    .as("list entry of %s", example.name())
                    .anyMatch(line -> line.trim().startsWith(example.name())
                            && line.endsWith(example.description()));
        }
    }

    @Test
    void everyExampleIsListedOnce() {
        assertThat(Main.EXAMPLES).extracting(Example::name).containsExactlyElementsOf(NAMES);
    }

    @Test
    void descriptionsFitOnOneLine() {
        for (Example example : Main.EXAMPLES) {
            assertThat(example.description()).as(example.name()).doesNotContain("\n");
            assertThat(example.name().length() + example.description().length())
                    .as("%s: list line width", example.name())
                    .isLessThanOrEqualTo(100);
        }
    }

    @Test
    void unknownNamePrintsListAndExits2() {
        OutputCapture out = new OutputCapture();

        int status = Main.run(out.stream(), "no-such-example", "--x");

        assertThat(status).isEqualTo(2);
        assertThat(out.lines().get(0)).isEqualTo("unknown example 'no-such-example'");
        assertThat(out.lines()).anyMatch(line -> line.trim().startsWith("wordcount"));
    }

    @Test
    void helpPrintsListAndExits0() {
        OutputCapture out = new OutputCapture();

        int status = Main.run(out.stream(), "--help");

        assertThat(status).isZero();
        assertThat(out.lines()).anyMatch(line -> line.trim().startsWith("flux-to-channel"));
    }

    @Test
    void everyExamplePrintsItsUsageOnHelp() {
        for (String name : NAMES) {
            OutputCapture out = new OutputCapture();

            int status = Main.run(out.stream(), name, "--help");

            assertThat(status).as("%s --help exit status", name).isZero();
            assertThat(out.lines().get(0)).as("%s --help", name).startsWith("usage: " + name);
        }
    }

    @Test
    void everyExampleRejectsUnknownOptionWithStatus2() {
        for (String name : NAMES) {
            OutputCapture out = new OutputCapture();

            int status = Main.run(out.stream(), name, "--no-such-option");

            assertThat(status).as("%s exit status", name).isEqualTo(2);
            assertThat(out.lines().get(0))
                    .as("%s message", name)
                    .isEqualTo(name + ": unknown option '--no-such-option'");
        }
    }
}
