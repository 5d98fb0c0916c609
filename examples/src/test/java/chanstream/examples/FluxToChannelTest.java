package chanstream.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class FluxToChannelTest {

    private static final Pattern REQUEST =
            Pattern.compile("flux: request\\((\\d+)\\), (\\d+) requested in all");

    private static final Pattern TAKE = Pattern.compile("consumer: took (\\d+), buffered (\\d+),"
            + " requested but not taken (\\d+) \\(limit (\\d+)\\)");

    @Test
    void demandStaysWithinCapacity() throws Exception {
        OutputCapture out = new OutputCapture();

        int status = FluxToChannel.run(out.stream(), "--count", "30", "--capacity", "4",
                "--delay", "0");

        assertThat(status).as(out.text()).isZero();
        List<Long> requests = numbers(out.lines(), REQUEST, 1);
        assertThat(requests).as(out.text()).isNotEmpty();
        assertThat(requests.get(0)).as("first request").isEqualTo(4L);
        assertThat(requests).as("each request").allMatch(n -> n >= 1 && n <= 4);
        assertThat(requests.stream().mapToLong(Long::longValue).sum()).isGreaterThanOrEqualTo(30);
        assertThat(numbers(out.lines(), TAKE, 1)).as("elements in order")
                .isEqualTo(java.util.stream.LongStream.rangeClosed(1, 30).boxed().toList());
        assertThat(numbers(out.lines(), TAKE, 3)).as("requested but not taken")
                .allMatch(ahead -> ahead <= 4);
        assertThat(numbers(out.lines(), TAKE, 2)).as("buffered")
                .allMatch(buffered -> buffered <= 4);
        assertThat(out.lines()).last().asString()
                .startsWith("done: took 30 elements; requested but not taken was at most ")
                .endsWith(", limit 4");
    }

    @Test
    void unbufferedRequestsOneAtATime() throws Exception {
        OutputCapture out = new OutputCapture();

        int status = FluxToChannel.run(out.stream(), "--count", "5", "--capacity", "0",
                "--delay", "0");

        assertThat(status).as(out.text()).isZero();
        assertThat(numbers(out.lines(), REQUEST, 1)).as(out.text()).allMatch(n -> n == 1L);
        assertThat(numbers(out.lines(), TAKE, 3)).allMatch(ahead -> ahead <= 1);
        assertThat(numbers(out.lines(), TAKE, 1)).containsExactly(1L, 2L, 3L, 4L, 5L);
    }

    private static List<Long> numbers(List<String> lines, Pattern pattern, int group) {
        return lines.stream()
                .map(pattern::matcher)
                .filter(Matcher::matches)
                .map(matcher -> Long.parseLong(matcher.group(group)))
                .toList();
    }
}
