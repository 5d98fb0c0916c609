package chanstream.core.internal;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

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

    /** Runs {@code action} every {@code periodNanos}, the first time after one period. */
    public static ScheduledFuture<?> scheduleAtFixedRate(Runnable action, long periodNanos) {
        return EXECUTOR.scheduleAtFixedRate(guarded(action), periodNanos, periodNanos,
                TimeUnit.NANOSECONDS);
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
