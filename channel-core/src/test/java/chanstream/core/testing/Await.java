package chanstream.core.testing;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Bounded polling for conditions that no latch can signal, such as "this thread is parked" or
 * "the channel has three queued senders". The bound is generous, because it only matters when
 * the condition never comes true, and the machine may be loaded.
 */
public final class Await {

    /** How long a test waits for something that must happen before it fails. */
    public static final Duration LIVENESS = Duration.ofSeconds(30);

    private Await() {
    }

    /**
     * Polls {@code condition} until it holds, failing after {@link #LIVENESS}.
     *
     * @param description what is awaited, for the failure message
     * @param condition the condition to poll
     */
    public static void until(String description, BooleanSupplier condition) {
        until(() -> description, condition);
    }

    /**
     * Polls {@code condition} until it holds, failing after {@link #LIVENESS} with a message
     * computed at the time of the failure.
     *
     * @param description the failure message, computed when the wait fails
     * @param condition the condition to poll
     */
    public static void until(Supplier<String> description, BooleanSupplier condition) {
        long deadline = System.nanoTime() + LIVENESS.toNanos();
        for (int round = 0; !condition.getAsBoolean(); round++) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + LIVENESS + " waiting until "
                        + description.get());
            }
            if (round < 100) {
                Thread.onSpinWait();
            } else {
                LockSupport.parkNanos(100_000L);
            }
        }
    }

    /**
     * Waits until {@code thread} is parked (state {@code WAITING} or {@code TIMED_WAITING}).
     *
     * @param thread a platform or virtual thread
     */
    public static void parked(Thread thread) {
        until(() -> thread.getName() + " is parked, it is " + thread.getState(), () -> {
            Thread.State state = thread.getState();
            return state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING;
        });
    }

    /**
     * Waits until {@code thread} ends, failing with its stack trace after {@link #LIVENESS}.
     *
     * @param thread the thread to join
     * @throws InterruptedException if the calling thread is interrupted
     */
    public static void terminated(Thread thread) throws InterruptedException {
        thread.join(LIVENESS.toMillis());
        if (thread.isAlive()) {
            AssertionError failure = new AssertionError(
                    thread.getName() + " still runs after " + LIVENESS + ", in state "
                            + thread.getState() + "; its stack is attached");
            failure.setStackTrace(thread.getStackTrace());
            throw failure;
        }
    }
}
