package chanstream.examples;

import chanstream.core.Channel;
import chanstream.core.Channels;
import chanstream.core.Context;
import chanstream.core.ReceiveChannel;
import chanstream.core.Select;
import chanstream.core.Tasks;
import chanstream.reactor.ReactorChannels;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;

/**
 * Counts the words of real text with a pipeline of channels, and prints the most frequent ones.
 *
 * <pre>
 *   generator          fan-out               fan-in      bridge      reduce
 *   (walk files) --&gt; worker 1..N count --&gt; merge --&gt; orDone --&gt; Flux --&gt; top N words
 * </pre>
 *
 * <p>A generator task walks the input and sends file paths. {@code --workers} tasks receive
 * them as competing consumers and count each file's words, and a merge view fans their results
 * back in. {@code orDone} stops that stream when the run's {@link Context} ends, and the stream
 * is bridged to a {@link Flux} and reduced to totals. Every stage watches the context's done
 * channel, so a deadline ({@code --timeout}) or Ctrl-C stops them all, and the words counted so
 * far are still printed, marked as partial.
 *
 * <p>Without arguments it counts the chanstream checkout it is run from: the nearest directory
 * at or above the working directory whose {@code pom.xml} is chanstream's parent POM (artifact
 * {@code chanstream-parent}).
 */
final class WordCount {

    static final String NAME = "wordcount";

    static final String DESCRIPTION =
            "start here: count words in files with a pipeline of channels, print the top N";

    private static final int DEFAULT_TOP = 10;

    private static final Duration DEFAULT_PROGRESS = Duration.ofSeconds(1);

    /** How long Ctrl-C waits for the partial result to be printed before the JVM halts. */
    private static final Duration INTERRUPT_GRACE = Duration.ofSeconds(10);

    private static final String INTERRUPTED = "interrupted (Ctrl-C or SIGTERM)";

    private WordCount() {
    }

    static int run(PrintStream out, String... args) throws InterruptedException {
        Settings settings;
        try {
            settings = Settings.parse(args);
        } catch (UsageException e) {
            out.println(NAME + ": " + e.getMessage());
            printUsage(out);
            return 2;
        }
        if (settings.help) {
            printUsage(out);
            return 0;
        }

        List<Path> inputs;
        try {
            inputs = resolveInputs(settings.paths);
        } catch (UsageException e) {
            out.println(NAME + ": " + e.getMessage());
            return 2;
        }
        String description = settings.paths.isEmpty()
                ? "the chanstream checkout " + inputs.get(0)
                : String.join(", ", settings.paths);
        Duration deadline = settings.timeout;
        Context root = Context.background();
        Context ctx = deadline == null ? root.withCancel() : root.withTimeout(deadline);
        try (ctx; ShutdownSignal signal = ShutdownSignal.install(
                () -> ctx.cancel(new CancellationException(INTERRUPTED)), INTERRUPT_GRACE)) {
            // Printed only after the Ctrl-C hook is installed, so that a caller who has seen
            // this line can interrupt the run and still get the partial result.
            out.printf(Locale.ROOT, "counting words in %s with %d workers%s%n", description,
                    settings.workers,
                    deadline == null ? "" : ", deadline " + Options.format(deadline));
            Result result = count(out, inputs, ctx, settings);
            printResult(out, result, ctx, settings.top);
            return result.isComplete() ? 0 : 1;
        }
    }

    /**
     * Returns the named paths, or the checkout at or above the working directory when none is
     * named.
     *
     * @throws UsageException if a named path does not exist, or no path is named and there is
     *     no checkout to fall back on
     */
    private static List<Path> resolveInputs(List<String> names) throws UsageException {
        if (names.isEmpty()) {
            Path workingDirectory = Path.of("").toAbsolutePath();
            Path checkout = findCheckout(workingDirectory).orElseThrow(() -> new UsageException(
                    "no chanstream checkout at or above " + workingDirectory
                            + "; name the files or directories to count"));
            return List.of(checkout);
        }
        List<Path> inputs = new ArrayList<>();
        for (String name : names) {
            Path path = Path.of(name);
            if (!Files.exists(path)) {
                throw new UsageException("no such file or directory: " + name);
            }
            inputs.add(path);
        }
        return inputs;
    }

    /** Runs the pipeline until every file is counted or {@code ctx} ends. */
    private static Result count(PrintStream out, List<Path> inputs, Context ctx, Settings settings)
            throws InterruptedException {
        FileWalker walker = new FileWalker(inputs);
        Progress progress = new Progress(walker);

        ReceiveChannel<Path> files = Channels.generator(ctx.done(), walker);
        List<ReceiveChannel<FileWords>> perWorker = Channels.fanOut(ctx.done(), files,
                settings.workers, path -> FileWords.count(path, ctx::isDone));
        ReceiveChannel<FileWords> counted = Channels.orDone(ctx.done(), Channels.merge(perWorker));

        Channel<Object> stopProgress = Channel.builder().name("stop-progress").build();
        Thread progressTask = settings.progress.isZero()
                ? null
                : Tasks.start("wordcount-progress",
                        () -> printProgress(out, progress, settings.progress, stopProgress));
        Tally tally;
        try {
            tally = ReactorChannels.toFlux(counted)
                    .doOnNext(progress::fileDone)
                    .reduceWith(Tally::new, Tally::add)
                    .block();
        } finally {
            stopProgress.close();
            if (progressTask != null) {
                progressTask.join();
            }
        }
        return new Result(tally, walker, progress.elapsed());
    }

    /** Prints a progress line every {@code interval} until {@code stop} is closed. */
    private static void printProgress(PrintStream out, Progress progress, Duration interval,
            ReceiveChannel<?> stop) {
        ReceiveChannel<Instant> ticks = Channels.tick(interval);
        try {
            boolean running = true;
            while (running) {
                running = Select.select(
                        stop.onReceiveOrNull(ignored -> false),
                        ticks.onReceive(now -> {
                            out.println(progress.line());
                            return true;
                        }));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            ticks.cancel();
        }
    }

    private static void printResult(PrintStream out, Result result, Context ctx, int top) {
        Tally tally = result.tally;
        if (!result.isComplete()) {
            out.printf(Locale.ROOT, "partial result: %s after %,d of %,d%s files%n",
                    stopReason(ctx), tally.files, result.walker.discovered(),
                    result.walker.finished() ? "" : "+");
        }
        out.printf(Locale.ROOT, "top %d of %,d words (%,d distinct):%n",
                Math.min(top, tally.counts.size()), tally.words, tally.counts.size());
        int rank = 0;
        for (Map.Entry<String, Long> entry : tally.top(top)) {
            rank++;
            out.printf(Locale.ROOT, "%6d  %-20s %,10d%n", rank, entry.getKey(), entry.getValue());
        }
        double seconds = Math.max(result.elapsed.toNanos(), 1L) / 1e9;
        long skippedFiles = tally.skipped.values().stream().mapToLong(Long::longValue).sum();
        out.printf(Locale.ROOT, "counted %s (%s) in %s: %,.0f files/s, %s/s%n",
                plural(tally.files - skippedFiles, "file"), megabytes(tally.bytes),
                Options.format(result.elapsed), tally.files / seconds,
                megabytes((long) (tally.bytes / seconds)));
        if (skippedFiles > 0) {
            List<String> reasons = new ArrayList<>();
            tally.skipped.forEach((reason, files) -> reasons.add(files + " " + reason));
            out.printf(Locale.ROOT, "skipped %s: %s%n", plural(skippedFiles, "file"),
                    String.join(", ", reasons));
        }
        if (result.walker.unreadableDirectories() > 0) {
            out.printf(Locale.ROOT, "skipped %s that could not be listed%n",
                    plural(result.walker.unreadableDirectories(), "directory"));
        }
    }

    private static String stopReason(Context ctx) {
        if (ctx.err() instanceof Context.DeadlineExceededException) {
            return "deadline exceeded";
        }
        Throwable cause = ctx.cause();
        return cause != null && cause.getMessage() != null ? cause.getMessage() : "cancelled";
    }

    /** Formats {@code count} with its noun: "1 file", "2 files", "3 directories". */
    private static String plural(long count, String noun) {
        String word = noun;
        if (count != 1) {
            word = noun.endsWith("y") ? noun.substring(0, noun.length() - 1) + "ies" : noun + "s";
        }
        return String.format(Locale.ROOT, "%,d %s", count, word);
    }

    private static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }

    /**
     * Returns the nearest directory at or above {@code start} whose {@code pom.xml} is
     * chanstream's parent POM ({@code <artifactId>chanstream-parent</artifactId>} outside a
     * {@code <parent>} section).
     */
    static Optional<Path> findCheckout(Path start) {
        for (Path directory = start; directory != null; directory = directory.getParent()) {
            Path pom = directory.resolve("pom.xml");
            if (!Files.isRegularFile(pom)) {
                continue;
            }
            try {
                if (declaresParentPom(Files.readString(pom))) {
                    return Optional.of(directory);
                }
            } catch (IOException | RuntimeException unreadable) {
                // Not a POM we can read: keep looking further up.
            }
        }
        return Optional.empty();
    }

    /**
     * Returns whether {@code pom} is chanstream's parent POM itself, not a module POM that
     * names it in its {@code <parent>} section.
     */
    private static boolean declaresParentPom(String pom) {
        String own = pom;
        int parentStart = pom.indexOf("<parent>");
        int parentEnd = pom.indexOf("</parent>");
        if (parentStart >= 0 && parentEnd > parentStart) {
            own = pom.substring(0, parentStart) + pom.substring(parentEnd);
        }
        return own.contains("<artifactId>chanstream-parent</artifactId>");
    }

    /** The maximum number of counting tasks, because a receive on the merge visits every one. */
    static final int MAX_WORKERS = 1024;

    private static void printUsage(PrintStream out) {
        out.println("usage: " + NAME + " [--top N] [--workers N] [--timeout DURATION]"
                + " [--progress DURATION] [FILE|DIRECTORY...]");
        out.println("  Counts the words of the named files and directories, by default of the");
        out.println("  chanstream checkout at or above the working directory. A word is a run of");
        out.println("  letters, with apostrophes inside it (don't), compared in lower case.");
        out.println("  Hidden files and directories, target and node_modules are skipped inside");
        out.println("  directories; files that are not UTF-8 text are skipped and counted.");
        out.println("  --top       how many words to print (default " + DEFAULT_TOP + ")");
        out.println("  --workers   counting tasks (default: the number of processors, at least 2;"
                + " at most " + MAX_WORKERS + ")");
        out.println("  --timeout   stop after this time and print the partial result"
                + " (default and 0: none)");
        out.println("  --progress  print progress at this interval; 0 turns it off (default "
                + Options.format(DEFAULT_PROGRESS) + ")");
        out.println("  Exit status: 0 when every file was counted, 1 for a partial result");
        out.println("  (deadline, Ctrl-C), 2 for a usage error.");
    }

    /** The command line, parsed. */
    private static final class Settings {

        boolean help;
        int top;
        int workers;
        @Nullable Duration timeout;
        Duration progress = DEFAULT_PROGRESS;
        List<String> paths = List.of();

        static Settings parse(String[] args) throws UsageException {
            Options options = Options.parse(args,
                    Set.of("--top", "--workers", "--timeout", "--progress"), Set.of(), true);
            Settings settings = new Settings();
            settings.help = options.helpRequested();
            settings.top = options.intValue("--top", DEFAULT_TOP, 1);
            int processors = Runtime.getRuntime().availableProcessors();
            settings.workers = options.intValue("--workers", Math.max(2, processors), 1,
                    MAX_WORKERS, " (each receive from the merged results registers on the"
                            + " channel of every worker, so more workers only add work)");
            Duration timeout = options.duration("--timeout", Duration.ZERO);
            settings.timeout = timeout.isZero() ? null : timeout;
            settings.progress = options.duration("--progress", DEFAULT_PROGRESS);
            settings.paths = options.positional();
            return settings;
        }
    }

    /** Counters that the progress task reads while the pipeline updates them. */
    private static final class Progress {

        private final FileWalker walker;
        private final long startNanos = System.nanoTime();
        private final AtomicLong files = new AtomicLong();
        private final AtomicLong bytes = new AtomicLong();

        Progress(FileWalker walker) {
            this.walker = walker;
        }

        void fileDone(FileWords file) {
            files.incrementAndGet();
            bytes.addAndGet(file.bytes());
        }

        Duration elapsed() {
            return Duration.ofNanos(System.nanoTime() - startNanos);
        }

        String line() {
            Duration elapsed = elapsed();
            double seconds = Math.max(elapsed.toNanos(), 1L) / 1e9;
            long done = files.get();
            return String.format(Locale.ROOT, "progress: %,d of %,d%s files, %s, %,.0f files/s, %s",
                    done, walker.discovered(), walker.finished() ? "" : "+",
                    megabytes(bytes.get()), done / seconds, Options.format(elapsed));
        }
    }

    /** The totals, accumulated from the files' counts by the reduce. */
    private static final class Tally {

        final Map<String, Long> counts = new HashMap<>();
        final Map<String, Long> skipped = new TreeMap<>();
        long files;
        long words;
        long bytes;
        boolean everyFileComplete = true;

        Tally add(FileWords file) {
            files++;
            bytes += file.bytes();
            if (file.skipped() != null) {
                skipped.merge(file.skipped(), 1L, Long::sum);
                return this;
            }
            everyFileComplete &= file.complete();
            words += file.words();
            file.counts().forEach((word, count) -> counts.merge(word, (long) count, Long::sum));
            return this;
        }

        /** Returns the {@code n} most frequent words, ties in alphabetical order. */
        List<Map.Entry<String, Long>> top(int n) {
            return counts.entrySet().stream()
                    .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                            .thenComparing(Map.Entry.comparingByKey()))
                    .limit(n)
                    .toList();
        }
    }

    /** The outcome of a run: the totals, and whether they cover every file found. */
    private static final class Result {

        final Tally tally;
        final FileWalker walker;
        final Duration elapsed;

        Result(Tally tally, FileWalker walker, Duration elapsed) {
            this.tally = tally;
            this.walker = walker;
            this.elapsed = elapsed;
        }

        boolean isComplete() {
            return walker.finished() && tally.files == walker.discovered()
                    && tally.everyFileComplete;
        }
    }
}
