package chanstream.rxjava;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs two actions as nearly at the same moment as possible, round after round: the first
 * on the calling thread, the second on one helper thread of a given kind that lives as
 * long as the racer. Both spin on a shared counter until both have arrived, then run.
 */
final class Racer implements AutoCloseable {

    private static final long ROUND_TIMEOUT_SECONDS = 30;

    private static final Runnable STOP = () -> { };

    private final SynchronousQueue<Runnable> rounds = new SynchronousQueue<>();
    private final CompletableFuture<Void> helper;

    Racer(ThreadKind kind) {
        this.helper = kind.start("racer-helper", () -> {
            for (;;) {
                Runnable round = rounds.take();
                if (round == STOP) {
                    return;
                }
                round.run();
            }
        });
    }

    /** Runs {@code first} here and {@code second} on the helper, and waits for both. */
    void race(Runnable first, Runnable second) throws Throwable {
        AtomicInteger arrivals = new AtomicInteger(2);
        CompletableFuture<Void> secondDone = new CompletableFuture<>();
        Runnable round = () -> {
            try {
                arrive(arrivals);
                second.run();
                secondDone.complete(null);
            } catch (Throwable failure) {
                secondDone.completeExceptionally(failure);
            }
        };
        if (!rounds.offer(round, ROUND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            throw new AssertionError("the racer's helper thread did not take the round");
        }
        arrive(arrivals);
        first.run();
        ThreadKind.await(secondDone);
    }

    private static void arrive(AtomicInteger arrivals) {
        arrivals.decrementAndGet();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(ROUND_TIMEOUT_SECONDS);
        while (arrivals.get() != 0) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("the other racer did not arrive");
            }
            // Yield so that two virtual threads sharing one carrier both get to arrive.
            Thread.yield();
        }
    }

    /** Stops the helper thread and waits for it. */
    @Override
    public void close() throws InterruptedException {
        rounds.offer(STOP, ROUND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        try {
            ThreadKind.await(helper);
        } catch (InterruptedException | RuntimeException | Error failure) {
            throw failure;
        } catch (Throwable other) {
            throw new AssertionError("the racer's helper thread failed", other);
        }
    }
}
