package chanstream.reactor;

import static chanstream.reactor.TestChannels.channel;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chanstream.core.Channel;
import chanstream.core.ChannelHooks;
import chanstream.core.ReceiveChannel;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.AbstractQueuedSynchronizer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.blockhound.BlockHound;
import reactor.blockhound.BlockingOperationError;
import reactor.blockhound.integration.BlockHoundIntegration;
import reactor.core.Exceptions;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Drives every bridge path on {@code Schedulers.parallel()} threads with BlockHound
 * installed: subscribing, requesting, emitting and cancelling {@code toFlux}, feeding
 * {@code toChannel} from a parallel publisher, {@code sendAll}, {@code done} and
 * {@code orDone}. A blocking call on a parallel thread throws
 * {@link BlockingOperationError}, which ends up as an error signal, in a chanstream or
 * Reactor error hook, or as a timeout; each test checks all three.
 *
 * <p>BlockHound stays installed for the rest of the test JVM, so the other test classes
 * of this module run under it too.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class BlockHoundTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final List<Throwable> hookErrors = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void installBlockHound() {
        BlockHound.install();
    }

    @BeforeEach
    void collectHookErrors() {
        ChannelHooks.setUndeliverableErrorHandler(hookErrors::add);
        Hooks.onErrorDropped(hookErrors::add);
        Schedulers.onHandleError(BlockHoundTest.class.getName(),
                (thread, error) -> hookErrors.add(error));
    }

    @AfterEach
    void resetHooksAndCheckErrors() {
        ChannelHooks.setUndeliverableErrorHandler(null);
        Hooks.resetOnErrorDropped();
        Schedulers.resetOnHandleError(BlockHoundTest.class.getName());
        assertThat(hookErrors).as("errors reported to chanstream and Reactor hooks").isEmpty();
    }

    @Test
    void canaryBlockingCallOnParallelThreadIsDetected() {
        Mono<Long> blocking = Mono.delay(Duration.ofMillis(1)).map(tick -> {
            try {
                Thread.sleep(10);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
            return tick;
        });

        assertThatThrownBy(() -> blocking.block(TIMEOUT))
                .satisfies(error -> assertThat(Exceptions.unwrap(error))
                        .isInstanceOf(BlockingOperationError.class));
    }

    @ParameterizedTest(name = "capacity {0}")
    @MethodSource("chanstream.reactor.TestChannels#capacities")
    void toFluxAndSendAllRunOnParallelThreads(int capacity) {
        int count = 400;
        int firstTake = 150;
        Channel<Integer> ch = channel(capacity);
        List<Boolean> onNonBlocking = new CopyOnWriteArrayList<>();
        Mono<Void> producer = ReactorChannels.sendAll(
                        Flux.range(0, count).publishOn(Schedulers.parallel(), 4), ch)
                .then(Mono.<Void>fromRunnable(ch::close))
                .subscribeOn(Schedulers.parallel());
        Flux<Integer> consumer = ReactorChannels.toFlux(ch)
                .doOnNext(element -> onNonBlocking.add(Schedulers.isInNonBlockingThread()))
                .publishOn(Schedulers.parallel(), 4)
                .subscribeOn(Schedulers.parallel());

        List<Integer> prefetchedAndDiscarded = new CopyOnWriteArrayList<>();

        producer.subscribe();
        // take() cancels the channel subscription from the publishOn worker, a parallel
        // thread; publishOn discards the elements it prefetched beyond those taken.
        List<Integer> first = consumer.take(firstTake)
                .doOnDiscard(Integer.class, prefetchedAndDiscarded::add)
                .collectList()
                .block(TIMEOUT);
        List<Integer> rest = consumer.collectList().block(TIMEOUT);

        assertThat(first).hasSize(firstTake).isSorted();
        assertThat(rest).isSorted();
        List<Integer> all = new ArrayList<>(first);
        all.addAll(prefetchedAndDiscarded);
        all.addAll(rest);
        assertThat(all).as("elements received or discarded").hasSize(count);
        assertThat(new HashSet<>(all)).as("distinct elements").hasSize(count);
        assertThat(onNonBlocking).as("toFlux signalled on a non-blocking thread")
                .hasSize(count).containsOnly(true);
    }

    @ParameterizedTest(name = "capacity {0}")
    @MethodSource("chanstream.reactor.TestChannels#capacities")
    void toChannelFedFromParallelPublisherAndDrainedOnParallel(int capacity) {
        int count = 400;
        List<Boolean> onNonBlocking = new CopyOnWriteArrayList<>();
        Flux<Integer> source = Flux.range(0, count)
                .publishOn(Schedulers.parallel(), 4)
                .doOnNext(element -> onNonBlocking.add(Schedulers.isInNonBlockingThread()));

        ReceiveChannel<Integer> ch = ReactorChannels.toChannel(source, capacity);
        List<Integer> received = ReactorChannels.toFlux(ch)
                .publishOn(Schedulers.parallel(), 4)
                .subscribeOn(Schedulers.parallel())
                .collectList()
                .block(TIMEOUT);

        assertThat(received).hasSize(count).isSorted();
        assertThat(onNonBlocking).as("source emitted on a non-blocking thread")
                .hasSize(count).containsOnly(true);
    }

    @ParameterizedTest(name = "capacity {0}")
    @MethodSource("chanstream.reactor.TestChannels#capacities")
    void doneWatchedAndFiredOnParallelThreads(int capacity) {
        Channel<String> byValue = channel(capacity);
        Channel<String> byClose = channel(capacity);
        Channel<String> disposed = channel(capacity);

        Mono<Void> valueWatch = ReactorChannels.done(byValue).subscribeOn(Schedulers.parallel());
        Mono<Void> closeWatch = ReactorChannels.done(byClose).subscribeOn(Schedulers.parallel());
        Mono<Void> fireByValue = Mono.<Void>fromRunnable(() -> {
            if (!byValue.trySend("stop")) {
                byValue.close();
            }
        });
        Mono<Void> fireByClose = Mono.<Void>fromRunnable(byClose::close);
        Mono.when(valueWatch, closeWatch,
                        fireByValue.delaySubscription(Duration.ofMillis(5), Schedulers.parallel()),
                        fireByClose.delaySubscription(Duration.ofMillis(5), Schedulers.parallel()))
                .block(TIMEOUT);

        ReactorChannels.done(disposed)
                .subscribeOn(Schedulers.parallel())
                .timeout(Duration.ofMillis(5), Mono.empty(), Schedulers.parallel())
                .block(TIMEOUT);
        assertThat(TestChannels.queueLengths(disposed)).as("watch left after the dispose")
                .containsExactly(0, 0, 0);
    }

    @ParameterizedTest(name = "capacity {0}")
    @MethodSource("chanstream.reactor.TestChannels#capacities")
    void orDoneStoppedOnParallelThreads(int capacity) {
        Channel<Integer> src = channel(capacity);
        Channel<String> done = channel(capacity);
        Mono<Void> producer = ReactorChannels.sendAll(
                        Flux.range(0, 10_000).publishOn(Schedulers.parallel(), 4), src)
                .subscribeOn(Schedulers.parallel());
        Flux<Integer> relayed = ReactorChannels.orDone(
                ReactorChannels.toFlux(src).subscribeOn(Schedulers.parallel()), done);

        reactor.core.Disposable transfer = producer.subscribe();
        List<Integer> received = relayed
                .publishOn(Schedulers.parallel(), 4)
                .doOnNext(element -> {
                    if (element == 100) {
                        done.close();
                    }
                })
                .collectList()
                .block(TIMEOUT);
        transfer.dispose();

        assertThat(received).hasSizeGreaterThanOrEqualTo(101).isSorted();
        assertThat(TestChannels.queueLengths(done)).as("watch left on the done channel")
                .containsExactly(0, 0, 0);
    }

    @Test
    void integrationIsRegisteredForServiceLoader() {
        List<Class<?>> integrations = new ArrayList<>();
        ServiceLoader.load(BlockHoundIntegration.class)
                .forEach(integration -> integrations.add(integration.getClass()));

        assertThat(integrations).contains(ChannelBlockHoundIntegration.class);
    }

    /**
     * Holds a channel's lock on the test thread while a parallel thread sends, so that
     * the sender spins and parks in {@code ChannelLock.lock()}: BlockHound reports both
     * unless {@link ChannelBlockHoundIntegration} allows them.
     */
    @Test
    void contendedLockWaitIsAllowed() throws Exception {
        Channel<Integer> ch = Channel.buffered(1);
        AbstractQueuedSynchronizer lock = (AbstractQueuedSynchronizer) ch;
        Method acquire = lockMethod("lock");
        Method release = lockMethod("unlockRaw");
        CompletableFuture<Boolean> sent;

        acquire.invoke(ch);
        try {
            sent = Mono.fromCallable(() -> ch.trySend(1))
                    .subscribeOn(Schedulers.parallel())
                    .toFuture();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!lock.hasQueuedThreads() && !sent.isDone() && System.nanoTime() < deadline) {
                Thread.yield();
            }
            assertThat(lock.hasQueuedThreads()).as("sender parked on the lock").isTrue();
        } finally {
            release.invoke(ch);
        }

        assertThat(sent.get(20, TimeUnit.SECONDS)).as("trySend after the lock was released")
                .isTrue();
    }

    private static Method lockMethod(String name) throws ReflectiveOperationException {
        Method method = Class.forName(ChannelBlockHoundIntegration.LOCK_CLASS)
                .getDeclaredMethod(name);
        method.setAccessible(true);
        return method;
    }

    /**
     * Two parallel threads send into one channel while a third consumer on parallel
     * threads receives from it, so that they contend for the channel's lock.
     */
    @Test
    void contendedChannelOnParallelThreadsNeverBlocks() {
        int count = 200_000;
        Channel<Integer> ch = Channel.unlimited();
        Mono<Void> producers = Flux.range(0, count)
                .parallel(2)
                .runOn(Schedulers.parallel())
                .doOnNext(ch::trySend)
                .then()
                .then(Mono.<Void>fromRunnable(ch::close));

        Mono<Long> consumer = ReactorChannels.toFlux(ch)
                .publishOn(Schedulers.parallel(), 32)
                .subscribeOn(Schedulers.parallel())
                .count();
        Long received = Mono.zip(consumer, producers.then(Mono.just(0L)))
                .map(counts -> counts.getT1())
                .block(TIMEOUT);

        assertThat(received).isEqualTo(count);
    }
}
