package chanstream.core.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A group of threads of one {@link ThreadKind} that run the same body, each with its index,
 * and are joined with a bound. An exception escaping a body is kept and rethrown by
 * {@link #join()}, so a failing assertion on a worker fails the test.
 *
 * <pre>{@code
 * try (Workers senders = Workers.start(threads, "sender", 4, i -> ch.send(i))) {
 *     ...
 *     senders.join();
 * }
 * }</pre>
 *
 * <p>{@link #close()} interrupts the workers still running, so a test that fails early does not
 * leave threads blocked on its channels.
 */
public final class Workers implements AutoCloseable {

    /** The body of one worker. */
    @FunctionalInterface
    public interface Body {

        /**
         * Runs worker {@code index}.
         *
         * @param index the worker's index, from 0
         * @throws Exception any failure, rethrown by {@link #join()}
         */
        void run(int index) throws Exception;
    }

    private final List<Thread> threads;
    private final Queue<Throwable> failures = new ConcurrentLinkedQueue<>();

    private Workers(int count) {
        this.threads = new ArrayList<>(count);
    }

    /**
     * Starts {@code count} threads of kind {@code kind} named {@code name-0}, {@code name-1}, ...
     *
     * @param kind the thread kind
     * @param name the start of each thread's name
     * @param count the number of threads
     * @param body the body, called with each thread's index
     * @return the started workers
     */
    public static Workers start(ThreadKind kind, String name, int count, Body body) {
        kind.assumeAvailable();
        Workers workers = new Workers(count);
        for (int i = 0; i < count; i++) {
            int index = i;
            workers.threads.add(kind.newThread(name + "-" + i, () -> {
                try {
                    body.run(index);
                } catch (Throwable failure) {
                    workers.failures.add(failure);
                }
            }));
        }
        for (Thread thread : workers.threads) {
            thread.start();
        }
        return workers;
    }

    /**
     * Starts one thread of kind {@code kind}.
     *
     * @param kind the thread kind
     * @param name the thread's name
     * @param body the body, called with index 0
     * @return the started worker
     */
    public static Workers startOne(ThreadKind kind, String name, Body body) {
        return start(kind, name, 1, body);
    }

    /** Returns the threads, in index order. */
    public List<Thread> threads() {
        return Collections.unmodifiableList(threads);
    }

    /** Returns the thread with index {@code index}. */
    public Thread thread(int index) {
        return threads.get(index);
    }

    /** Interrupts every worker. */
    public void interruptAll() {
        for (Thread thread : threads) {
            thread.interrupt();
        }
    }

    /**
     * Waits until every worker ended, then rethrows the first failure of a body, if any.
     *
     * @throws AssertionError if a worker still runs after {@link Await#LIVENESS}, or a body threw
     * @throws InterruptedException if the calling thread is interrupted
     */
    public void join() throws InterruptedException {
        join(Await.LIVENESS);
    }

    /**
     * Waits at most {@code timeout} in total until every worker ended, then rethrows the first
     * failure of a body, if any.
     *
     * @param timeout the bound on the whole wait
     * @throws AssertionError if a worker still runs after {@code timeout}, or a body threw
     * @throws InterruptedException if the calling thread is interrupted
     */
    public void join(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Thread thread : threads) {
            long remaining = deadline - System.nanoTime();
            if (remaining > 0) {
                thread.join(Math.max(1L, remaining / 1_000_000L));
            }
            if (thread.isAlive()) {
                AssertionError stuck = new AssertionError(thread.getName() + " still runs after "
                        + timeout + ", in state " + thread.getState() + " (" + aliveCount()
                        + " of " + threads.size() + " workers still run); its stack is attached");
                stuck.setStackTrace(thread.getStackTrace());
                throw stuck;
            }
        }
        rethrowFailures();
    }

    private int aliveCount() {
        int alive = 0;
        for (Thread thread : threads) {
            if (thread.isAlive()) {
                alive++;
            }
        }
        return alive;
    }

    private void rethrowFailures() {
        Throwable first = failures.peek();
        if (first == null) {
            return;
        }
        AssertionError failure = new AssertionError(
                failures.size() + " worker(s) failed, the first with: " + first, first);
        failures.stream().skip(1).forEach(failure::addSuppressed);
        throw failure;
    }

    /** Interrupts the workers that still run and waits briefly for them to end. */
    @Override
    public void close() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        for (Thread thread : threads) {
            if (thread.isAlive()) {
                thread.interrupt();
            }
        }
        for (Thread thread : threads) {
            long remaining = deadline - System.nanoTime();
            if (remaining > 0) {
                thread.join(Math.max(1L, remaining / 1_000_000L));
            }
        }
    }
}
