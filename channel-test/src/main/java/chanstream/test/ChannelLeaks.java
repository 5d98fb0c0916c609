package chanstream.test;

import chanstream.core.BlockedOperation;
import chanstream.core.ChannelDiagnostics;
import chanstream.core.Tasks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Checks that code under test left no channel operation blocked and no task running: Go's
 * goleak for chanstream, without the JUnit extension.
 *
 * <pre>{@code
 * @Test
 * void workerStopsWhenItsContextIsCancelled() throws Exception {
 *     ChannelLeaks.Baseline before = ChannelLeaks.baseline();   // goleak.IgnoreCurrent()
 *     try (Context ctx = Context.background().withCancel()) {
 *         startWorker(ctx);
 *     }
 *     before.verifyNone(Duration.ofSeconds(1));                 // defer goleak.VerifyNone(t)
 * }
 * }</pre>
 *
 * <p><b>What counts as a leak.</b> A thread parked in a channel operation
 * ({@link ChannelDiagnostics#blockedOperations()}), and a task started by {@link Tasks} that is
 * still running ({@link Tasks#running()}), whether blocked on a channel or not. These are never
 * reported:
 * <ul>
 *   <li>the thread that calls {@code verifyNone};
 *   <li>threads excluded by the {@code ignore} predicate;
 *   <li>with a {@link Baseline}, every thread that existed when it was taken: platform threads
 *       that were alive, tasks that were running and threads that were blocked on a channel. So
 *       a long-lived worker started before the test does not fail it, and a leak into such a
 *       thread is not found either.
 * </ul>
 * Callback waiters (an idle {@link chanstream.core.ReactiveChannels#toPublisher} subscription, a
 * pending {@code receiveAsync()}) hold no thread and are not reported. chanstream's own timer
 * thread ({@code chanstream-timer}) is not a task and never blocks on a channel, so it is never
 * reported either.
 *
 * <p><b>Grace period.</b> Tasks often finish a moment after the test body returns: a consumer
 * drains a closed channel, or a pipeline stage finds its done channel closed. Like goleak,
 * a check retries until the leaks are gone or the grace period has passed, and only then
 * fails. It waits by joining a leaked thread with a timeout, so it resumes as soon as that
 * thread ends, and re-checks at intervals of at most 100 ms. A check that finds no leak
 * returns at once.
 *
 * <p>The failure is a {@link ChannelLeakError} whose message lists the blocked operations, as
 * {@link ChannelDiagnostics#format(List)} does, and the stacks of the tasks still running.
 */
public final class ChannelLeaks {

    /** The grace period used when none is given: 1 second. */
    public static final Duration DEFAULT_GRACE = Duration.ofSeconds(1);

    private static final long MIN_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private static final long MAX_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private static final Predicate<Thread> IGNORE_NONE = thread -> false;

    private static final Baseline EMPTY = new Baseline(Set.of());

    private ChannelLeaks() {
    }

    /**
     * Records the threads that exist now, so that a later {@link Baseline#verifyNone} reports
     * only what was started, or became blocked, after this call.
     *
     * @return the baseline
     */
    public static Baseline baseline() {
        Set<Thread> existing = new HashSet<>(livePlatformThreads());
        existing.addAll(Tasks.running());
        for (BlockedOperation operation : blockedOperations()) {
            existing.add(operation.thread());
        }
        return new Baseline(existing);
    }

    /**
     * Fails if any channel operation is blocked or any task is running, after
     * {@link #DEFAULT_GRACE}.
     *
     * @throws ChannelLeakError if leaks remain after the grace period
     */
    public static void verifyNone() {
        EMPTY.verifyNone(DEFAULT_GRACE, IGNORE_NONE);
    }

    /**
     * Fails if any channel operation is blocked or any task is running once {@code grace} has
     * passed.
     *
     * @param grace how long to wait for leaks to go away, or zero to check once
     * @throws ChannelLeakError if leaks remain after the grace period
     * @throws IllegalArgumentException if {@code grace} is negative
     */
    public static void verifyNone(Duration grace) {
        EMPTY.verifyNone(grace, IGNORE_NONE);
    }

    /**
     * Fails if any channel operation is blocked or any task is running once {@code grace} has
     * passed, leaving out the threads {@code ignore} accepts.
     *
     * @param grace how long to wait for leaks to go away, or zero to check once
     * @param ignore returns {@code true} for a thread that may stay, for example
     *     {@code threadNamesMatching("reactor-.*")}
     * @throws ChannelLeakError if leaks remain after the grace period
     * @throws IllegalArgumentException if {@code grace} is negative
     */
    public static void verifyNone(Duration grace, Predicate<? super Thread> ignore) {
        EMPTY.verifyNone(grace, ignore);
    }

    /**
     * Returns a predicate that accepts threads whose whole name matches one of the regular
     * expressions, for the {@code ignore} parameter of {@code verifyNone}.
     *
     * @param regexes regular expressions in {@link Pattern} syntax, such as {@code "reactor-.*"}
     * @return the predicate
     * @throws java.util.regex.PatternSyntaxException if a regular expression is invalid
     */
    public static Predicate<Thread> threadNamesMatching(String... regexes) {
        Objects.requireNonNull(regexes, "regexes is null");
        List<Pattern> patterns = new ArrayList<>(regexes.length);
        for (int i = 0; i < regexes.length; i++) {
            patterns.add(Pattern.compile(Objects.requireNonNull(regexes[i],
                    "regexes[" + i + "] is null")));
        }
        return new ThreadNamePredicate(List.copyOf(patterns));
    }

    /**
     * The threads that existed when {@link ChannelLeaks#baseline()} was called. A check against
     * it reports only threads started, or blocked, later.
     */
    public static final class Baseline {

        private final Set<Thread> existing;

        private Baseline(Set<Thread> existing) {
            this.existing = existing;
        }

        /**
         * Fails if an operation became blocked, or a task was started, since the baseline and
         * is still there after {@link ChannelLeaks#DEFAULT_GRACE}.
         *
         * @throws ChannelLeakError if leaks remain after the grace period
         */
        public void verifyNone() {
            verifyNone(DEFAULT_GRACE, IGNORE_NONE);
        }

        /**
         * Fails if an operation became blocked, or a task was started, since the baseline and
         * is still there once {@code grace} has passed.
         *
         * @param grace how long to wait for leaks to go away, or zero to check once
         * @throws ChannelLeakError if leaks remain after the grace period
         * @throws IllegalArgumentException if {@code grace} is negative
         */
        public void verifyNone(Duration grace) {
            verifyNone(grace, IGNORE_NONE);
        }

        /**
         * Fails if an operation became blocked, or a task was started, since the baseline and
         * is still there once {@code grace} has passed, leaving out the threads {@code ignore}
         * accepts.
         *
         * @param grace how long to wait for leaks to go away, or zero to check once
         * @param ignore returns {@code true} for a thread that may stay
         * @throws ChannelLeakError if leaks remain after the grace period
         * @throws IllegalArgumentException if {@code grace} is negative
         */
        public void verifyNone(Duration grace, Predicate<? super Thread> ignore) {
            verify(grace, ignore, "");
        }

        /**
         * Waits up to {@code grace} for the leaks to go away, and throws if some remain.
         *
         * @param context what was checked, for the message, such as {@code " after test 'x()'"},
         *     or empty
         */
        void verify(Duration grace, Predicate<? super Thread> ignore, String context) {
            long graceNanos = graceNanos(grace);
            Objects.requireNonNull(ignore, "ignore is null");
            Thread caller = Thread.currentThread();
            long start = System.nanoTime();
            long pollNanos = MIN_POLL_NANOS;
            boolean interrupted = false;
            Leaks leaks = find(caller, ignore);
            while (!leaks.isEmpty()) {
                long remaining = graceNanos - (System.nanoTime() - start);
                if (remaining <= 0L) {
                    break;
                }
                try {
                    awaitEnd(leaks.anyThread(), Math.min(remaining, pollNanos));
                } catch (InterruptedException e) {
                    // Stop waiting, report what is left, and keep the interrupt for the caller.
                    interrupted = true;
                    break;
                }
                pollNanos = Math.min(2 * pollNanos, MAX_POLL_NANOS);
                leaks = find(caller, ignore);
            }
            if (interrupted) {
                caller.interrupt();
            }
            if (!leaks.isEmpty()) {
                throw new ChannelLeakError(leaks.describe(context, grace, interrupted),
                        leaks.blocked, leaks.tasks);
            }
        }

        private Leaks find(Thread caller, Predicate<? super Thread> ignore) {
            List<BlockedOperation> blocked = new ArrayList<>();
            Set<Thread> blockedThreads = new HashSet<>();
            for (BlockedOperation operation : blockedOperations()) {
                Thread thread = operation.thread();
                if (thread != caller && !existing.contains(thread) && !ignore.test(thread)) {
                    blocked.add(operation);
                    blockedThreads.add(thread);
                }
            }
            List<Thread> tasks = new ArrayList<>();
            for (Thread task : Tasks.running()) {
                if (task != caller && !existing.contains(task) && !blockedThreads.contains(task)
                        && !ignore.test(task)) {
                    tasks.add(task);
                }
            }
            tasks.sort(Comparator.comparingLong(ChannelLeaks::threadId));
            return new Leaks(List.copyOf(blocked), List.copyOf(tasks));
        }
    }

    /** The leaks found by one check. */
    private static final class Leaks {

        final List<BlockedOperation> blocked;
        final List<Thread> tasks;

        Leaks(List<BlockedOperation> blocked, List<Thread> tasks) {
            this.blocked = blocked;
            this.tasks = tasks;
        }

        boolean isEmpty() {
            return blocked.isEmpty() && tasks.isEmpty();
        }

        Thread anyThread() {
            return tasks.isEmpty() ? blocked.get(0).thread() : tasks.get(0);
        }

        String describe(String context, Duration grace, boolean interrupted) {
            String newline = System.lineSeparator();
            StringBuilder text = new StringBuilder("channel leak");
            text.append(context).append(": ");
            if (!blocked.isEmpty()) {
                text.append(count(blocked.size(), "operation", "operations"))
                        .append(" blocked on channels");
                if (!tasks.isEmpty()) {
                    text.append(" and ");
                }
            }
            if (!tasks.isEmpty()) {
                text.append(count(tasks.size(), "task", "tasks")).append(" still running");
            }
            if (interrupted) {
                text.append(" (the check was interrupted before the grace period of ")
                        .append(millis(grace)).append(" ms had passed)");
            } else {
                text.append(" after a grace period of ").append(millis(grace)).append(" ms");
            }
            text.append(newline);
            if (!blocked.isEmpty()) {
                text.append(newline).append(ChannelDiagnostics.format(blocked));
            }
            if (!tasks.isEmpty()) {
                text.append(newline).append(count(tasks.size(), "task", "tasks"))
                        .append(" started by Tasks still running, not blocked on a channel")
                        .append(newline);
                for (Thread task : tasks) {
                    text.append(newline).append(header(task)).append(newline);
                    for (StackTraceElement frame : task.getStackTrace()) {
                        text.append("    at ").append(frame).append(newline);
                    }
                }
            }
            text.append(newline)
                    .append("Each test should end what it starts: close or cancel the channels "
                            + "its tasks wait on (or the Context they watch), and wait for the "
                            + "tasks to finish. A thread that is meant to outlive the test can be "
                            + "ignored, for example with @VerifyNoChannelLeaks(ignoreThreads = "
                            + "\"worker-.*\").")
                    .append(newline);
            return text.toString();
        }

        private static String header(Thread task) {
            return "thread \"" + task.getName() + "\" #" + threadId(task)
                    + (isVirtual(task) ? " (virtual)" : "") + " [" + task.getState() + "]";
        }

        private static String count(int count, String singular, String plural) {
            return count + " " + (count == 1 ? singular : plural);
        }
    }

    /** Accepts threads whose whole name matches one of the patterns. */
    private static final class ThreadNamePredicate implements Predicate<Thread> {

        private final List<Pattern> patterns;

        ThreadNamePredicate(List<Pattern> patterns) {
            this.patterns = patterns;
        }

        @Override
        public boolean test(Thread thread) {
            String name = thread.getName();
            for (Pattern pattern : patterns) {
                if (pattern.matcher(name).matches()) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public String toString() {
            return "thread names matching " + patterns;
        }
    }

    /** Returns {@code duration} in milliseconds, saturated at {@link Long#MAX_VALUE}. */
    private static long millis(Duration duration) {
        try {
            return duration.toMillis();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }

    static long graceNanos(Duration grace) {
        Objects.requireNonNull(grace, "grace is null");
        if (grace.isNegative()) {
            throw new IllegalArgumentException("grace must be >= 0, was " + grace);
        }
        try {
            return grace.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }

    /** Waits until {@code thread} ends or {@code nanos} pass, whichever comes first. */
    private static void awaitEnd(Thread thread, long nanos) throws InterruptedException {
        if (thread.isAlive()) {
            long millis = TimeUnit.NANOSECONDS.toMillis(nanos);
            thread.join(millis, (int) (nanos - TimeUnit.MILLISECONDS.toNanos(millis)));
        } else {
            // A task that is registered but not started yet cannot be joined, so wait out
            // the interval.
            LockSupport.parkNanos(nanos);
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
    }

    private static List<BlockedOperation> blockedOperations() {
        // Capturing stacks is the expensive part, and most checks find nothing blocked.
        return ChannelDiagnostics.blockedCount() == 0
                ? List.of()
                : ChannelDiagnostics.blockedOperations();
    }

    /** Returns the live platform threads; virtual threads are not enumerable. */
    private static List<Thread> livePlatformThreads() {
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        Thread[] threads = new Thread[root.activeCount() + 16];
        int count;
        while ((count = root.enumerate(threads, true)) == threads.length) {
            threads = new Thread[threads.length * 2];
        }
        return Arrays.asList(threads).subList(0, count);
    }

    @SuppressWarnings("deprecation")
    private static long threadId(Thread thread) {
        // Thread.threadId() needs JDK 19, and getId() returns the same value.
        return thread.getId();
    }

    private static boolean isVirtual(Thread thread) {
        return thread.getClass().getName().equals("java.lang.VirtualThread");
    }
}
