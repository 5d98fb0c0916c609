package chanstream.rxjava;

import static chanstream.rxjava.TestChannels.channel;
import static chanstream.rxjava.TestChannels.queueLengths;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chanstream.core.Channel;
import io.reactivex.rxjava3.core.Flowable;
import io.reactivex.rxjava3.subscribers.TestSubscriber;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link RxChannels#orDone}: relays a source until a done channel fires, whether it
 * receives a value, is closed, was closed already, or is closed with a cause; and
 * releases both the source and the done watch on every path.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OrDoneTest {

    private static final long AWAIT_SECONDS = 20;

    @ParameterizedTest(name = "capacity {0}, {1} threads")
    @MethodSource("chanstream.rxjava.TestChannels#capacitiesAndThreadKinds")
    void completesAndCancelsSourceWhenDoneReceivesValue(int capacity, ThreadKind kind)
            throws Throwable {
        assertStopsWhenDoneFires(capacity, kind, done -> done.send("stop"));
    }

    @ParameterizedTest(name = "capacity {0}, {1} threads")
    @MethodSource("chanstream.rxjava.TestChannels#capacitiesAndThreadKinds")
    void completesAndCancelsSourceWhenDoneCloses(int capacity, ThreadKind kind)
            throws Throwable {
        assertStopsWhenDoneFires(capacity, kind, Channel::close);
    }

    /** Something that fires a done channel: sends a value or closes it. */
    @FunctionalInterface
    private interface Firing {
        void fire(Channel<String> done) throws InterruptedException;
    }

    private static void assertStopsWhenDoneFires(int capacity, ThreadKind kind, Firing firing)
            throws Throwable {
        kind.assumeAvailable();
        Channel<Integer> src = channel(capacity);
        Channel<String> done = channel(capacity);
        sendAsync(src, 10);
        AtomicBoolean sourceCancelled = new AtomicBoolean();
        Flowable<Integer> source = RxChannels.toFlowable(src)
                .doOnCancel(() -> sourceCancelled.set(true));
        TestSubscriber<Integer> subscriber = RxChannels.orDone(source, done).test(3);
        subscriber.assertValuesOnly(0, 1, 2);

        ThreadKind.await(kind.start("firing", () -> firing.fire(done)));

        assertThat(subscriber.await(AWAIT_SECONDS, TimeUnit.SECONDS)).as("terminated").isTrue();
        subscriber.assertResult(0, 1, 2);
        assertThat(sourceCancelled).as("source cancelled").isTrue();
        assertThat(done.tryReceive()).as("value left in the done channel").isNull();
        assertReleased(src, done);
        assertThat(receive(src, 7)).as("elements left in the source channel")
                .containsExactly(3, 4, 5, 6, 7, 8, 9);
    }

    @ParameterizedTest(name = "capacity {0}")
    @MethodSource("chanstream.rxjava.TestChannels#capacities")
    void completesWithoutElementsWhenDoneWasAlreadyClosed(int capacity) throws Exception {
        Channel<Integer> src = channel(capacity);
        Channel<String> done = channel(capacity);
        sendAsync(src, 3);
        done.close();

        TestSubscriber<Integer> subscriber =
                RxChannels.orDone(RxChannels.toFlowable(src), done).test(10);

        subscriber.assertResult();
        assertReleased(src, done);
        assertThat(receive(src, 3)).as("elements left in the source channel")
                .containsExactly(0, 1, 2);
    }

    /**
     * The done channel fails on another thread while the source waits for an element: the
     * source must be cancelled no later than the error reaches downstream.
     * {@code Flowable.takeUntil(Publisher)} cancels it in RxJava 3.1.12.
     */
    @ParameterizedTest(name = "capacity {0}, {1} threads")
    @MethodSource("chanstream.rxjava.TestChannels#capacitiesAndThreadKinds")
    void cancelsSourceBeforeSignallingDoneCause(int capacity, ThreadKind kind) throws Throwable {
        kind.assumeAvailable();
        Channel<Integer> src = channel(capacity);
        Channel<String> done = channel(capacity);
        IllegalStateException cause = new IllegalStateException("context cancelled");
        AtomicBoolean sourceCancelled = new AtomicBoolean();
        AtomicBoolean cancelledAtError = new AtomicBoolean();
        Flowable<Integer> source = RxChannels.toFlowable(src)
                .doOnCancel(() -> sourceCancelled.set(true));
        TestSubscriber<Integer> subscriber = RxChannels.orDone(source, done)
                .doOnError(error -> cancelledAtError.set(sourceCancelled.get()))
                .test();

        ThreadKind.await(kind.start("firing", () -> done.close(cause)));

        assertThat(subscriber.await(AWAIT_SECONDS, TimeUnit.SECONDS)).as("terminated").isTrue();
        subscriber.assertError(error -> error == cause);
        assertThat(cancelledAtError).as("source cancelled when the error arrived").isTrue();
        assertReleased(src, done);
    }

    @ParameterizedTest(name = "capacity {0}, {1} threads")
    @MethodSource("chanstream.rxjava.TestChannels#capacitiesAndThreadKinds")
    void sourceCompletionWithdrawsWatchWithoutCancellingSource(int capacity, ThreadKind kind)
            throws Throwable {
        kind.assumeAvailable();
        Channel<Integer> src = channel(capacity);
        Channel<String> done = channel(capacity);
        AtomicBoolean sourceCancelled = new AtomicBoolean();
        Flowable<Integer> source = RxChannels.toFlowable(src)
                .doOnCancel(() -> sourceCancelled.set(true));
        TestSubscriber<Integer> subscriber = RxChannels.orDone(source, done).test(10);

        ThreadKind.await(kind.start("producer", () -> {
            for (int i = 0; i < 3; i++) {
                src.send(i);
            }
            src.close();
        }));

        assertThat(subscriber.await(AWAIT_SECONDS, TimeUnit.SECONDS)).as("terminated").isTrue();
        subscriber.assertResult(0, 1, 2);
        assertThat(sourceCancelled).as("source cancelled after its own completion").isFalse();
        assertReleased(src, done);
        CompletableFuture<String> receiver = done.receiveAsync();
        done.send("stop");
        assertThat(receiver.get(AWAIT_SECONDS, TimeUnit.SECONDS)).as("value for a plain receiver")
                .isEqualTo("stop");
    }

    @ParameterizedTest(name = "capacity {0}")
    @MethodSource("chanstream.rxjava.TestChannels#capacities")
    void disposeCancelsSourceAndWithdrawsWatch(int capacity) throws Exception {
        Channel<Integer> src = channel(capacity);
        Channel<String> done = channel(capacity);
        AtomicBoolean sourceCancelled = new AtomicBoolean();
        Flowable<Integer> source = RxChannels.toFlowable(src)
                .doOnCancel(() -> sourceCancelled.set(true));
        TestSubscriber<Integer> subscriber = RxChannels.orDone(source, done).test();
        assertThat(queueLengths(done)).as("done channel while subscribed")
                .containsExactly(0, 1, 0);

        subscriber.cancel();

        assertThat(sourceCancelled).as("source cancelled").isTrue();
        assertReleased(src, done);
        CompletableFuture<String> receiver = done.receiveAsync();
        done.send("stop");
        assertThat(receiver.get(AWAIT_SECONDS, TimeUnit.SECONDS)).as("value for a plain receiver")
                .isEqualTo("stop");
    }

    @Test
    void rejectsNullArguments() {
        Channel<String> done = Channel.unbuffered();

        assertThatThrownBy(() -> RxChannels.orDone(null, done))
                .isInstanceOf(NullPointerException.class).hasMessage("source is null");
        assertThatThrownBy(() -> RxChannels.orDone(Flowable.just(1), null))
                .isInstanceOf(NullPointerException.class).hasMessage("done is null");
    }

    /** Asserts that no subscription waits on either channel any more. */
    private static void assertReleased(Channel<?> src, Channel<?> done) {
        int[] source = queueLengths(src);
        assertThat(source[1] + source[2]).as("receivers and watchers of the source channel")
                .isZero();
        assertThat(queueLengths(done)).as("senders, receivers, watchers of the done channel")
                .containsExactly(0, 0, 0);
    }

    private static void sendAsync(Channel<Integer> ch, int count) {
        for (int i = 0; i < count; i++) {
            ch.sendAsync(i);
        }
    }

    private static List<Integer> receive(Channel<Integer> ch, int count)
            throws InterruptedException {
        List<Integer> received = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            received.add(ch.receive());
        }
        return received;
    }
}
