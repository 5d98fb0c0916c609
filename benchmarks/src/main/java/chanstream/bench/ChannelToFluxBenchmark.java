package chanstream.bench;

import chanstream.core.Channel;
import chanstream.reactor.ReactorChannels;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
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
import reactor.core.publisher.FluxSink;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * A producer thread emits elements into a {@link Flux} that a subscriber consumes on another
 * thread, behind {@code publishOn} onto a single-thread Reactor scheduler. The producer runs on
 * the thread kind of the {@code threads} parameter; the subscriber always runs on Reactor's
 * platform thread. The score is the time per element, from the first emission to the
 * subscriber's {@code onComplete}.
 *
 * <p>{@code chanstream} sends into a buffered(16) channel read through
 * {@link ReactorChannels#toFlux}, so the producer blocks while the channel is full.
 * {@code chanstreamUnlimited} uses an unlimited channel, which never blocks the producer, like
 * the two anchors: {@link Flux#create}, whose default overflow strategy BUFFER buffers without
 * bound, and {@code Sinks.many().unicast().onBackpressureBuffer()}, which buffers without bound
 * too.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ChannelToFluxBenchmark {

    /** Elements per invocation. */
    public static final int ELEMENTS = 50_000;

    /** Capacity of the backpressured channel in {@link #chanstream()}. */
    public static final int CAPACITY = 16;

    static final Integer ELEMENT = 7;

    @Param({ThreadKind.PARAM_PLATFORM, ThreadKind.PARAM_VIRTUAL})
    public String threads;

    private WorkerPool producer;
    private Scheduler subscriberThread;

    @Setup(Level.Trial)
    public void start() {
        producer = new WorkerPool(ThreadKind.parse(threads), 1, "flux-producer");
        subscriberThread = Schedulers.newSingle("flux-subscriber", true);
    }

    @TearDown(Level.Trial)
    public void stop() throws InterruptedException {
        producer.close();
        subscriberThread.dispose();
    }

    @Benchmark
    @OperationsPerInvocation(ELEMENTS)
    public long chanstream() throws Exception {
        return throughChannel(Channel.buffered(CAPACITY));
    }

    @Benchmark
    @OperationsPerInvocation(ELEMENTS)
    public long chanstreamUnlimited() throws Exception {
        return throughChannel(Channel.unlimited());
    }

    private long throughChannel(Channel<Integer> channel) throws Exception {
        CompletableFuture<Long> received = count(ReactorChannels.toFlux(channel));
        producer.runAll(() -> {
            for (int i = 0; i < ELEMENTS; i++) {
                channel.send(ELEMENT);
            }
            channel.close();
        });
        return awaitCount(received);
    }

    @Benchmark
    @OperationsPerInvocation(ELEMENTS)
    public long fluxCreate() throws Exception {
        AtomicReference<FluxSink<Integer>> sink = new AtomicReference<>();
        CompletableFuture<Long> received = count(Flux.create(sink::set));
        producer.runAll(() -> {
            FluxSink<Integer> emitter = sink.get();
            for (int i = 0; i < ELEMENTS; i++) {
                emitter.next(ELEMENT);
            }
            emitter.complete();
        });
        return awaitCount(received);
    }

    @Benchmark
    @OperationsPerInvocation(ELEMENTS)
    public long unicastSink() throws Exception {
        Sinks.Many<Integer> sink = Sinks.many().unicast().onBackpressureBuffer();
        CompletableFuture<Long> received = count(sink.asFlux());
        producer.runAll(() -> {
            for (int i = 0; i < ELEMENTS; i++) {
                sink.tryEmitNext(ELEMENT).orThrow();
            }
            sink.tryEmitComplete().orThrow();
        });
        return awaitCount(received);
    }

    /** Subscribes now: the count arrives on the subscriber thread when {@code flux} completes. */
    private CompletableFuture<Long> count(Flux<Integer> flux) {
        return flux.publishOn(subscriberThread).count().toFuture();
    }

    private static long awaitCount(CompletableFuture<Long> received)
            throws InterruptedException, ExecutionException, TimeoutException {
        long count = received.get(WorkerPool.TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (count != ELEMENTS) {
            throw new IllegalStateException("the subscriber received " + count + " elements, "
                    + "expected " + ELEMENTS);
        }
        return count;
    }
}
