package chanstream.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A fixed set of long-lived threads of one {@link ThreadKind} that run the two or three sides of
 * a benchmark (sender, receiver, selector), one task per thread, while the JMH thread waits.
 *
 * <p>Reusing the threads across invocations keeps thread start-up out of the measurement. Handing
 * the tasks to the workers and waiting for their completion costs an estimated few tens of
 * microseconds per invocation, so the benchmarks move at least 20,000 elements per invocation
 * to make it small per element.
 */
public final class WorkerPool implements AutoCloseable {

    /** How long one invocation may take before it counts as hung. */
    public static final long TIMEOUT_SECONDS = 60;

    private final ExecutorService executor;
    private final int size;

    /**
     * Starts {@code size} workers.
     *
     * @throws UnsupportedOperationException if {@code kind} is virtual and the JVM is older than
     *     JDK 21
     */
    public WorkerPool(ThreadKind kind, int size, String name) {
        this.executor = Executors.newFixedThreadPool(size, kind.factory(name));
        this.size = size;
    }

    /**
     * Runs each task on its own worker and waits until all have returned.
     *
     * <p>If a task throws or the tasks take longer than {@link #TIMEOUT_SECONDS}, the other tasks
     * are interrupted, so that a partner blocked on a channel does not keep its worker.
     *
     * @throws IllegalArgumentException if there are more tasks than workers
     * @throws IllegalStateException if a task threw (the task's exception is the cause) or the
     *     tasks timed out
     * @throws InterruptedException if the JMH thread is interrupted while waiting
     */
    public void runAll(Task... tasks) throws InterruptedException {
        if (tasks.length > size) {
            throw new IllegalArgumentException(
                    tasks.length + " tasks do not fit on " + size + " workers");
        }
        List<Future<?>> futures = new ArrayList<>(tasks.length);
        for (Task task : tasks) {
            futures.add(executor.submit(() -> {
                task.run();
                return null;
            }));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        try {
            for (Future<?> future : futures) {
                future.get(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            }
        } catch (ExecutionException e) {
            cancelAll(futures);
            throw new IllegalStateException("a benchmark task failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            cancelAll(futures);
            throw new IllegalStateException("the benchmark tasks did not finish within "
                    + TIMEOUT_SECONDS + " s, so a channel operation probably hangs", e);
        } catch (InterruptedException e) {
            cancelAll(futures);
            throw e;
        }
    }

    private static void cancelAll(List<Future<?>> futures) {
        for (Future<?> future : futures) {
            future.cancel(true);
        }
    }

    /** Interrupts the workers and waits up to 10 s for them to end. */
    @Override
    public void close() throws InterruptedException {
        executor.shutdownNow();
        if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("benchmark workers did not stop within 10 s of an interrupt");
        }
    }

    /** One side of a benchmark: a loop of channel or queue operations. */
    @FunctionalInterface
    public interface Task {
        void run() throws Exception;
    }
}
