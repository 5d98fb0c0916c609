package chanstream.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class BufferedTest {

    @Test
    void printsStringThen24() throws Exception {
        OutputCapture out = new OutputCapture();

        int status = Buffered.run(out.stream());

        assertThat(status).isZero();
        assertThat(out.lines()).containsExactly("string", "24");
    }
}
