package chanstream.bench;

import chanstream.core.Channel;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
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
 * One producer streams elements to one consumer through a bounded buffer. The producer blocks
 * only while the buffer is full and the consumer only while it is empty. The score is the time
 * per element.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SpscBufferedBenchmark {

    /** Elements per invocation, as in the rendezvous benchmark. */
    private static final int ELEMENTS = SpscRendezvousBenchmark.ELEMENTS;

    @Param({"16", "1024"})
    public int capacity;

    @Param({ThreadKind.PARAM_PLATFORM, ThreadKind.PARAM_VIRTUAL})
    public String threads;

    private WorkerPool workers;

    @Setup(Level.Trial)
    public void startWorkers() {
        workers = new WorkerPool(ThreadKind.parse(threads), 2, "spsc-buffered");
    }

    @TearDown(Level.Trial)
    public void stopWorkers() throws InterruptedException {
        workers.close();
    }

    @Benchmark
    @OperationsPerInvocation(ELEMENTS)
    public void chanstream() throws InterruptedException {
        Channel<Integer> channel = Channel.buffered(capacity);
        workers.runAll(
                () -> {
                    for (int i = 0; i < ELEMENTS; i++) {
                        channel.send(SpscRendezvousBenchmark.ELEMENT);
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
    public void arrayBlockingQueue() throws InterruptedException {
        streamThrough(new ArrayBlockingQueue<>(capacity));
    }

    @Benchmark
    @OperationsPerInvocation(ELEMENTS)
    public void linkedBlockingQueue() throws InterruptedException {
        streamThrough(new LinkedBlockingQueue<>(capacity));
    }

    private void streamThrough(BlockingQueue<Integer> queue) throws InterruptedException {
        workers.runAll(
                () -> {
                    for (int i = 0; i < ELEMENTS; i++) {
                        queue.put(SpscRendezvousBenchmark.ELEMENT);
                    }
                },
                () -> {
                    for (int i = 0; i < ELEMENTS; i++) {
                        queue.take();
                    }
                });
    }
}
