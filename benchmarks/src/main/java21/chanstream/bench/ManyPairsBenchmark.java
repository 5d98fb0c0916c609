package chanstream.bench;

import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * 10,000 independent pairs of threads play ping-pong at the same time, each pair over its own two
 * rendezvous channels, so 20,000 threads run at once: virtual threads by default. The score is
 * the time per hand-off over all pairs. It includes starting the 20,000 threads in each
 * invocation, which costs every implementation the same and is spread over 1,000,000 hand-offs.
 *
 * <p>Every invocation moves {@link #HANDOFFS} elements in total, so fewer pairs play more round
 * trips each. On platform threads at most 1,000 pairs are allowed ({@code -p threads=platform
 * -p pairs=1000}): 20,000 platform threads would take a large part of a typical Linux pid limit
 * of 32,768.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ManyPairsBenchmark {

    /** Hand-offs per invocation over all pairs: pairs × round trips × 2. */
    public static final int HANDOFFS = 1_000_000;

    /** The maximum number of pairs on platform threads. */
    public static final int MAX_PLATFORM_PAIRS = 1_000;

    static final Integer BALL = 42;

    /** Pairs playing at once; must divide {@code HANDOFFS / 2}. */
    @Param({"10000"})
    public int pairs;

    @Param({ThreadKind.PARAM_VIRTUAL})
    public String threads;

    private ThreadKind kind;
    private int roundTrips;

    @Setup(Level.Trial)
    public void checkParameters() {
        kind = ThreadKind.parse(threads);
        if (pairs <= 0 || (HANDOFFS / 2) % pairs != 0) {
            throw new IllegalArgumentException("invalid pairs " + pairs + ": it must divide "
                    + HANDOFFS / 2 + ", for example 1000 or 10000");
        }
        if (kind == ThreadKind.PLATFORM && pairs > MAX_PLATFORM_PAIRS) {
            throw new IllegalArgumentException("pairs " + pairs + " on platform threads would start "
                    + 2 * pairs + " OS threads; use -p pairs=" + MAX_PLATFORM_PAIRS + " or fewer");
        }
        roundTrips = HANDOFFS / 2 / pairs;
    }

    @Benchmark
    @OperationsPerInvocation(HANDOFFS)
    public void chanstream() throws InterruptedException {
        @SuppressWarnings("unchecked")
        chanstream.core.Channel<Integer>[] channels = new chanstream.core.Channel[2 * pairs];
        for (int i = 0; i < channels.length; i++) {
            channels[i] = chanstream.core.Channel.unbuffered();
        }
        int rounds = roundTrips;
        ThreadBatch.start(kind, "pairs-chanstream", 2 * pairs, index -> {
            chanstream.core.Channel<Integer> ping = channels[index & ~1];
            chanstream.core.Channel<Integer> pong = channels[index | 1];
            if ((index & 1) == 0) {
                for (int r = 0; r < rounds; r++) {
                    ping.send(BALL);
                    pong.receive();
                }
            } else {
                for (int r = 0; r < rounds; r++) {
                    pong.send(ping.receive());
                }
            }
        }).awaitFinished();
    }

    @Benchmark
    @OperationsPerInvocation(HANDOFFS)
    public void synchronousQueue() throws InterruptedException {
        @SuppressWarnings("unchecked")
        SynchronousQueue<Integer>[] queues = new SynchronousQueue[2 * pairs];
        for (int i = 0; i < queues.length; i++) {
            queues[i] = new SynchronousQueue<>();
        }
        int rounds = roundTrips;
        ThreadBatch.start(kind, "pairs-synchronous-queue", 2 * pairs, index -> {
            SynchronousQueue<Integer> ping = queues[index & ~1];
            SynchronousQueue<Integer> pong = queues[index | 1];
            if ((index & 1) == 0) {
                for (int r = 0; r < rounds; r++) {
                    ping.put(BALL);
                    pong.take();
                }
            } else {
                for (int r = 0; r < rounds; r++) {
                    pong.put(ping.take());
                }
            }
        }).awaitFinished();
    }

    @Benchmark
    @OperationsPerInvocation(HANDOFFS)
    public void jox() throws InterruptedException {
        @SuppressWarnings("unchecked")
        com.softwaremill.jox.Channel<Integer>[] channels = new com.softwaremill.jox.Channel[2 * pairs];
        for (int i = 0; i < channels.length; i++) {
            channels[i] = com.softwaremill.jox.Channel.newRendezvousChannel();
        }
        int rounds = roundTrips;
        ThreadBatch.start(kind, "pairs-jox", 2 * pairs, index -> {
            com.softwaremill.jox.Channel<Integer> ping = channels[index & ~1];
            com.softwaremill.jox.Channel<Integer> pong = channels[index | 1];
            if ((index & 1) == 0) {
                for (int r = 0; r < rounds; r++) {
                    ping.send(BALL);
                    pong.receive();
                }
            } else {
                for (int r = 0; r < rounds; r++) {
                    pong.send(ping.receive());
                }
            }
        }).awaitFinished();
    }
}
