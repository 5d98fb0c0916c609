package chanstream.examples;

import chanstream.core.BlockedOperation;
import chanstream.core.Channel;
import chanstream.core.Tasks;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

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
 */
final class Deadlock {

    static final String NAME = "deadlock";

    static final String DESCRIPTION =
            "two sends with no receiver: a bounded wait and a dump of the blocked send, not a hang";

    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);

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

        Channel<Integer> numbers = Channel.<Integer>builder().name("numbers").build();
        Channel<String> outcome = Channel.buffered(1);
        Thread sender = Tasks.start("sender", () -> outcome.trySend(sendTwice(numbers, timeout)));

        Optional<BlockedOperation> blocked = BlockedDump.awaitBlocked(sender, timeout);
        if (blocked.isPresent()) {
            out.println("main: the sender is blocked; the dump of blocked channel operations:");
            BlockedDump.print(out, blocked.get());
        } else {
            out.println("main: the sender gave up before main could take a dump");
        }

        String result = outcome.receive();
        out.println(result);
        if (result.startsWith("sent")) {
            return 0;
        }
        out.println("exit status 1");
        return 1;
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

    private static void printUsage(PrintStream out) {
        out.println("usage: " + NAME + " [--timeout DURATION]");
        out.println("  --timeout  how long each send waits for a receiver (default "
                + Options.format(DEFAULT_TIMEOUT) + "; 250ms, 2s, PT1S)");
    }
}
