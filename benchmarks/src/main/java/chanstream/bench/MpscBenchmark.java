package chanstream.bench;

import chanstream.core.Channel;
import chanstream.core.Select;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
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
 * Two producers feed one consumer, in two ways: each producer has its own channel and the
 * consumer selects over both, or both producers send to one shared channel. The score is the
 * time per element received.
 *
 * <p>The select variant builds its two clauses on every call, as Go code does. The Jox anchors
 * are in {@code JoxMpscBenchmark} (JDK 21+).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MpscBenchmark {

    /** Elements each producer sends per invocation. */
    public static final int PER_PRODUCER = 25_000;

    /** Elements the consumer receives per invocation. */
    public static final int ELEMENTS = 2 * PER_PRODUCER;

    static final Integer ELEMENT = 7;

    /** Capacity of each channel; 0 makes them unbuffered. */
    @Param({"16"})
    public int capacity;

    @Param({ThreadKind.PARAM_PLATFORM, ThreadKind.PARAM_VIRTUAL})
    public String threads;

    private WorkerPool workers;

    @Setup(Level.Trial)
    public void startWorkers() {
        workers = new WorkerPool(ThreadKind.parse(threads), 3, "mpsc");
    }

    @TearDown(Level.Trial)
    public void stopWorkers() throws InterruptedException {
        workers.close();
    }

    @Benchmark
    @OperationsPerInvocation(ELEMENTS)
    public void chanstreamSelect() throws InterruptedException {
        Channel<Integer> first = Channel.buffered(capacity);
        Channel<Integer> second = Channel.buffered(capacity);
        workers.runAll(
                () -> produce(first),
                () -> produce(second),
                () -> {
                    for (int i = 0; i < ELEMENTS; i++) {
                        Select.<Integer>select(
                                first.onReceive(element -> element),
                                second.onReceive(element -> element));
                    }
                });
    }

    @Benchmark
    @OperationsPerInvocation(ELEMENTS)
    public void chanstreamShared() throws InterruptedException {
        Channel<Integer> shared = Channel.buffered(capacity);
        workers.runAll(
                () -> produce(shared),
                () -> produce(shared),
                () -> {
                    for (int i = 0; i < ELEMENTS; i++) {
                        shared.receive();
                    }
                });
    }

    /**
     * Both producers share an {@link ArrayBlockingQueue} of the same capacity, or a
     * {@link SynchronousQueue} at capacity 0.
     */
    @Benchmark
    @OperationsPerInvocation(ELEMENTS)
    public void blockingQueueShared() throws InterruptedException {
        BlockingQueue<Integer> shared = capacity == 0
                ? new SynchronousQueue<>()
                : new ArrayBlockingQueue<>(capacity);
        WorkerPool.Task producer = () -> {
            for (int i = 0; i < PER_PRODUCER; i++) {
                shared.put(ELEMENT);
            }
        };
        workers.runAll(
                producer,
                producer,
                () -> {
                    for (int i = 0; i < ELEMENTS; i++) {
                        shared.take();
                    }
                });
    }

    private static void produce(Channel<Integer> channel) throws InterruptedException {
        for (int i = 0; i < PER_PRODUCER; i++) {
            channel.send(ELEMENT);
        }
    }
}
