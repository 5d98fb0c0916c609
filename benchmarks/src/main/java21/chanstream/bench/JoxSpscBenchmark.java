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
 * The Jox anchor of {@link SpscRendezvousBenchmark} (capacity 0, a Jox rendezvous channel) and
 * {@link SpscBufferedBenchmark} (capacities 16 and 1024). The score is the time per element.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class JoxSpscBenchmark {

    @Param({"0", "16", "1024"})
    public int capacity;

    @Param({ThreadKind.PARAM_PLATFORM, ThreadKind.PARAM_VIRTUAL})
    public String threads;

    private WorkerPool workers;

    @Setup(Level.Trial)
    public void startWorkers() {
        workers = new WorkerPool(ThreadKind.parse(threads), 2, "jox-spsc");
    }

    @TearDown(Level.Trial)
    public void stopWorkers() throws InterruptedException {
        workers.close();
    }

    @Benchmark
    @OperationsPerInvocation(SpscRendezvousBenchmark.ELEMENTS)
    public void jox() throws InterruptedException {
        Channel<Integer> channel = capacity == 0
                ? Channel.newRendezvousChannel()
                : Channel.newBufferedChannel(capacity);
        workers.runAll(
                () -> {
                    for (int i = 0; i < SpscRendezvousBenchmark.ELEMENTS; i++) {
                        channel.send(SpscRendezvousBenchmark.ELEMENT);
                    }
                },
                () -> {
                    for (int i = 0; i < SpscRendezvousBenchmark.ELEMENTS; i++) {
                        channel.receive();
                    }
                });
    }
}
