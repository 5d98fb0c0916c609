package chanstream.core.internal;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The one timer thread behind {@code after}, {@code tick} and context deadlines. Timers never
 * start a thread each; cancelled timers leave the queue at once. The thread is a daemon named
 * {@code chanstream-timer}, started on first use. Timer actions must be short and must not
 * block: they only send without waiting, close or cancel.
 */
public final class SharedTimer {

    /** The name of the timer thread, for leak checks that ignore it. */
    public static final String THREAD_NAME = "chanstream-timer";

    private static final ScheduledThreadPoolExecutor EXECUTOR = createExecutor();

    private SharedTimer() {
    }

    private static ScheduledThreadPoolExecutor createExecutor() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, THREAD_NAME);
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        return executor;
    }

    /** Runs {@code action} once after {@code delayNanos}. */
    public static ScheduledFuture<?> schedule(Runnable action, long delayNanos) {
        return EXECUTOR.schedule(guarded(action), delayNanos, TimeUnit.NANOSECONDS);
    }

    /**
     * Runs {@code action} every {@code periodNanos}, the first time after one period, on the
     * grid of multiples of the period from now. A run that is late skips the points of the grid
     * already past, as Go's tickers do, instead of catching up on them. A fixed-rate schedule
     * would catch up: with a period shorter than a run, it would stay first in the queue and
     * starve every other timer.
     *
     * @return a handle whose {@link Repeating#cancel()} stops the runs
     */
    public static Repeating scheduleRepeating(Runnable action, long periodNanos) {
        Repeating repeating = new Repeating(guarded(action), periodNanos);
        repeating.start();
        return repeating;
    }

    /** A repeating timer; see {@link #scheduleRepeating}. */
    public static final class Repeating {

        private final Runnable action;
        private final long periodNanos;

        /** The {@link System#nanoTime()} of the next run; read and written by one run at a time. */
        private long next;

        private volatile boolean cancelled;
        private volatile @Nullable ScheduledFuture<?> pending;

        Repeating(Runnable action, long periodNanos) {
            this.action = action;
            this.periodNanos = periodNanos;
        }

        private void start() {
            next = System.nanoTime() + periodNanos;
            scheduleAt(next - System.nanoTime());
        }

        private void run() {
            if (cancelled) {
                return;
            }
            action.run();
            long now = System.nanoTime();
            next += periodNanos;
            long late = now - next;
            if (late >= 0) {
                next += (late / periodNanos + 1) * periodNanos;
            }
            scheduleAt(next - now);
        }

        private void scheduleAt(long delayNanos) {
            if (cancelled) {
                return;
            }
            ScheduledFuture<?> future =
                    EXECUTOR.schedule(this::run, delayNanos, TimeUnit.NANOSECONDS);
            pending = future;
            if (cancelled) {
                future.cancel(false);
            }
        }

        /** Stops the runs; a run already under way finishes. */
        public void cancel() {
            cancelled = true;
            ScheduledFuture<?> future = pending;
            if (future != null) {
                future.cancel(false);
            }
        }
    }

    /** Returns the number of timers waiting to fire, for tests. */
    public static int pendingCount() {
        return EXECUTOR.getQueue().size();
    }

    private static Runnable guarded(Runnable action) {
        return () -> {
            try {
                action.run();
            } catch (Throwable failure) {
                chanstream.core.ChannelHooks.onUndeliverableError(failure);
            }
        };
    }
}
