package chanstream.core.scale;

import static org.assertj.core.api.Assertions.fail;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Measuring and waiting for the scale tests: heap after GC, live platform threads, bounded
 * polling, and the figures each test prints for the record.
 */
final class Scale {

    private static final int MAX_GC_ROUNDS = 10;

    private Scale() {
    }

    /**
     * Returns the heap in use after garbage collection: {@code System.gc()} is repeated, at most
     * {@value #MAX_GC_ROUNDS} times, until the figure stops falling by more than 1%.
     *
     * @return bytes in use
     */
    static long usedHeapAfterGc() {
        Runtime runtime = Runtime.getRuntime();
        long best = Long.MAX_VALUE;
        for (int round = 0; round < MAX_GC_ROUNDS; round++) {
            System.gc();
            long used = runtime.totalMemory() - runtime.freeMemory();
            if (used >= best - best / 100) {
                return Math.min(used, best);
            }
            best = used;
        }
        return best;
    }

    /** Returns the live platform threads; virtual threads are not enumerable. */
    static Set<Thread> platformThreads() {
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        Thread[] threads = new Thread[root.activeCount() + 16];
        int count;
        while ((count = root.enumerate(threads, true)) == threads.length) {
            threads = new Thread[threads.length * 2];
        }
        return new HashSet<>(Arrays.asList(threads).subList(0, count));
    }

    /** Returns the names of the threads in {@code after} that are not in {@code before}. */
    static List<String> newThreadNames(Set<Thread> before, Set<Thread> after) {
        return after.stream()
                .filter(thread -> !before.contains(thread))
                .map(Thread::getName)
                .sorted()
                .toList();
    }

    /**
     * Polls {@code condition} until it holds, failing after {@code limit} with the description
     * computed at that moment.
     */
    static void awaitCondition(Duration limit, Supplier<String> description,
            BooleanSupplier condition) {
        long deadline = System.nanoTime() + limit.toNanos();
        for (int round = 0; !condition.getAsBoolean(); round++) {
            if (System.nanoTime() - deadline > 0L) {
                fail("timed out after %s waiting for %s", limit, description.get());
            }
            if (round < 100) {
                Thread.onSpinWait();
            } else {
                LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(200));
            }
        }
    }

    /** Returns {@code true} once every thread is parked (waiting, with or without a timeout). */
    static boolean allParked(List<Thread> threads) {
        for (Thread thread : threads) {
            Thread.State state = thread.getState();
            if (state != Thread.State.WAITING && state != Thread.State.TIMED_WAITING) {
                return false;
            }
        }
        return true;
    }

    /** Prints one figure line, prefixed so that the figures can be found in the build output. */
    static void report(String format, Object... arguments) {
        System.out.println("[scale] " + String.format(Locale.ROOT, format, arguments));
    }

    static long millisSince(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024.0));
    }

    static String threadKind(boolean virtual) {
        return virtual ? "virtual threads" : "platform threads";
    }
}
