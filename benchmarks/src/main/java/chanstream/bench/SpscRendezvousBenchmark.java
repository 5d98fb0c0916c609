package chanstream.bench;

import chanstream.core.Channel;
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
 * One producer streams elements to one consumer through a channel of capacity 0, so every
 * element is a rendezvous. Unlike the ping-pong, the producer does not wait for a reply and
 * may already block in its next send. The score is the time per element.
 *
 * <p>{@code SpscBufferedBenchmark} covers capacities 16 and 1024, and {@code JoxSpscBenchmark}
 * (JDK 21+) all three.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SpscRendezvousBenchmark {

    /** Elements per invocation, the same for every capacity and for the Jox anchor. */
    public static final int ELEMENTS = 50_000;

    static final Integer ELEMENT = 7;

    @Param({ThreadKind.PARAM_PLATFORM, ThreadKind.PARAM_VIRTUAL})
    public String threads;

    private WorkerPool workers;

    @Setup(Level.Trial)
    public void startWorkers() {
        workers = new WorkerPool(ThreadKind.parse(threads), 2, "spsc-rendezvous");
    }

    @TearDown(Level.Trial)
    public void stopWorkers() throws InterruptedException {
        workers.close();
    }

    @Benchmark
    @OperationsPerInvocation(ELEMENTS)
    public void chanstream() throws InterruptedException {
        Channel<Integer> channel = Channel.unbuffered();
        workers.runAll(
                () -> {
                    for (int i = 0; i < ELEMENTS; i++) {
                        channel.send(ELEMENT);
                    }
                },
                () -> {
                    for (int i = 0; i < ELEMENTS; i++) {
                        channel.receive();
                    }
                });
    }

    @Benchmark
    @OperationsPerInvocation(ELEMENTS)
    public void synchronousQueue() throws InterruptedException {
        SynchronousQueue<Integer> queue = new SynchronousQueue<>();
        workers.runAll(
                () -> {
                    for (int i = 0; i < ELEMENTS; i++) {
                        queue.put(ELEMENT);
                    }
                },
                () -> {
                    for (int i = 0; i < ELEMENTS; i++) {
                        queue.take();
                    }
                });
    }
}
