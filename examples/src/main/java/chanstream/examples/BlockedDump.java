package chanstream.examples;

import chanstream.core.BlockedOperation;
import chanstream.core.ChannelDiagnostics;
import java.io.PrintStream;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Finds a task's blocked channel operation and prints it the way Go prints a goroutine. */
final class BlockedDump {

    private static final DateTimeFormatter CLOCK =
            DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneId.systemDefault());

    private BlockedDump() {
    }

    /**
     * Waits until {@code thread} is parked in a channel operation, and returns that operation
     * with the stack taken at that moment. {@link ChannelDiagnostics} offers no notification for
     * a single thread, so this polls it every few milliseconds.
     *
     * @return the operation, or empty if {@code thread} did not block within {@code timeout}
     */
    static Optional<BlockedOperation> awaitBlocked(Thread thread, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (BlockedOperation operation : ChannelDiagnostics.blockedOperations()) {
                if (operation.thread() == thread) {
                    return Optional.of(operation);
                }
            }
            if (System.nanoTime() - deadline >= 0 || !thread.isAlive()) {
                return Optional.empty();
            }
            TimeUnit.MILLISECONDS.sleep(5);
        }
    }

    /**
     * Prints one operation: the header
     * ({@code thread "sender" #23 [chan send, 120 ms]: send on channel 'numbers'}), the time it
     * started, and the stack.
     */
    static void print(PrintStream out, BlockedOperation operation) {
        out.println(operation.header());
        out.println("    blocked since " + CLOCK.format(operation.since()));
        for (StackTraceElement frame : operation.stack()) {
            out.println("    at " + frame);
        }
    }
}
