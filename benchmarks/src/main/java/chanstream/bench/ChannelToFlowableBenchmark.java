package chanstream.bench;

import chanstream.core.Channel;
import chanstream.rxjava.RxChannels;
import io.reactivex.rxjava3.core.BackpressureStrategy;
import io.reactivex.rxjava3.core.Flowable;
import io.reactivex.rxjava3.core.FlowableEmitter;
import io.reactivex.rxjava3.core.Scheduler;
import io.reactivex.rxjava3.processors.UnicastProcessor;
import io.reactivex.rxjava3.schedulers.Schedulers;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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

/**
 * The RxJava 3 form of {@link ChannelToFluxBenchmark}: a producer thread emits elements into a
 * {@link Flowable} that a subscriber counts on another thread, behind {@code observeOn} onto a
 * single-thread scheduler. The producer runs on the thread kind of the {@code threads}
 * parameter; the subscriber runs on a platform thread. The score is the time per element.
 *
 * <p>{@code chanstream} sends into a buffered(16) channel read through
 * {@link RxChannels#toFlowable}, so the producer blocks while the channel is full.
 * {@code chanstreamUnlimited} uses an unlimited channel, which never blocks the producer, like
 * the two anchors: {@code Flowable.create} with {@link BackpressureStrategy#BUFFER} and a
 * {@link UnicastProcessor}, which both buffer without bound.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ChannelToFlowableBenchmark {

    private static final int ELEMENTS = ChannelToFluxBenchmark.ELEMENTS;

    private static final Integer ELEMENT = ChannelToFluxBenchmark.ELEMENT;

    @Param({ThreadKind.PARAM_PLATFORM, ThreadKind.PARAM_VIRTUAL})
    public String threads;

    private WorkerPool producer;
    private ExecutorService subscriberExecutor;
    private Scheduler subscriberThread;

    @Setup(Level.Trial)
    public void start() {
        producer = new WorkerPool(ThreadKind.parse(threads), 1, "flowable-producer");
        subscriberExecutor = Executors.newSingleThreadExecutor(
                ThreadKind.PLATFORM.factory("flowable-subscriber"));
        subscriberThread = Schedulers.from(subscriberExecutor);
    }

    @TearDown(Level.Trial)
    public void stop() throws InterruptedException {
        producer.close();
        subscriberExecutor.shutdownNow();
    }

    @Benchmark
    @OperationsPerInvocation(ELEMENTS)
    public long chanstream() throws Exception {
        return throughChannel(Channel.buffered(ChannelToFluxBenchmark.CAPACITY));
    }

    @Benchmark
    @OperationsPerInvocation(ELEMENTS)
    public long chanstreamUnlimited() throws Exception {
        return throughChannel(Channel.unlimited());
    }

    private long throughChannel(Channel<Integer> channel) throws Exception {
        CompletableFuture<Long> received = count(RxChannels.toFlowable(channel));
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
    public long flowableCreate() throws Exception {
        AtomicReference<FlowableEmitter<Integer>> emitter = new AtomicReference<>();
        CompletableFuture<Long> received =
                count(Flowable.create(emitter::set, BackpressureStrategy.BUFFER));
        producer.runAll(() -> {
            FlowableEmitter<Integer> sink = emitter.get();
            for (int i = 0; i < ELEMENTS; i++) {
                sink.onNext(ELEMENT);
            }
            sink.onComplete();
        });
        return awaitCount(received);
    }

    @Benchmark
    @OperationsPerInvocation(ELEMENTS)
    public long unicastProcessor() throws Exception {
        UnicastProcessor<Integer> processor = UnicastProcessor.create();
        CompletableFuture<Long> received = count(processor);
        producer.runAll(() -> {
            for (int i = 0; i < ELEMENTS; i++) {
                processor.onNext(ELEMENT);
            }
            processor.onComplete();
        });
        return awaitCount(received);
    }

    /** Subscribes now: the count arrives on the subscriber thread when {@code flowable} completes. */
    private CompletableFuture<Long> count(Flowable<Integer> flowable) {
        return flowable.observeOn(subscriberThread).count().toCompletionStage().toCompletableFuture();
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
