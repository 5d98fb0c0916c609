package chanstream.bench;

import com.softwaremill.jox.Channel;
import com.softwaremill.jox.Select;
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
 * The Jox anchors of {@link MpscBenchmark}: two producers into one consumer through a Jox select
 * over two channels, or through one shared Jox channel. The score is the time per element
 * received.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class JoxMpscBenchmark {

    private static final int PER_PRODUCER = MpscBenchmark.PER_PRODUCER;
    private static final int ELEMENTS = MpscBenchmark.ELEMENTS;

    /** Capacity of each channel; 0 makes them rendezvous channels. */
    @Param({"16"})
    public int capacity;

    @Param({ThreadKind.PARAM_PLATFORM, ThreadKind.PARAM_VIRTUAL})
    public String threads;

    private WorkerPool workers;

    @Setup(Level.Trial)
    public void startWorkers() {
        workers = new WorkerPool(ThreadKind.parse(threads), 3, "jox-mpsc");
    }

    @TearDown(Level.Trial)
    public void stopWorkers() throws InterruptedException {
        workers.close();
    }

    @Benchmark
    @OperationsPerInvocation(ELEMENTS)
    public void joxSelect() throws InterruptedException {
        Channel<Integer> first = newChannel();
        Channel<Integer> second = newChannel();
        workers.runAll(
                () -> produce(first),
                () -> produce(second),
                () -> {
                    for (int i = 0; i < ELEMENTS; i++) {
                        Select.select(first.receiveClause(), second.receiveClause());
                    }
                });
    }

    @Benchmark
    @OperationsPerInvocation(ELEMENTS)
    public void joxShared() throws InterruptedException {
        Channel<Integer> shared = newChannel();
        workers.runAll(
                () -> produce(shared),
                () -> produce(shared),
                () -> {
                    for (int i = 0; i < ELEMENTS; i++) {
                        shared.receive();
                    }
                });
    }

    private Channel<Integer> newChannel() {
        return capacity == 0 ? Channel.newRendezvousChannel() : Channel.newBufferedChannel(capacity);
    }

    private static void produce(Channel<Integer> channel) throws InterruptedException {
        for (int i = 0; i < PER_PRODUCER; i++) {
            channel.send(MpscBenchmark.ELEMENT);
        }
    }
}
