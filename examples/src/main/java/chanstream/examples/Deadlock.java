package chanstream.examples;

import chanstream.core.BlockedOperation;
import chanstream.core.Channel;
import chanstream.core.ChannelDiagnostics;
import chanstream.core.Tasks;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Two sends on an unbuffered channel that nobody receives from.
 *
 * <p>In Go the runtime notices that every goroutine is asleep and stops the program:
 *
 * <pre>{@code
 * ch := make(chan int)
 * ch <- 1 // fatal error: all goroutines are asleep - deadlock!
 * ch <- 2
 * }</pre>
 *
 * <p>A JVM cannot tell a deadlock from a slow partner (another thread, a timer, a socket may
 * still receive), so chanstream bounds the wait instead: a timed send gives up and reports it.
 * While the send waits, the dump of blocked operations names the channel, the operation, the
 * time it started and the stack of the blocked task. A helper task does the sends so that main
 * stays free to print that dump.
 *
 * <p>A {@link ChannelDiagnostics#watchdog watchdog} runs meanwhile, with a threshold of a
 * quarter of the timeout. It reports each operation blocked past the threshold: the send, and
 * main's receive of the outcome. Once every running task is blocked, as the sender is, it also
 * reports a likely deadlock, which is as close as a JVM gets to Go's "all goroutines are
 * asleep".
 */
final class Deadlock {

    static final String NAME = "deadlock";

    static final String DESCRIPTION =
            "two sends with no receiver: a bounded wait, a dump and a watchdog report, not a hang";

    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);

    /** The minimum threshold of the watchdog, used for timeouts under 4 ms. */
    private static final Duration MIN_THRESHOLD = Duration.ofMillis(1);

    private Deadlock() {
    }

    static int run(PrintStream out, String... args) throws InterruptedException {
        Options options;
        Duration timeout;
        try {
            options = Options.parse(args, Set.of("--timeout"), Set.of(), false);
            timeout = options.duration("--timeout", DEFAULT_TIMEOUT);
        } catch (UsageException e) {
            out.println(NAME + ": " + e.getMessage());
            printUsage(out);
            return 2;
        }
        if (options.helpRequested()) {
            printUsage(out);
            return 0;
        }

        out.println("Go:  ch := make(chan int); ch <- 1; ch <- 2");
        out.println("     fatal error: all goroutines are asleep - deadlock!");
        out.println("chanstream: the same sends, each bounded by a timeout of "
                + Options.format(timeout));

        Duration threshold = watchdogThreshold(timeout);
        out.println("watchdog: reports channel operations blocked longer than "
                + Options.format(threshold));

        ReportPrinter reports = new ReportPrinter(out);
        Channel<Integer> numbers = Channel.<Integer>builder().name("numbers").build();
        Channel<String> outcome = Channel.<String>builder().capacity(1).name("outcome").build();
        ChannelDiagnostics.Watchdog watchdog = ChannelDiagnostics.watchdog(threshold,
                stuck -> reports.print(
                        "watchdog: blocked longer than " + Options.format(threshold) + ":", stuck),
                deadlocked -> reports.print(
                        "watchdog: likely deadlock: every running task is blocked on a channel:",
                        deadlocked));
        String result;
        try {
            Thread sender = Tasks.start("sender",
                    () -> outcome.trySend(sendTwice(numbers, timeout)));

            Optional<BlockedOperation> blocked = BlockedDump.awaitBlocked(sender, timeout);
            reports.holdWhile(() -> {
                if (blocked.isPresent()) {
                    out.println("main: the sender is blocked; the dump of blocked channel "
                            + "operations:");
                    BlockedDump.print(out, blocked.get());
                } else {
                    out.println("main: the sender gave up before main could take a dump");
                }
            });

            result = outcome.receive();
        } finally {
            watchdog.close();
            reports.stop();
        }

        out.println(result);
        if (result.startsWith("sent")) {
            return 0;
        }
        out.println("exit status 1");
        return 1;
    }

    /** Returns a quarter of {@code timeout}, so that the watchdog fires while a send waits. */
    private static Duration watchdogThreshold(Duration timeout) {
        Duration quarter = timeout.dividedBy(4);
        return quarter.compareTo(MIN_THRESHOLD) < 0 ? MIN_THRESHOLD : quarter;
    }

    /** Sends 1 and 2, and describes the first send that timed out, if any. */
    private static String sendTwice(Channel<Integer> numbers, Duration timeout) {
        for (int value = 1; value <= 2; value++) {
            try {
                if (!numbers.send(value, timeout)) {
                    return "send of " + value + " on " + numbers + " timed out after "
                            + Options.format(timeout) + " with no receiver; " + value
                            + " was not delivered";
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "send of " + value + " on " + numbers + " was interrupted";
            }
        }
        return "sent 1 and 2";
    }

    /**
     * Printer of the watchdog's reports, which arrive on chanstream's timer thread. It never
     * prints a report inside main's dump, and it drops the reports that arrive after
     * {@link #stop()}, because {@code Watchdog.close()} does not wait for a check that is
     * already running.
     */
    private static final class ReportPrinter {

        private final PrintStream out;
        private final ReentrantLock lock = new ReentrantLock();

        /** Whether {@link #stop()} was called, read and written under {@link #lock}. */
        private boolean stopped;

        ReportPrinter(PrintStream out) {
            this.out = out;
        }

        /** Prints a report: its title, then the header of each operation. */
        void print(String title, List<BlockedOperation> operations) {
            lock.lock();
            try {
                if (stopped) {
                    return;
                }
                out.println(title);
                for (BlockedOperation operation : operations) {
                    out.println("    " + operation.header());
                }
            } finally {
                lock.unlock();
            }
        }

        /** Runs {@code printing}, which prints main's lines, with no report in between. */
        void holdWhile(Runnable printing) {
            lock.lock();
            try {
                printing.run();
            } finally {
                lock.unlock();
            }
        }

        /** Drops every later report. */
        void stop() {
            lock.lock();
            try {
                stopped = true;
            } finally {
                lock.unlock();
            }
        }
    }

    private static void printUsage(PrintStream out) {
        out.println("usage: " + NAME + " [--timeout DURATION]");
        out.println("  --timeout  how long each send waits for a receiver (default "
                + Options.format(DEFAULT_TIMEOUT) + "; 250ms, 2s, PT1S)");
        out.println("             the watchdog reports operations blocked for a quarter of it");
    }
}
