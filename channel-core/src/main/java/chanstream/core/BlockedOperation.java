package chanstream.core;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One thread parked in a channel operation, as {@link ChannelDiagnostics#blockedOperations()}
 * saw it: Go's {@code goroutine 7 [chan send]:} line and its stack, as data.
 *
 * <p>A snapshot: by the time it is read the operation may have completed.
 */
public final class BlockedOperation {

    private final Thread thread;
    private final String operation;
    private final List<String> waitingOn;
    private final Instant since;
    private final Duration blockedFor;
    private final List<StackTraceElement> stack;

    BlockedOperation(Thread thread, String operation, List<String> waitingOn, Instant since,
            Duration blockedFor, List<StackTraceElement> stack) {
        this.thread = Objects.requireNonNull(thread);
        this.operation = Objects.requireNonNull(operation);
        this.waitingOn = List.copyOf(waitingOn);
        this.since = Objects.requireNonNull(since);
        this.blockedFor = Objects.requireNonNull(blockedFor);
        this.stack = List.copyOf(stack);
    }

    /**
     * Returns the parked thread.
     *
     * @return the thread
     */
    public Thread thread() {
        return thread;
    }

    /**
     * Returns the kind of operation: {@code "send"}, {@code "receive"} or {@code "select"}.
     *
     * @return the operation
     */
    public String operation() {
        return operation;
    }

    /**
     * Returns what the operation waits for, one entry per registered case, such as
     * {@code "send on channel 'cows'"} or {@code "close watch on channel #12"}.
     *
     * @return the cases, in registration order
     */
    public List<String> waitingOn() {
        return waitingOn;
    }

    /**
     * Returns when the operation started.
     *
     * @return the wall-clock start
     */
    public Instant since() {
        return since;
    }

    /**
     * Returns how long the operation had been blocked when the snapshot was taken.
     *
     * @return the duration
     */
    public Duration blockedFor() {
        return blockedFor;
    }

    /**
     * Returns the thread's stack when the snapshot was taken, innermost frame first.
     *
     * @return the stack, empty if the JVM could not provide it
     */
    public List<StackTraceElement> stack() {
        return stack;
    }

    /**
     * Returns the Go-style header line, e.g.
     * {@code thread "producer" #31 [chan send, 1503 ms]: send on channel 'cows'}.
     *
     * @return the header
     */
    public String header() {
        String kind = operation.equals("select") ? "select" : "chan " + operation;
        return "thread \"" + thread.getName() + "\" #" + threadId(thread) + (isVirtual(thread)
                ? " (virtual)" : "") + " [" + kind + ", " + blockedFor.toMillis() + " ms]: "
                + String.join(", ", waitingOn);
    }

    @Override
    public String toString() {
        return header();
    }

    @SuppressWarnings("deprecation")
    static long threadId(Thread thread) {
        return thread.getId();
    }

    static boolean isVirtual(Thread thread) {
        return thread.getClass().getName().equals("java.lang.VirtualThread");
    }
}
