package chanstream.bench;

import com.softwaremill.jox.Channel;
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
 * The Jox anchor of {@link PingPongBenchmark}: the same ping-pong over two Jox rendezvous
 * channels. The score is the time per hand-off.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class JoxPingPongBenchmark {

    private static final int ROUND_TRIPS = PingPongBenchmark.ROUND_TRIPS;

    @Param({ThreadKind.PARAM_PLATFORM, ThreadKind.PARAM_VIRTUAL})
    public String threads;

    private WorkerPool workers;

    @Setup(Level.Trial)
    public void startWorkers() {
        workers = new WorkerPool(ThreadKind.parse(threads), 2, "jox-ping-pong");
    }

    @TearDown(Level.Trial)
    public void stopWorkers() throws InterruptedException {
        workers.close();
    }

    @Benchmark
    @OperationsPerInvocation(PingPongBenchmark.HANDOFFS)
    public void jox() throws InterruptedException {
        Channel<Integer> ping = Channel.newRendezvousChannel();
        Channel<Integer> pong = Channel.newRendezvousChannel();
        workers.runAll(
                () -> {
                    for (int i = 0; i < ROUND_TRIPS; i++) {
                        ping.send(PingPongBenchmark.BALL);
                        pong.receive();
                    }
                },
                () -> {
                    for (int i = 0; i < ROUND_TRIPS; i++) {
                        pong.send(ping.receive());
                    }
                });
    }
}
