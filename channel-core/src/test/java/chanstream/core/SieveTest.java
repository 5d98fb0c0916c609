package chanstream.core;

import static chanstream.core.testing.Capacity.ONE;
import static chanstream.core.testing.Capacity.SIXTEEN;
import static chanstream.core.testing.Capacity.UNBUFFERED;
import static org.assertj.core.api.Assertions.assertThat;

import chanstream.core.testing.Await;
import chanstream.core.testing.Capacity;
import chanstream.core.testing.ChannelMatrix;
import chanstream.core.testing.ThreadKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A concurrent prime sieve built from channels and tasks. A generator sends 2, 3, 4, ... and
 * each prime found adds a filter stage that drops its multiples. It exercises long chains of
 * rendezvous, and shutdown by close (propagated downstream) and by cancel (propagated
 * upstream).
 */
@Timeout(120)
class SieveTest {

    private static final int LIMIT = 600;

    @ChannelMatrix
    void closedPipelineYieldsEveryPrimeBelowTheLimit(Capacity capacity, ThreadKind threads)
            throws Exception {
        threads.assumeAvailable();
        Queue<Thread> started = new ConcurrentLinkedQueue<>();
        Function<Runnable, Thread> start = task -> {
            Thread thread = threads.start("sieve-stage", task);
            started.add(thread);
            return thread;
        };

        List<Integer> primes = sieveUpTo(capacity, start);

        assertThat(primes).containsExactlyElementsOf(primesBelow(LIMIT));
        for (Thread thread : started) {
            Await.terminated(thread);
        }
    }

    @ChannelMatrix(capacities = {UNBUFFERED, ONE, SIXTEEN})
    void cancellingTheLastStageStopsEveryStage(Capacity capacity, ThreadKind threads)
            throws Exception {
        threads.assumeAvailable();
        Queue<Thread> started = new ConcurrentLinkedQueue<>();
        Function<Runnable, Thread> start = task -> {
            Thread thread = threads.start("sieve-stage", task);
            started.add(thread);
            return thread;
        };
        int wanted = 50;

        Channel<Integer> ch = capacity.newChannel();
        start.apply(() -> generateForever(ch));
        List<Integer> primes = new ArrayList<>();
        ReceiveChannel<Integer> last = ch;
        for (int i = 0; i < wanted; i++) {
            int prime = last.receive();
            primes.add(prime);
            Channel<Integer> next = capacity.newChannel();
            ReceiveChannel<Integer> in = last;
            start.apply(() -> filter(in, next, prime));
            last = next;
        }
        last.cancel();

        assertThat(primes).containsExactlyElementsOf(primesBelow(230).subList(0, wanted));
        for (Thread thread : started) {
            Await.terminated(thread);
        }
        assertThat(ch.isClosedForSend()).as("generator's channel cancelled by the stages").isTrue();
    }

    @Test
    void sieveRunsOnTasks() throws Exception {
        List<Thread> started = new ArrayList<>();
        Function<Runnable, Thread> start = task -> {
            Thread thread = Tasks.start(task);
            started.add(thread);
            return thread;
        };

        List<Integer> primes = sieveUpTo(Capacity.UNBUFFERED, start);

        assertThat(primes).containsExactlyElementsOf(primesBelow(LIMIT));
        for (Thread thread : started) {
            Await.terminated(thread);
        }
        assertThat(Tasks.running()).doesNotContainAnyElementsOf(started);
    }

    /** Runs the sieve over 2 to {@link #LIMIT} - 1 and returns the primes in arrival order. */
    private static List<Integer> sieveUpTo(Capacity capacity, Function<Runnable, Thread> start)
            throws InterruptedException {
        Channel<Integer> source = capacity.newChannel();
        start.apply(() -> {
            try (Channel<Integer> out = source) {
                for (int n = 2; n < LIMIT; n++) {
                    out.send(n);
                }
            } catch (InterruptedException stopped) {
                Thread.currentThread().interrupt();
            }
        });
        List<Integer> primes = new ArrayList<>();
        ReceiveChannel<Integer> last = source;
        Integer prime;
        while ((prime = last.receiveOrNull()) != null) {
            primes.add(prime);
            Channel<Integer> next = capacity.newChannel();
            ReceiveChannel<Integer> in = last;
            int divisor = prime;
            start.apply(() -> filter(in, next, divisor));
            last = next;
        }
        return primes;
    }

    /** Sends 2, 3, 4, ... until the channel is closed from downstream. */
    private static void generateForever(SendChannel<Integer> out) {
        try {
            for (int n = 2; ; n++) {
                out.send(n);
            }
        } catch (ChannelClosedException cancelled) {
            // The downstream stage gave up: the generator ends.
        } catch (InterruptedException stopped) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Passes on what {@code in} yields that {@code prime} does not divide. Closes {@code out}
     * when {@code in} is closed; cancels {@code in} when {@code out} was cancelled.
     */
    private static void filter(ReceiveChannel<Integer> in, Channel<Integer> out, int prime) {
        try (out) {
            in.forEach(n -> {
                if (n % prime != 0) {
                    sendOrThrow(out, n);
                }
            });
        } catch (ChannelClosedException downstreamCancelled) {
            in.cancel();
        } catch (InterruptedException stopped) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sendOrThrow(SendChannel<Integer> out, int n) {
        try {
            out.send(n);
        } catch (InterruptedException stopped) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("filter stage interrupted", stopped);
        }
    }

    private static List<Integer> primesBelow(int limit) {
        return IntStream.range(2, limit)
                .filter(n -> IntStream.rangeClosed(2, (int) Math.sqrt(n))
                        .noneMatch(d -> n % d == 0))
                .boxed()
                .toList();
    }
}
