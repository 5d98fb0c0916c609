package chanstream.bench;

import chanstream.core.Channel;
import java.util.concurrent.Exchanger;
import java.util.concurrent.LinkedTransferQueue;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Two threads bounce one value back and forth through rendezvous hand-offs: a "ping" from the
 * first thread to the second, then a "pong" back. The score is the time per hand-off, so one
 * round trip counts as two operations.
 *
 * <p>The Jox anchor is {@code JoxPingPongBenchmark}, which needs JDK 21.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PingPongBenchmark {

    /** Round trips per invocation. */
    public static final int ROUND_TRIPS = 10_000;

    /** Hand-offs per invocation: each round trip is a ping and a pong. */
    public static final int HANDOFFS = 2 * ROUND_TRIPS;

    static final Integer BALL = 42;

    @Param({ThreadKind.PARAM_PLATFORM, ThreadKind.PARAM_VIRTUAL})
    public String threads;

    private WorkerPool workers;

    @Setup(Level.Trial)
    public void startWorkers() {
        workers = new WorkerPool(ThreadKind.parse(threads), 2, "ping-pong");
    }

    @TearDown(Level.Trial)
    public void stopWorkers() throws InterruptedException {
        workers.close();
    }

    @Benchmark
    @OperationsPerInvocation(HANDOFFS)
    public void chanstream() throws InterruptedException {
        Channel<Integer> ping = Channel.unbuffered();
        Channel<Integer> pong = Channel.unbuffered();
        workers.runAll(
                () -> {
                    for (int i = 0; i < ROUND_TRIPS; i++) {
                        ping.send(BALL);
                        pong.receive();
                    }
                },
                () -> {
                    for (int i = 0; i < ROUND_TRIPS; i++) {
                        pong.send(ping.receive());
                    }
                });
    }

    @Benchmark
    @OperationsPerInvocation(HANDOFFS)
    public void synchronousQueue() throws InterruptedException {
        SynchronousQueue<Integer> ping = new SynchronousQueue<>();
        SynchronousQueue<Integer> pong = new SynchronousQueue<>();
        workers.runAll(
                () -> {
                    for (int i = 0; i < ROUND_TRIPS; i++) {
                        ping.put(BALL);
                        pong.take();
                    }
                },
                () -> {
                    for (int i = 0; i < ROUND_TRIPS; i++) {
                        pong.put(ping.take());
                    }
                });
    }

    @Benchmark
    @OperationsPerInvocation(HANDOFFS)
    public void linkedTransferQueue() throws InterruptedException {
        LinkedTransferQueue<Integer> ping = new LinkedTransferQueue<>();
        LinkedTransferQueue<Integer> pong = new LinkedTransferQueue<>();
        workers.runAll(
                () -> {
                    for (int i = 0; i < ROUND_TRIPS; i++) {
                        ping.transfer(BALL);
                        pong.take();
                    }
                },
                () -> {
                    for (int i = 0; i < ROUND_TRIPS; i++) {
                        pong.transfer(ping.take());
                    }
                });
    }

    /**
     * Bounces the value through an {@link Exchanger}. An exchange swaps values in both directions
     * at one meeting, so a round trip is two exchanges here: the same two rendezvous as the
     * channel's ping and pong.
     */
    @Benchmark
    @OperationsPerInvocation(HANDOFFS)
    public void exchanger() throws InterruptedException {
        Exchanger<Integer> exchanger = new Exchanger<>();
        WorkerPool.Task side = () -> {
            for (int i = 0; i < HANDOFFS; i++) {
                exchanger.exchange(BALL);
            }
        };
        workers.runAll(side, side);
    }
}
