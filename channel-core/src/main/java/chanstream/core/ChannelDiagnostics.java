package chanstream.core;

import chanstream.core.internal.BlockedOperationInfo;
import chanstream.core.internal.BlockedRegistry;
import chanstream.core.internal.Checks;
import chanstream.core.internal.SharedTimer;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Makes blocked channel operations visible, in the spirit of Go's goroutine dump: Go stops a
 * program whose goroutines are all blocked with "all goroutines are asleep - deadlock!" and a
 * trace per goroutine; a Java program with the same bug hangs silently.
 *
 * <pre>{@code
 * System.err.print(ChannelDiagnostics.dump());
 * // 1 operation blocked on channels
 * //
 * // thread "main" #1 [chan send, 2004 ms]: send on channel 'orders'
 * //     at chanstream.core.internal.ThreadWaiter.parkUntilClaimed(ThreadWaiter.java:92)
 * //     ...
 * }</pre>
 *
 * <p><b>Cost.</b> A thread is recorded only when it parks, after spinning, and removed when it
 * resumes, so the bookkeeping is paid on the slow path only and is always on. Callback waiters
 * (idle bridge subscriptions, async operations) hold no thread and are not listed.
 */
public final class ChannelDiagnostics {

    private ChannelDiagnostics() {
    }

    /**
     * Returns the operations currently parked on channels, oldest first, each with its thread's
     * stack.
     *
     * @return a snapshot
     */
    public static List<BlockedOperation> blockedOperations() {
        List<BlockedOperationInfo> infos = BlockedRegistry.snapshot();
        List<BlockedOperation> result = new ArrayList<>(infos.size());
        long nowNanos = System.nanoTime();
        for (BlockedOperationInfo info : infos) {
            StackTraceElement[] stack = info.thread.getStackTrace();
            result.add(new BlockedOperation(info.thread, info.operation, info.arms,
                    Instant.ofEpochMilli(info.sinceMillis),
                    Duration.ofNanos(Math.max(0L, nowNanos - info.sinceNanos)),
                    Arrays.asList(stack)));
        }
        return result;
    }

    /**
     * Returns the number of operations currently parked on channels, without capturing stacks.
     *
     * @return the count
     */
    public static int blockedCount() {
        return BlockedRegistry.count();
    }

    /**
     * Formats {@link #blockedOperations()} as text: a summary line, then per operation a header
     * ({@link BlockedOperation#header()}) and its stack.
     *
     * @return the dump; "no operations blocked on channels" when there are none
     */
    public static String dump() {
        return format(blockedOperations());
    }

    /**
     * Formats the given operations as {@link #dump()} does.
     *
     * @param operations the operations to format
     * @return the text
     */
    public static String format(List<BlockedOperation> operations) {
        Objects.requireNonNull(operations, "operations is null");
        for (int i = 0; i < operations.size(); i++) {
            if (operations.get(i) == null) {
                throw new NullPointerException("operations[" + i + "] is null");
            }
        }
        StringBuilder text = new StringBuilder();
        if (operations.isEmpty()) {
            return text.append("no operations blocked on channels").append(System.lineSeparator())
                    .toString();
        }
        text.append(operations.size()).append(operations.size() == 1 ? " operation" : " operations")
                .append(" blocked on channels").append(System.lineSeparator());
        for (BlockedOperation operation : operations) {
            text.append(System.lineSeparator()).append(operation.header())
                    .append(System.lineSeparator());
            for (StackTraceElement frame : operation.stack()) {
                text.append("    at ").append(frame).append(System.lineSeparator());
            }
        }
        return text.toString();
    }

    /**
     * Prints {@link #dump()} to {@code out}.
     *
     * @param out where to print
     */
    public static void dump(PrintStream out) {
        Objects.requireNonNull(out, "out is null").print(dump());
        out.flush();
    }

    /**
     * Starts a watchdog on chanstream's timer thread that checks every {@code threshold / 2} (at
     * least every 10 ms) for operations blocked longer than {@code threshold} and passes them to
     * {@code onStuck}. Each operation is reported once.
     *
     * <p>It also reports a likely deadlock: when every task started by {@link Tasks} that is still
     * running, and at least one, has been blocked on a channel longer than {@code threshold}, it
     * calls {@code onDeadlock} with those operations, once per distinct set.
     *
     * @param threshold how long an operation may block before it is reported
     * @param onStuck called with operations newly found blocked past the threshold
     * @param onDeadlock called when all running tasks are blocked past the threshold
     * @return the watchdog; close it to stop
     * @throws NullPointerException if an argument is {@code null}
     * @throws IllegalArgumentException if {@code threshold} is not positive
     */
    public static Watchdog watchdog(Duration threshold,
            Consumer<? super List<BlockedOperation>> onStuck,
            Consumer<? super List<BlockedOperation>> onDeadlock) {
        long nanos = Checks.positiveNanos(threshold, "threshold");
        return new Watchdog(nanos, Objects.requireNonNull(onStuck, "onStuck is null"),
                Objects.requireNonNull(onDeadlock, "onDeadlock is null"));
    }

    /** A running watchdog; {@link #close()} stops it. */
    public static final class Watchdog implements AutoCloseable {

        private final long thresholdNanos;
        private final Consumer<? super List<BlockedOperation>> onStuck;
        private final Consumer<? super List<BlockedOperation>> onDeadlock;
        private final SharedTimer.Repeating timer;

        private Set<Thread> reported = Set.of();
        private Set<Thread> lastDeadlock = Set.of();

        Watchdog(long thresholdNanos, Consumer<? super List<BlockedOperation>> onStuck,
                Consumer<? super List<BlockedOperation>> onDeadlock) {
            this.thresholdNanos = thresholdNanos;
            this.onStuck = onStuck;
            this.onDeadlock = onDeadlock;
            long period = Math.max(Duration.ofMillis(10).toNanos(), thresholdNanos / 2);
            this.timer = SharedTimer.scheduleRepeating(this::check, period);
        }

        private void check() {
            List<BlockedOperation> stuck = new ArrayList<>();
            for (BlockedOperation operation : blockedOperations()) {
                if (operation.blockedFor().toNanos() >= thresholdNanos) {
                    stuck.add(operation);
                }
            }
            List<BlockedOperation> fresh = new ArrayList<>();
            java.util.HashSet<Thread> threads = new java.util.HashSet<>();
            for (BlockedOperation operation : stuck) {
                threads.add(operation.thread());
                if (!reported.contains(operation.thread())) {
                    fresh.add(operation);
                }
            }
            reported = Set.copyOf(threads);
            if (!fresh.isEmpty()) {
                onStuck.accept(List.copyOf(fresh));
            }
            Set<Thread> tasks = Tasks.running();
            if (!tasks.isEmpty() && threads.containsAll(tasks)) {
                if (!tasks.equals(lastDeadlock)) {
                    lastDeadlock = tasks;
                    List<BlockedOperation> deadlocked = new ArrayList<>();
                    for (BlockedOperation operation : stuck) {
                        if (tasks.contains(operation.thread())) {
                            deadlocked.add(operation);
                        }
                    }
                    onDeadlock.accept(List.copyOf(deadlocked));
                }
            } else {
                lastDeadlock = Set.of();
            }
        }

        /** Stops the watchdog. */
        @Override
        public void close() {
            timer.cancel();
        }
    }
}
