package chanstream.rxjava;

import static chanstream.rxjava.TestChannels.channel;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chanstream.core.Channel;
import chanstream.core.ChannelHooks;
import chanstream.core.ReceiveChannel;
import io.reactivex.rxjava3.core.Completable;
import io.reactivex.rxjava3.core.Flowable;
import io.reactivex.rxjava3.core.Single;
import io.reactivex.rxjava3.disposables.Disposable;
import io.reactivex.rxjava3.internal.schedulers.NonBlockingThread;
import io.reactivex.rxjava3.plugins.RxJavaPlugins;
import io.reactivex.rxjava3.schedulers.Schedulers;
import java.lang.reflect.Method;
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

/**
 * Drives every bridge path on RxJava's {@code Schedulers.computation()} threads with
 * BlockHound installed; {@link RxJavaBlockHoundIntegration}, registered for the tests,
 * marks those threads as non-blocking. A blocking call there throws
 * {@link BlockingOperationError}, which ends up as an error signal, in a chanstream or
 * RxJava error hook, or as a timeout; each test checks all three.
 *
 * <p>BlockHound stays installed for the rest of the test JVM, so the other test classes
 * of this module run under it too.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class BlockHoundTest {

    private static final long TIMEOUT_SECONDS = 30;

    private final List<Throwable> hookErrors = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void installBlockHound() {
        BlockHound.install();
    }

    @BeforeEach
    void collectHookErrors() {
        ChannelHooks.setUndeliverableErrorHandler(hookErrors::add);
        RxJavaPlugins.setErrorHandler(hookErrors::add);
    }

    @AfterEach
    void resetHooksAndCheckErrors() {
        ChannelHooks.setUndeliverableErrorHandler(null);
        RxJavaPlugins.setErrorHandler(null);
        assertThat(hookErrors).as("errors reported to chanstream and RxJava hooks").isEmpty();
    }

    @Test
    void canaryBlockingCallOnComputationThreadIsDetected() {
        Completable blocking = Completable.timer(1, TimeUnit.MILLISECONDS)
                .andThen(Completable.fromAction(() -> Thread.sleep(10)));

        assertThatThrownBy(() -> blocking.blockingAwait(TIMEOUT_SECONDS, TimeUnit.SECONDS))
                .satisfiesAnyOf(
                        error -> assertThat(error).isInstanceOf(BlockingOperationError.class),
                        error -> assertThat(error).hasCauseInstanceOf(
                                BlockingOperationError.class));
    }

    @Test
    void integrationsAreRegisteredForServiceLoader() {
        List<Class<?>> integrations = new ArrayList<>();
        ServiceLoader.load(BlockHoundIntegration.class)
                .forEach(integration -> integrations.add(integration.getClass()));

        assertThat(integrations)
                .contains(ChannelBlockHoundIntegration.class, RxJavaBlockHoundIntegration.class);
    }

    @ParameterizedTest(name = "capacity {0}")
    @MethodSource("chanstream.rxjava.TestChannels#capacities")
    void toFlowableAndSendAllRunOnComputationThreads(int capacity) {
        int count = 400;
        int firstTake = 150;
        Channel<Integer> ch = channel(capacity);
        List<Boolean> onNonBlocking = new CopyOnWriteArrayList<>();
        Completable producer = RxChannels.sendAll(
                        Flowable.range(0, count).observeOn(Schedulers.computation(), false, 4), ch)
                .andThen(Completable.fromAction(ch::close))
                .subscribeOn(Schedulers.computation());
        Flowable<Integer> received = RxChannels.toFlowable(ch)
                .doOnNext(element -> onNonBlocking.add(isNonBlocking()));

        Disposable transfer = producer.subscribe();
        // take() cancels the channel subscription on its onNext thread, a computation
        // thread, and caps the demand it passes up, so that nothing is prefetched.
        List<Integer> first = received.take(firstTake)
                .observeOn(Schedulers.computation(), false, 4)
                .subscribeOn(Schedulers.computation())
                .toList()
                .timeout(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                .blockingGet();
        List<Integer> rest = received
                .observeOn(Schedulers.computation(), false, 4)
                .subscribeOn(Schedulers.computation())
                .toList()
                .timeout(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                .blockingGet();
        transfer.dispose();

        assertThat(first).hasSize(firstTake).isSorted();
        assertThat(rest).hasSize(count - firstTake).isSorted();
        List<Integer> all = new ArrayList<>(first);
        all.addAll(rest);
        assertThat(new HashSet<>(all)).as("distinct elements").hasSize(count);
        assertThat(onNonBlocking).as("toFlowable signalled on a non-blocking thread")
                .hasSize(count).containsOnly(true);
    }

    @ParameterizedTest(name = "capacity {0}")
    @MethodSource("chanstream.rxjava.TestChannels#capacities")
    void toChannelFedFromComputationAndDrainedOnComputation(int capacity) {
        int count = 400;
        List<Boolean> onNonBlocking = new CopyOnWriteArrayList<>();
        Flowable<Integer> source = Flowable.range(0, count)
                .observeOn(Schedulers.computation(), false, 4)
                .doOnNext(element -> onNonBlocking.add(isNonBlocking()));

        ReceiveChannel<Integer> ch = RxChannels.toChannel(source, capacity);
        List<Integer> received = RxChannels.toFlowable(ch)
                .observeOn(Schedulers.computation(), false, 4)
                .subscribeOn(Schedulers.computation())
                .toList()
                .timeout(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                .blockingGet();

        assertThat(received).hasSize(count).isSorted();
        assertThat(onNonBlocking).as("source emitted on a non-blocking thread")
                .hasSize(count).containsOnly(true);
    }

    @ParameterizedTest(name = "capacity {0}")
    @MethodSource("chanstream.rxjava.TestChannels#capacities")
    void doneWatchedAndFiredOnComputationThreads(int capacity) {
        Channel<String> byValue = channel(capacity);
        Channel<String> byClose = channel(capacity);
        Channel<String> disposed = channel(capacity);
        Completable valueWatch = RxChannels.done(byValue).subscribeOn(Schedulers.computation());
        Completable closeWatch = RxChannels.done(byClose).subscribeOn(Schedulers.computation());
        Completable fireByValue = Completable.timer(5, TimeUnit.MILLISECONDS)
                .andThen(Completable.fromAction(() -> {
                    if (!byValue.trySend("stop")) {
                        byValue.close();
                    }
                }));
        Completable fireByClose = Completable.timer(5, TimeUnit.MILLISECONDS)
                .andThen(Completable.fromAction(byClose::close));

        Completable.mergeArray(valueWatch, closeWatch, fireByValue, fireByClose)
                .blockingAwait(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        RxChannels.done(disposed)
                .subscribeOn(Schedulers.computation())
                .timeout(5, TimeUnit.MILLISECONDS, Schedulers.computation(),
                        Completable.complete())
                .blockingAwait(TIMEOUT_SECONDS, TimeUnit.SECONDS);

        assertThat(TestChannels.queueLengths(disposed)).as("watch left after the dispose")
                .containsExactly(0, 0, 0);
    }

    @ParameterizedTest(name = "capacity {0}")
    @MethodSource("chanstream.rxjava.TestChannels#capacities")
    void orDoneStoppedOnComputationThreads(int capacity) {
        Channel<Integer> src = channel(capacity);
        Channel<String> done = channel(capacity);
        Completable producer = RxChannels.sendAll(
                        Flowable.range(0, 10_000).observeOn(Schedulers.computation(), false, 4),
                        src)
                .subscribeOn(Schedulers.computation());
        Flowable<Integer> relayed = RxChannels.orDone(
                RxChannels.toFlowable(src).subscribeOn(Schedulers.computation()), done);

        Disposable transfer = producer.subscribe();
        List<Integer> received = relayed
                .observeOn(Schedulers.computation(), false, 4)
                .doOnNext(element -> {
                    if (element == 100) {
                        done.close();
                    }
                })
                .toList()
                .timeout(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                .blockingGet();
        transfer.dispose();

        assertThat(received).hasSizeGreaterThanOrEqualTo(101).isSorted();
        assertThat(TestChannels.queueLengths(done)).as("watch left on the done channel")
                .containsExactly(0, 0, 0);
    }

    /**
     * Holds a channel's lock on the test thread while a computation thread sends, so that
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
            sent = Single.fromCallable(() -> ch.trySend(1))
                    .subscribeOn(Schedulers.computation())
                    .toCompletionStage()
                    .toCompletableFuture();
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

    /**
     * Two computation threads send into one channel while a consumer on computation
     * threads receives from it, so that they contend for the channel's lock.
     */
    @Test
    void contendedChannelOnComputationThreadsNeverBlocks() {
        int count = 200_000;
        Channel<Integer> ch = Channel.unlimited();
        Completable producers = Flowable.range(0, count)
                .parallel(2)
                .runOn(Schedulers.computation())
                .doOnNext(ch::trySend)
                .sequential()
                .ignoreElements()
                .andThen(Completable.fromAction(ch::close));
        Single<Long> consumer = RxChannels.toFlowable(ch)
                .observeOn(Schedulers.computation(), false, 32)
                .subscribeOn(Schedulers.computation())
                .count();

        Long received = Single.zip(consumer, producers.toSingleDefault(0L), (n, ignored) -> n)
                .timeout(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                .blockingGet();

        assertThat(received).isEqualTo(count);
    }

    private static boolean isNonBlocking() {
        return Thread.currentThread() instanceof NonBlockingThread;
    }

    private static Method lockMethod(String name) throws ReflectiveOperationException {
        Method method = Class.forName(ChannelBlockHoundIntegration.LOCK_CLASS)
                .getDeclaredMethod(name);
        method.setAccessible(true);
        return method;
    }
}
