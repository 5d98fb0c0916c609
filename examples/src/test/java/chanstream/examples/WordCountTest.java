package chanstream.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs wordcount on {@code src/test/resources/wordcount-corpus}, whose counted files hold 30
 * words, 19 of them distinct: "the" 5 times, "café" and "moo" 3 times, "cows", "dog" and "fox"
 * twice. Its {@code .hidden} and {@code node_modules} directories must be skipped.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WordCountTest {

    @Test
    void countsCorpusWithKnownTotals() throws Exception {
        OutputCapture out = new OutputCapture();

        int status = WordCount.run(out.stream(), "--progress", "0", "--top", "7",
                corpus().toString());

        assertThat(status).as(out.text()).isZero();
        assertThat(out.lines()).as(out.text()).containsSubsequence(
                "top 7 of 30 words (19 distinct):",
                "     1  the                           5",
                "     2  café                          3",
                "     3  moo                           3",
                "     4  cows                          2",
                "     5  dog                           2",
                "     6  fox                           2",
                "     7  and                           1");
        assertThat(out.lines()).anyMatch(line -> line.startsWith("counted 3 files ("));
        assertThat(out.lines()).noneMatch(line -> line.startsWith("partial result"));
        assertThat(out.lines()).noneMatch(line -> line.startsWith("skipped"));
    }

    @Test
    void skipsHiddenAndDependencyDirectories() throws Exception {
        OutputCapture out = new OutputCapture();

        int status = WordCount.run(out.stream(), "--progress", "0", "--top", "100",
                corpus().toString());

        assertThat(status).as(out.text()).isZero();
        assertThat(out.text()).doesNotContain("hidden", "dependency", "never");
        assertThat(out.lines()).contains("top 19 of 30 words (19 distinct):");
        assertThat(out.lines()).anyMatch(line -> line.trim().matches("\\d+\\s+doesn't\\s+1"));
    }

    @Test
    void countsNamedFileEvenIfHidden() throws Exception {
        OutputCapture out = new OutputCapture();

        int status = WordCount.run(out.stream(), "--progress", "0",
                corpus().resolve(".hidden/secret.txt").toString());

        assertThat(status).as(out.text()).isZero();
        assertThat(out.lines()).contains("top 5 of 5 words (5 distinct):");
    }

    @Test
    void countsWithOneWorkerAsWithMany() throws Exception {
        OutputCapture oneWorker = new OutputCapture();
        OutputCapture eightWorkers = new OutputCapture();

        WordCount.run(oneWorker.stream(), "--progress", "0", "--workers", "1",
                corpus().toString());
        WordCount.run(eightWorkers.stream(), "--progress", "0", "--workers", "8",
                corpus().toString());

        assertThat(table(eightWorkers)).isEqualTo(table(oneWorker)).hasSize(10);
    }

    @Test
    void skipsFilesThatAreNotText(@TempDir Path directory) throws Exception {
        Files.writeString(directory.resolve("words.txt"), "one two two\n");
        Files.write(directory.resolve("image.bin"),
                new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, (byte) 0xff});
        Files.write(directory.resolve("nul.txt"), new byte[] {'a', 0, 'b'});
        OutputCapture out = new OutputCapture();

        int status = WordCount.run(out.stream(), "--progress", "0", directory.toString());

        assertThat(status).as(out.text()).isZero();
        assertThat(out.lines()).contains("top 2 of 3 words (2 distinct):");
        assertThat(out.lines()).anyMatch(line -> line.startsWith("counted 1 file ("));
        assertThat(out.lines()).contains("skipped 2 files: 2 not UTF-8 text");
    }

    @Test
    void emptyDirectoryCountsNothing(@TempDir Path directory) throws Exception {
        OutputCapture out = new OutputCapture();

        int status = WordCount.run(out.stream(), "--progress", "0", directory.toString());

        assertThat(status).as(out.text()).isZero();
        assertThat(out.lines()).contains("top 0 of 0 words (0 distinct):");
    }

    @Test
    void deadlinePrintsPartialResultAndExits1(@TempDir Path directory) throws Exception {
        // A named pipe that nobody writes to: opening it blocks its worker, so the count cannot
        // finish before the deadline.
        Path fifo = directory.resolve("fifo");
        Files.writeString(directory.resolve("words.txt"), "alpha beta\n");
        assumeTrue(makeFifo(fifo), "mkfifo is not available");
        OutputCapture out = new OutputCapture();

        try {
            int status = WordCount.run(out.stream(), "--progress", "0", "--workers", "1",
                    "--timeout", "300ms", fifo.toString(),
                    directory.resolve("words.txt").toString());

            assertThat(status).as(out.text()).isEqualTo(1);
            assertThat(out.lines()).as(out.text())
                    .contains("partial result: deadline exceeded after 0 of 2+ files");
            assertThat(out.lines()).contains("top 0 of 0 words (0 distinct):");
        } finally {
            releaseReader(fifo);
        }
    }

    @Test
    void missingPathIsUsageError() throws Exception {
        OutputCapture out = new OutputCapture();

        int status = WordCount.run(out.stream(), "no/such/dir");

        assertThat(status).isEqualTo(2);
        assertThat(out.lines().get(0))
                .isEqualTo("wordcount: no such file or directory: no/such/dir");
    }

    @Test
    void tooManyWorkersIsUsageError() throws Exception {
        OutputCapture out = new OutputCapture();

        int status = WordCount.run(out.stream(), "--workers", "100000");

        assertThat(status).isEqualTo(2);
        assertThat(out.lines().get(0)).startsWith(
                "wordcount: option --workers must be <= " + WordCount.MAX_WORKERS + " (");
    }

    @Test
    void findsCheckoutAboveWorkingDirectory() {
        // Surefire runs in the examples module, one level below the checkout.
        Path moduleDirectory = Path.of("").toAbsolutePath();

        Path checkout = WordCount.findCheckout(moduleDirectory).orElseThrow();

        assertThat(checkout.resolve("examples/pom.xml")).isRegularFile();
        assertThat(checkout.resolve("channel-core/pom.xml")).isRegularFile();
    }

    @Test
    void findsNoCheckoutOutsideOne(@TempDir Path directory) throws IOException {
        Files.writeString(directory.resolve("pom.xml"),
                "<project><artifactId>other</artifactId></project>");

        assertThat(WordCount.findCheckout(directory)).isEmpty();
    }

    @Test
    void modulePomIsNotTakenForCheckout(@TempDir Path directory) throws IOException {
        Files.writeString(directory.resolve("pom.xml"), "<project><parent>"
                + "<artifactId>chanstream-parent</artifactId></parent>"
                + "<artifactId>examples</artifactId></project>");

        assertThat(WordCount.findCheckout(directory)).isEmpty();
    }

    private static Path corpus() throws URISyntaxException {
        return Path.of(WordCountTest.class.getResource("/wordcount-corpus").toURI());
    }

    /** Returns the rows of the top-words table. */
    private static List<String> table(OutputCapture out) {
        return out.lines().stream()
                .filter(line -> line.matches("\\s+\\d+\\s+\\S+\\s+[\\d,]+"))
                .toList();
    }

    /**
     * Opens {@code fifo} for writing and closes it, which lets a reader blocked in opening it
     * go on and see the end of the data. Opening for writing blocks until a reader opens the
     * pipe, so this runs on a daemon thread that nobody waits for.
     */
    private static void releaseReader(Path fifo) {
        Thread writer = new Thread(() -> {
            try (OutputStream out = Files.newOutputStream(fifo)) {
                out.write('\n');
            } catch (IOException ignored) {
                // The temporary directory is gone: nobody is left to release.
            }
        }, "fifo-writer");
        writer.setDaemon(true);
        writer.start();
    }

    private static boolean makeFifo(Path path) throws InterruptedException {
        try {
            Process process = new ProcessBuilder("mkfifo", path.toString()).start();
            return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }
}
