package chanstream.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A batch of threads of one kind, each running one task with its index, started together by a
 * benchmark and awaited together.
 *
 * <p>For the benchmarks that time a wake-up, {@link #startParked} returns only once every thread
 * is blocked, so the measured part starts with all of them parked.
 */
public final class ThreadBatch {

    private final List<Thread> threads;
    private final CountDownLatch finished;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    private ThreadBatch(int count) {
        this.threads = new ArrayList<>(count);
        this.finished = new CountDownLatch(count);
    }

    /**
     * Starts {@code count} threads that each run {@code task} with their index, 0 to
     * {@code count - 1}.
     *
     * @throws UnsupportedOperationException if {@code kind} is virtual and the JVM is older than
     *     JDK 21
     */
    public static ThreadBatch start(ThreadKind kind, String name, int count, IndexedTask task) {
        ThreadBatch batch = new ThreadBatch(count);
        ThreadFactory factory = kind.factory(name);
        try {
            for (int i = 0; i < count; i++) {
                int index = i;
                Thread thread = factory.newThread(() -> batch.runOne(task, index));
                thread.start();
                batch.threads.add(thread);
            }
        } catch (RuntimeException | Error e) {
            // For example OutOfMemoryError "unable to create native thread": end the started ones.
            batch.stopQuietly();
            throw e;
        }
        return batch;
    }

    /**
     * Starts {@code count} threads that each run {@code operation} with their index, then waits
     * until all of them are parked in it.
     *
     * @throws IllegalStateException if an operation returns or throws before the release, or the
     *     threads are not all parked within {@link WorkerPool#TIMEOUT_SECONDS}
     * @throws UnsupportedOperationException if {@code kind} is virtual and the JVM is older than
     *     JDK 21
     */
    public static ThreadBatch startParked(ThreadKind kind, String name, int count,
            IndexedTask operation) throws InterruptedException {
        ThreadBatch batch = start(kind, name, count, operation);
        try {
            batch.awaitAllParked();
        } catch (RuntimeException | InterruptedException e) {
            batch.stop();
            throw e;
        }
        return batch;
    }

    private void runOne(IndexedTask task, int index) {
        try {
            task.run(index);
        } catch (Throwable t) {
            failure.compareAndSet(null, t);
        } finally {
            finished.countDown();
        }
    }

    /**
     * Waits until every thread is in state WAITING or TIMED_WAITING, twice in a row 1 ms apart.
     * The second look lets a thread that was parked on the channel's internal lock, not in the
     * operation itself, move on and park in the operation.
     */
    private void awaitAllParked() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WorkerPool.TIMEOUT_SECONDS);
        int stableChecks = 0;
        while (stableChecks < 2) {
            checkNoFailure();
            if (finished.getCount() < threads.size()) {
                throw new IllegalStateException("a blocked operation returned before the release");
            }
            stableChecks = allParked() ? stableChecks + 1 : 0;
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(threads.size() + " threads did not all park within "
                        + WorkerPool.TIMEOUT_SECONDS + " s");
            }
            Thread.sleep(1);
        }
    }

    private boolean allParked() {
        for (Thread thread : threads) {
            Thread.State state = thread.getState();
            if (state != Thread.State.WAITING && state != Thread.State.TIMED_WAITING) {
                return false;
            }
        }
        return true;
    }

    /**
     * Waits until every task has returned.
     *
     * @throws IllegalStateException if a task threw (its exception is the cause) or the tasks did
     *     not all return within {@link WorkerPool#TIMEOUT_SECONDS}; the threads still running are
     *     then interrupted
     */
    public void awaitFinished() throws InterruptedException {
        if (!finished.await(WorkerPool.TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            long running = finished.getCount();
            stop();
            throw new IllegalStateException(running + " of " + threads.size()
                    + " threads did not return within " + WorkerPool.TIMEOUT_SECONDS
                    + " s, so a channel operation probably hangs or a wake-up was lost");
        }
        try {
            checkNoFailure();
        } catch (IllegalStateException e) {
            stop();
            throw e;
        }
    }

    /**
     * Waits until every thread has terminated, after {@link #awaitFinished} returned.
     *
     * @throws IllegalStateException if some thread is still alive after
     *     {@link WorkerPool#TIMEOUT_SECONDS}
     */
    public void join() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WorkerPool.TIMEOUT_SECONDS);
        for (Thread thread : threads) {
            long remainingMillis = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (remainingMillis > 0) {
                thread.join(remainingMillis);
            }
            if (thread.isAlive()) {
                throw new IllegalStateException(thread + " is still alive after "
                        + WorkerPool.TIMEOUT_SECONDS + " s");
            }
        }
    }

    /**
     * Interrupts the threads that are still running and waits for them to end.
     *
     * @throws IllegalStateException if some thread is still alive after
     *     {@link WorkerPool#TIMEOUT_SECONDS}
     */
    public void stop() throws InterruptedException {
        for (Thread thread : threads) {
            if (thread.isAlive()) {
                thread.interrupt();
            }
        }
        join();
    }

    private void stopQuietly() {
        try {
            stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IllegalStateException e) {
            // The caller rethrows the original failure; this one only adds a leaked thread.
        }
    }

    private void checkNoFailure() {
        Throwable t = failure.get();
        if (t != null) {
            throw new IllegalStateException("a benchmark thread failed: " + t, t);
        }
    }

    /** The task of the thread with the given index. */
    @FunctionalInterface
    public interface IndexedTask {
        void run(int index) throws Exception;
    }
}
