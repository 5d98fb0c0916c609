package chanstream.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs examples in a separate JVM and stops it with SIGTERM, which runs the JVM's shutdown hooks
 * as Ctrl-C does. The signal is sent through {@link ProcessHandle#destroy()}: unlike
 * {@link Process#destroy()}, it leaves the output pipe open, so the lines printed after the
 * signal can still be read.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SignalTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    /** The exit status of a JVM stopped by SIGTERM: 128 + 15. */
    private static final int SIGTERM_STATUS = 143;

    private Process process;

    @AfterEach
    void killProcess() {
        if (process != null) {
            process.destroyForcibly();
        }
    }

    @Test
    void sigtermShutsServerDownGracefully() throws Exception {
        OutputCapture out = start("shutdown", "--interval", "50ms");
        out.awaitLine(line -> line.startsWith("listening on http://127.0.0.1:"), WAIT);

        process.toHandle().destroy();

        assertThat(process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).as(out.text()).isTrue();
        assertThat(process.exitValue()).isEqualTo(SIGTERM_STATUS);
        out.awaitLine(line -> line.startsWith("shutdown: server closed"), WAIT);
        assertThat(out.lines()).as(out.text()).containsSubsequence(
                "shutdown: Ctrl-C or SIGTERM; new requests get 503, open streams end",
                "shutdown: every stream and work request has finished",
                "shutdown: server closed; tasks left: 0");
    }

    @Test
    void sigtermPrintsPartialWordCount(@TempDir Path directory) throws Exception {
        // Opening a named pipe that nobody writes to blocks the worker, so the count is still
        // running when the signal comes.
        Path fifo = directory.resolve("fifo");
        assumeTrue(makeFifo(fifo), "mkfifo is not available");
        Path words = directory.resolve("words.txt");
        Files.writeString(words, "gamma gamma delta\n");
        OutputCapture out = start("wordcount", "--progress", "0", "--workers", "2",
                words.toString(), fifo.toString());
        out.awaitLine(line -> line.startsWith("counting words in "), WAIT);

        process.toHandle().destroy();

        assertThat(process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).as(out.text()).isTrue();
        assertThat(process.exitValue()).isEqualTo(SIGTERM_STATUS);
        out.awaitLine(line -> line.startsWith("counted "), WAIT);
        List<String> lines = out.lines();
        assertThat(lines).as(out.text())
                .anyMatch(line -> line.startsWith("partial result: interrupted (Ctrl-C or SIGTERM)"
                        + " after "));
        assertThat(lines).anyMatch(line -> line.startsWith("top "));
    }

    /** Starts {@code Main} with {@code args} in a new JVM, copying its output into a capture. */
    private OutputCapture start(String... args) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-cp",
                System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        process = new ProcessBuilder(command).redirectErrorStream(true).start();
        OutputCapture out = new OutputCapture();
        Thread pump = new Thread(() -> copy(process.getInputStream(), out.stream()), "output-pump");
        pump.setDaemon(true);
        pump.start();
        return out;
    }

    private static void copy(InputStream in, OutputStream out) {
        try (in) {
            in.transferTo(out);
        } catch (IOException ended) {
            // The process is gone; the lines so far stay in the capture.
        }
    }

    private static boolean makeFifo(Path path) throws InterruptedException {
        try {
            Process mkfifo = new ProcessBuilder("mkfifo", path.toString()).start();
            return mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }
}
