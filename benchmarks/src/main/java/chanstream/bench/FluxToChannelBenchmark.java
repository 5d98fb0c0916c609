package chanstream.bench;

import chanstream.core.ReceiveChannel;
import chanstream.reactor.ReactorChannels;
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
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * A {@link Flux} that emits on a single-thread Reactor scheduler ({@code subscribeOn}) is read
 * by a blocking receiver thread of the {@code threads} kind, through a bridge with a buffer of
 * 16. The score is the time per element received.
 *
 * <p>{@code chanstream} reads it through {@link ReactorChannels#toChannel}. The anchor is
 * Reactor's own blocking bridge, {@link Flux#toIterable(int)} with a prefetch of 16.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FluxToChannelBenchmark {

    /** Elements per invocation. */
    public static final int ELEMENTS = 50_000;

    /** Buffer of the bridge: the channel capacity, or the prefetch of {@code toIterable}. */
    public static final int CAPACITY = 16;

    @Param({ThreadKind.PARAM_PLATFORM, ThreadKind.PARAM_VIRTUAL})
    public String threads;

    private WorkerPool receiver;
    private Scheduler publisherThread;

    @Setup(Level.Trial)
    public void start() {
        receiver = new WorkerPool(ThreadKind.parse(threads), 1, "channel-receiver");
        publisherThread = Schedulers.newSingle("flux-publisher", true);
    }

    @TearDown(Level.Trial)
    public void stop() throws InterruptedException {
        receiver.close();
        publisherThread.dispose();
    }

    private Flux<Integer> source() {
        return Flux.range(0, ELEMENTS).subscribeOn(publisherThread);
    }

    @Benchmark
    @OperationsPerInvocation(ELEMENTS)
    public void chanstream() throws InterruptedException {
        ReceiveChannel<Integer> channel = ReactorChannels.toChannel(source(), CAPACITY);
        receiver.runAll(() -> {
            int count = 0;
            while (channel.receiveOrNull() != null) {
                count++;
            }
            checkCount(count);
        });
    }

    @Benchmark
    @OperationsPerInvocation(ELEMENTS)
    public void toIterable() throws InterruptedException {
        Iterable<Integer> elements = source().toIterable(CAPACITY);
        receiver.runAll(() -> {
            int count = 0;
            for (Integer ignored : elements) {
                count++;
            }
            checkCount(count);
        });
    }

    private static void checkCount(int count) {
        if (count != ELEMENTS) {
            throw new IllegalStateException("received " + count + " elements, expected " + ELEMENTS);
        }
    }
}
