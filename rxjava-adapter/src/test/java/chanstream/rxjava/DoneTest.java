package chanstream.rxjava;

import static chanstream.rxjava.TestChannels.channel;
import static chanstream.rxjava.TestChannels.queueLengths;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chanstream.core.Channel;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import io.reactivex.rxjava3.disposables.Disposable;
import io.reactivex.rxjava3.observers.TestObserver;

/** {@link RxChannels#done}: a Go-style done channel as a {@code Completable}. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DoneTest {

    @ParameterizedTest(name = "capacity {0}, {1} threads")
    @MethodSource("chanstream.rxjava.TestChannels#capacitiesAndThreadKinds")
    void completesWhenDoneReceivesValue(int capacity, ThreadKind kind) throws Throwable {
        Channel<String> done = channel(capacity);
        TestObserver<Void> watch = RxChannels.done(done).test();
        watch.assertNotComplete();

        ThreadKind.await(kind.start("firing", () -> done.send("stop")));

        assertThat(watch.await(20, TimeUnit.SECONDS)).as("terminated").isTrue();
        watch.assertComplete();
        assertThat(done.tryReceive()).as("value left in the done channel").isNull();
        assertThat(queueLengths(done)).as("senders, receivers, watchers").containsExactly(0, 0, 0);
    }

    @ParameterizedTest(name = "capacity {0}, {1} threads")
    @MethodSource("chanstream.rxjava.TestChannels#capacitiesAndThreadKinds")
    void completesWhenDoneCloses(int capacity, ThreadKind kind) throws Throwable {
        Channel<String> done = channel(capacity);
        TestObserver<Void> watch = RxChannels.done(done).test();

        ThreadKind.await(kind.start("firing", done::close));

        assertThat(watch.await(20, TimeUnit.SECONDS)).as("terminated").isTrue();
        watch.assertComplete();
        assertThat(queueLengths(done)).as("senders, receivers, watchers").containsExactly(0, 0, 0);
    }

    @ParameterizedTest(name = "capacity {0}")
    @MethodSource("chanstream.rxjava.TestChannels#capacities")
    void completesAtOnceWhenAlreadyClosed(int capacity) {
        Channel<String> done = channel(capacity);
        done.close();

        TestObserver<Void> watch = RxChannels.done(done).test();

        watch.assertComplete();
    }

    @ParameterizedTest(name = "capacity {0}, {1} threads")
    @MethodSource("chanstream.rxjava.TestChannels#capacitiesAndThreadKinds")
    void failsWithCloseCauseItself(int capacity, ThreadKind kind) throws Throwable {
        Channel<String> done = channel(capacity);
        IllegalStateException cause = new IllegalStateException("context cancelled");
        TestObserver<Void> watch = RxChannels.done(done).test();

        ThreadKind.await(kind.start("firing", () -> done.close(cause)));

        assertThat(watch.await(20, TimeUnit.SECONDS)).as("terminated").isTrue();
        watch.assertError(error -> error == cause);
    }

    @ParameterizedTest(name = "capacity {0}")
    @MethodSource("chanstream.rxjava.TestChannels#capacities")
    void disposeWithdrawsTheWatch(int capacity) throws Exception {
        Channel<String> done = channel(capacity);
        Disposable watch = RxChannels.done(done).subscribe();
        assertThat(queueLengths(done)).as("senders, receivers, watchers while watching")
                .containsExactly(0, 1, 0);

        watch.dispose();

        assertThat(queueLengths(done)).as("senders, receivers, watchers after the dispose")
                .containsExactly(0, 0, 0);
        CompletableFuture<String> receiver = done.receiveAsync();
        done.send("stop");
        assertThat(receiver.get(20, TimeUnit.SECONDS)).as("value for a plain receiver")
                .isEqualTo("stop");
    }

    @ParameterizedTest(name = "capacity {0}")
    @MethodSource("chanstream.rxjava.TestChannels#capacities")
    void valueWakesOneWatcherAndCloseWakesAll(int capacity) throws Exception {
        Channel<String> done = channel(capacity);
        List<CompletableFuture<Void>> watches = List.of(watch(done), watch(done), watch(done));

        done.send("stop");
        assertThat(watches).as("watches woken by one value")
                .filteredOn(CompletableFuture::isDone).hasSize(1);
        done.close();

        CompletableFuture.allOf(watches.toArray(new CompletableFuture<?>[0]))
                .get(20, TimeUnit.SECONDS);
    }

    private static CompletableFuture<Void> watch(Channel<String> done) {
        return RxChannels.done(done).<Void>toCompletionStage(null).toCompletableFuture();
    }

    @Test
    void rejectsNullChannel() {
        assertThatThrownBy(() -> RxChannels.done(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("done is null");
    }
}
