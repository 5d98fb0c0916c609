package chanstream.core;

import chanstream.core.internal.Checks;
import java.util.Objects;
import java.util.concurrent.locks.AbstractQueuedSynchronizer;

/**
 * Go's {@code sync.WaitGroup}: waits for a collection of tasks to finish.
 *
 * <pre>{@code
 * WaitGroup wg = new WaitGroup();
 * for (Job job : jobs) {
 *     wg.go(() -> job.run());     // wg.Add(1); go func() { defer wg.Done(); job.run() }()
 * }
 * wg.await();                      // wg.Wait()
 * }</pre>
 *
 * <p>Waiting parks the thread without pinning a virtual thread. As in Go, call {@link #add}
 * before starting the task it counts, not inside it.
 */
public final class WaitGroup {

    private final Counter counter = new Counter();

    /**
     * Adds {@code delta}, which may be negative, to the counter. Waiters wake when it reaches
     * zero.
     *
     * @param delta the change
     * @throws IllegalStateException if the counter would become negative (Go panics with
     *     "negative WaitGroup counter"); the counter is then unchanged
     */
    public void add(int delta) {
        counter.releaseShared(delta);
    }

    /** Decrements the counter by one: Go's {@code wg.Done()}. */
    public void done() {
        add(-1);
    }

    /**
     * Adds one, then starts {@code task} like {@link Tasks#start(Runnable)} and calls
     * {@link #done()} when it finishes, even if it throws. The task has left
     * {@link Tasks#running()} before {@code done()} runs, so once {@link #await()} returns no task
     * of this group is listed there.
     *
     * @param task the work
     * @return the started thread
     */
    public Thread go(Runnable task) {
        Objects.requireNonNull(task, "task is null");
        add(1);
        try {
            return Tasks.startTracked(Tasks.nextName(), task, this::done);
        } catch (Throwable failure) {
            done();
            throw failure;
        }
    }

    /**
     * Waits until the counter is zero.
     *
     * @throws InterruptedException if interrupted while waiting
     */
    public void await() throws InterruptedException {
        counter.acquireSharedInterruptibly(0);
    }

    /**
     * Waits until the counter is zero, at most {@code timeout}.
     *
     * @param timeout the longest wait
     * @return {@code true} if the counter reached zero, {@code false} if the time ran out
     * @throws InterruptedException if interrupted while waiting
     */
    public boolean await(java.time.Duration timeout) throws InterruptedException {
        long nanos = Checks.timeoutNanos(timeout);
        return counter.tryAcquireSharedNanos(0, nanos);
    }

    /**
     * Returns the current counter value.
     *
     * @return the number of tasks not yet done
     */
    public int count() {
        return counter.count();
    }

    @Override
    public String toString() {
        return "WaitGroup(count=" + count() + ")";
    }

    /** The counter as AQS state; shared acquire succeeds when it is zero. */
    private static final class Counter extends AbstractQueuedSynchronizer {

        private static final long serialVersionUID = 1L;

        int count() {
            return getState();
        }

        @Override
        protected int tryAcquireShared(int ignored) {
            return getState() == 0 ? 1 : -1;
        }

        @Override
        protected boolean tryReleaseShared(int delta) {
            for (;;) {
                int current = getState();
                long next = (long) current + delta;
                if (next < 0) {
                    throw new IllegalStateException("negative WaitGroup counter: " + current
                            + " + (" + delta + "); call done() once per add(1)");
                }
                if (next > Integer.MAX_VALUE) {
                    throw new IllegalStateException("WaitGroup counter overflow: " + current
                            + " + " + delta + "; the counter holds at most Integer.MAX_VALUE "
                            + "pending tasks");
                }
                if (compareAndSetState(current, (int) next)) {
                    return next == 0;
                }
            }
        }
    }
}
