package chanstream.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class OptionsTest {

    @ParameterizedTest
    @CsvSource({
        "0, PT0S",
        "250ms, PT0.25S",
        "2s, PT2S",
        "1.5s, PT1.5S",
        "2m, PT2M",
        "3min, PT3M",
        "1h, PT1H",
        "PT2S, PT2S",
        "pt0.5s, PT0.5S",
        " 10MS , PT0.01S",
    })
    void parsesDuration(String text, String expected) {
        assertThat(Options.parseDuration(text)).isEqualTo(Duration.parse(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "ms", "10", "10 parsecs", "1.2.3s", "-1s", "PT-1S", "P"})
    void rejectsInvalidDuration(String text) {
        assertThatThrownBy(() -> Options.parseDuration(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + text + "'");
    }

    @Test
    void formatsDurationForPeople() {
        assertThat(Options.format(Duration.ofMillis(850))).isEqualTo("850 ms");
        assertThat(Options.format(Duration.ofMillis(2400))).isEqualTo("2.4 s");
        assertThat(Options.format(Duration.ofSeconds(185))).isEqualTo("3 min 5 s");
    }

    @Test
    void readsValuesInBothForms() throws Exception {
        Options options = Options.parse(new String[] {"--count", "5", "--timeout=2s", "file"},
                Set.of("--count", "--timeout"), Set.of(), true);

        assertThat(options.intValue("--count", 1, 0)).isEqualTo(5);
        assertThat(options.duration("--timeout", Duration.ZERO)).isEqualTo(Duration.ofSeconds(2));
        assertThat(options.positional()).containsExactly("file");
        assertThat(options.helpRequested()).isFalse();
    }

    @Test
    void returnsDefaultsForAbsentOptions() throws Exception {
        Options options = Options.parse(new String[0], Set.of("--count"), Set.of(), false);

        assertThat(options.intValue("--count", 7, 0)).isEqualTo(7);
        assertThat(options.duration("--count", Duration.ofMillis(3)))
                .isEqualTo(Duration.ofMillis(3));
    }

    @Test
    void doubleDashEndsOptions() throws Exception {
        Options options = Options.parse(new String[] {"--", "--help", "-"}, Set.of(), Set.of(),
                true);

        assertThat(options.positional()).containsExactly("--help", "-");
        assertThat(options.helpRequested()).isFalse();
    }

    @Test
    void recognisesHelpAndFlags() throws Exception {
        Options options = Options.parse(new String[] {"-h", "--verbose"}, Set.of(),
                Set.of("--verbose"), false);

        assertThat(options.helpRequested()).isTrue();
        assertThat(options.flag("--verbose")).isTrue();
    }

    @Test
    void rejectsMissingValue() {
        assertThatThrownBy(() -> Options.parse(new String[] {"--count"}, Set.of("--count"),
                Set.of(), false))
                .isInstanceOf(UsageException.class)
                .hasMessage("option --count needs a value");
    }

    @Test
    void rejectsPositionalWhereNoneIsAllowed() {
        assertThatThrownBy(() -> Options.parse(new String[] {"extra"}, Set.of(), Set.of(), false))
                .isInstanceOf(UsageException.class)
                .hasMessage("unexpected argument 'extra'");
    }

    @Test
    void rejectsValueOnFlag() {
        assertThatThrownBy(() -> Options.parse(new String[] {"--verbose=yes"}, Set.of(),
                Set.of("--verbose"), false))
                .isInstanceOf(UsageException.class)
                .hasMessage("unknown option '--verbose=yes'");
    }

    @Test
    void rejectsNumberBelowMinimumAndNonNumbers() throws Exception {
        Options options = Options.parse(new String[] {"--a", "0", "--b", "x"},
                Set.of("--a", "--b"), Set.of(), false);

        assertThatThrownBy(() -> options.intValue("--a", 1, 1))
                .isInstanceOf(UsageException.class)
                .hasMessage("option --a must be >= 1, was 0");
        assertThatThrownBy(() -> options.intValue("--b", 1, 1))
                .isInstanceOf(UsageException.class)
                .hasMessage("option --b needs a whole number, was 'x'");
    }

    @Test
    void rejectsNumberAboveMaximumWithTheReason() throws Exception {
        Options options = Options.parse(new String[] {"--a", "5"}, Set.of("--a"), Set.of(),
                false);

        assertThatThrownBy(() -> options.intValue("--a", 1, 1, 4, " (why)"))
                .isInstanceOf(UsageException.class)
                .hasMessage("option --a must be <= 4 (why), was 5");
        assertThat(options.intValue("--a", 1, 1, 5, "")).isEqualTo(5);
    }

    @Test
    void negativeDurationSaysSo() {
        assertThatThrownBy(() -> Options.parseDuration("-1s"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("duration '-1s' is negative; durations are 0 or more, such as 250ms,"
                        + " 2s or PT1S");
    }
}
