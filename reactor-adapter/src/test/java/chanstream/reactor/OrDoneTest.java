package chanstream.reactor;

import static chanstream.reactor.TestChannels.channel;
import static chanstream.reactor.TestChannels.queueLengths;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chanstream.core.Channel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/**
 * {@link ReactorChannels#orDone}: relays a source until a done channel fires, whether it
 * receives a value, is closed, was closed already, or is closed with a cause; and
 * releases both the source and the done watch on every path.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OrDoneTest {

    private static final Duration VERIFY_TIMEOUT = Duration.ofSeconds(20);

    @ParameterizedTest(name = "capacity {0}, {1} threads")
    @MethodSource("chanstream.reactor.TestChannels#capacitiesAndThreadKinds")
    void completesAndCancelsSourceWhenDoneReceivesValue(int capacity, ThreadKind kind)
            throws Throwable {
        kind.assumeAvailable();
        Channel<Integer> src = channel(capacity);
        Channel<String> done = channel(capacity);
        sendAsync(src, 10);
        AtomicBoolean sourceCancelled = new AtomicBoolean();
        Flux<Integer> source = ReactorChannels.toFlux(src)
                .doOnCancel(() -> sourceCancelled.set(true));

        StepVerifier.create(ReactorChannels.orDone(source, done), 0)
                .thenRequest(3)
                .expectNext(0, 1, 2)
                .then(() -> fire(kind, () -> done.send("stop")))
                .expectComplete()
                .verify(VERIFY_TIMEOUT);

        assertThat(sourceCancelled).as("source cancelled").isTrue();
        assertThat(done.tryReceive()).as("value left in the done channel").isNull();
        assertReleased(src, done);
        assertThat(receive(src, 7)).as("elements left in the source channel")
                .containsExactly(3, 4, 5, 6, 7, 8, 9);
    }

    @ParameterizedTest(name = "capacity {0}, {1} threads")
    @MethodSource("chanstream.reactor.TestChannels#capacitiesAndThreadKinds")
    void completesAndCancelsSourceWhenDoneCloses(int capacity, ThreadKind kind)
            throws Throwable {
        kind.assumeAvailable();
        Channel<Integer> src = channel(capacity);
        Channel<String> done = channel(capacity);
        sendAsync(src, 10);
        AtomicBoolean sourceCancelled = new AtomicBoolean();
        Flux<Integer> source = ReactorChannels.toFlux(src)
                .doOnCancel(() -> sourceCancelled.set(true));

        StepVerifier.create(ReactorChannels.orDone(source, done), 0)
                .thenRequest(3)
                .expectNext(0, 1, 2)
                .then(() -> fire(kind, done::close))
                .expectComplete()
                .verify(VERIFY_TIMEOUT);

        assertThat(sourceCancelled).as("source cancelled").isTrue();
        assertReleased(src, done);
        assertThat(receive(src, 7)).as("elements left in the source channel")
                .containsExactly(3, 4, 5, 6, 7, 8, 9);
    }

    @ParameterizedTest(name = "capacity {0}")
    @MethodSource("chanstream.reactor.TestChannels#capacities")
    void completesWithoutElementsWhenDoneWasAlreadyClosed(int capacity) throws Exception {
        Channel<Integer> src = channel(capacity);
        Channel<String> done = channel(capacity);
        sendAsync(src, 3);
        done.close();

        StepVerifier.create(ReactorChannels.orDone(ReactorChannels.toFlux(src), done), 0)
                .thenRequest(10)
                .expectComplete()
                .verify(VERIFY_TIMEOUT);

        assertReleased(src, done);
        assertThat(receive(src, 3)).as("elements left in the source channel")
                .containsExactly(0, 1, 2);
    }

    /**
     * The done channel fails on another thread while the source waits for an element: the
     * source must be cancelled no later than the error reaches downstream. reactor-core
     * 3.8.7's {@code takeUntilOther} alone does not cancel it (see the next test).
     */
    @ParameterizedTest(name = "capacity {0}, {1} threads")
    @MethodSource("chanstream.reactor.TestChannels#capacitiesAndThreadKinds")
    void cancelsSourceBeforeSignallingDoneCause(int capacity, ThreadKind kind) throws Throwable {
        kind.assumeAvailable();
        Channel<Integer> src = channel(capacity);
        Channel<String> done = channel(capacity);
        IllegalStateException cause = new IllegalStateException("context cancelled");
        AtomicBoolean sourceCancelled = new AtomicBoolean();
        AtomicBoolean cancelledAtError = new AtomicBoolean();
        Flux<Integer> source = ReactorChannels.toFlux(src)
                .doOnCancel(() -> sourceCancelled.set(true));

        StepVerifier.create(ReactorChannels.orDone(source, done)
                        .doOnError(error -> cancelledAtError.set(sourceCancelled.get())))
                .then(() -> fire(kind, () -> done.close(cause)))
                .expectErrorSatisfies(error -> assertThat(error).isSameAs(cause))
                .verify(VERIFY_TIMEOUT);

        assertThat(cancelledAtError).as("source cancelled when the error arrived").isTrue();
        assertReleased(src, done);
    }

    /**
     * Pins the reactor-core behaviour that {@link ReactorChannels#orDone} works around:
     * when the companion of {@code takeUntilOther} fails, the main source is not
     * cancelled. If this test fails after a Reactor upgrade, the workaround in
     * {@code orDone} can go.
     */
    @Test
    void takeUntilOtherKeepsSourceOnDoneError() {
        Channel<Integer> src = Channel.buffered(4);
        Channel<String> done = Channel.unbuffered();
        IllegalStateException cause = new IllegalStateException("context cancelled");
        AtomicBoolean sourceCancelled = new AtomicBoolean();
        Flux<Integer> source = ReactorChannels.toFlux(src)
                .doOnCancel(() -> sourceCancelled.set(true));

        StepVerifier.create(source.takeUntilOther(ReactorChannels.done(done)))
                .then(() -> done.close(cause))
                .expectErrorSatisfies(error -> assertThat(error).isSameAs(cause))
                .verify(VERIFY_TIMEOUT);

        assertThat(sourceCancelled).as("source cancelled by takeUntilOther alone").isFalse();
        assertThat(queueLengths(src)[1]).as("receives still waiting on the source channel")
                .isEqualTo(1);
        src.close();
    }

    @ParameterizedTest(name = "capacity {0}, {1} threads")
    @MethodSource("chanstream.reactor.TestChannels#capacitiesAndThreadKinds")
    void sourceCompletionWithdrawsWatchWithoutCancellingSource(int capacity, ThreadKind kind)
            throws Throwable {
        kind.assumeAvailable();
        Channel<Integer> src = channel(capacity);
        Channel<String> done = channel(capacity);
        AtomicBoolean sourceCancelled = new AtomicBoolean();
        Flux<Integer> source = ReactorChannels.toFlux(src)
                .doOnCancel(() -> sourceCancelled.set(true));
        CompletableFuture<Void> producer = kind.start("producer", () -> {
            for (int i = 0; i < 3; i++) {
                src.send(i);
            }
            src.close();
        });

        StepVerifier.create(ReactorChannels.orDone(source, done), 0)
                .thenRequest(10)
                .expectNext(0, 1, 2)
                .expectComplete()
                .verify(VERIFY_TIMEOUT);

        ThreadKind.await(producer);
        assertThat(sourceCancelled).as("source cancelled after its own completion").isFalse();
        assertReleased(src, done);
        CompletableFuture<String> receiver = done.receiveAsync();
        done.send("stop");
        assertThat(receiver.get(20, TimeUnit.SECONDS)).as("value for a plain receiver")
                .isEqualTo("stop");
    }

    @ParameterizedTest(name = "capacity {0}")
    @MethodSource("chanstream.reactor.TestChannels#capacities")
    void disposeCancelsSourceAndWithdrawsWatch(int capacity) throws Exception {
        Channel<Integer> src = channel(capacity);
        Channel<String> done = channel(capacity);
        AtomicBoolean sourceCancelled = new AtomicBoolean();
        Flux<Integer> source = ReactorChannels.toFlux(src)
                .doOnCancel(() -> sourceCancelled.set(true));
        Disposable subscription = ReactorChannels.orDone(source, done).subscribe();
        assertThat(queueLengths(done)).as("done channel while subscribed")
                .containsExactly(0, 1, 0);

        subscription.dispose();

        assertThat(sourceCancelled).as("source cancelled").isTrue();
        assertReleased(src, done);
        CompletableFuture<String> receiver = done.receiveAsync();
        done.send("stop");
        assertThat(receiver.get(20, TimeUnit.SECONDS)).as("value for a plain receiver")
                .isEqualTo("stop");
    }

    @Test
    void doneValueNeverReachesDiscardHook() throws Exception {
        Channel<Integer> src = Channel.buffered(4);
        Channel<String> done = Channel.unbuffered();
        List<Object> discarded = new CopyOnWriteArrayList<>();

        StepVerifier.create(ReactorChannels.orDone(ReactorChannels.toFlux(src), done)
                        .doOnDiscard(Object.class, discarded::add))
                .then(() -> done.trySend("stop"))
                .expectComplete()
                .verify(VERIFY_TIMEOUT);

        assertThat(discarded).as("discarded").isEmpty();
    }

    @Test
    void rejectsNullArguments() {
        Channel<String> done = Channel.unbuffered();

        assertThatThrownBy(() -> ReactorChannels.orDone(null, done))
                .isInstanceOf(NullPointerException.class).hasMessage("source is null");
        assertThatThrownBy(() -> ReactorChannels.orDone(Flux.just(1), null))
                .isInstanceOf(NullPointerException.class).hasMessage("done is null");
    }

    /** Asserts that no subscription waits on either channel any more. */
    private static void assertReleased(Channel<?> src, Channel<?> done) {
        assertThat(queueLengths(src)).as("senders, receivers, watchers of the source channel")
                .satisfies(lengths -> assertThat(lengths[1] + lengths[2]).isZero());
        assertThat(queueLengths(done)).as("senders, receivers, watchers of the done channel")
                .containsExactly(0, 0, 0);
    }

    /** Runs {@code action} on a new thread of {@code kind} and waits for it. */
    private static void fire(ThreadKind kind, ThreadKind.Body action) {
        try {
            ThreadKind.await(kind.start("firing", action));
        } catch (RuntimeException | Error failure) {
            throw failure;
        } catch (Throwable failure) {
            throw new AssertionError("firing the done channel failed", failure);
        }
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
