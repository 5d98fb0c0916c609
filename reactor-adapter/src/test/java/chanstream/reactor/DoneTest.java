package chanstream.reactor;

import static chanstream.reactor.TestChannels.channel;
import static chanstream.reactor.TestChannels.queueLengths;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chanstream.core.Channel;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.core.Disposable;

/** {@link ReactorChannels#done}: a Go-style done channel as a {@code Mono<Void>}. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DoneTest {

    @ParameterizedTest(name = "capacity {0}, {1} threads")
    @MethodSource("chanstream.reactor.TestChannels#capacitiesAndThreadKinds")
    void completesWhenDoneReceivesValue(int capacity, ThreadKind kind) throws Throwable {
        Channel<String> done = channel(capacity);
        CompletableFuture<Void> watch = ReactorChannels.done(done).toFuture();
        assertThat(watch).as("watch before the value").isNotDone();

        ThreadKind.await(kind.start("firing", () -> done.send("stop")));

        assertThat(watch.get(20, TimeUnit.SECONDS)).isNull();
        assertThat(done.tryReceive()).as("value left in the done channel").isNull();
        assertThat(queueLengths(done)).as("senders, receivers, watchers").containsExactly(0, 0, 0);
    }

    @ParameterizedTest(name = "capacity {0}, {1} threads")
    @MethodSource("chanstream.reactor.TestChannels#capacitiesAndThreadKinds")
    void completesWhenDoneCloses(int capacity, ThreadKind kind) throws Throwable {
        Channel<String> done = channel(capacity);
        CompletableFuture<Void> watch = ReactorChannels.done(done).toFuture();

        ThreadKind.await(kind.start("firing", done::close));

        assertThat(watch.get(20, TimeUnit.SECONDS)).isNull();
        assertThat(queueLengths(done)).as("senders, receivers, watchers").containsExactly(0, 0, 0);
    }

    @ParameterizedTest(name = "capacity {0}")
    @MethodSource("chanstream.reactor.TestChannels#capacities")
    void completesAtOnceWhenAlreadyClosed(int capacity) {
        Channel<String> done = channel(capacity);
        done.close();

        CompletableFuture<Void> watch = ReactorChannels.done(done).toFuture();

        assertThat(watch).as("watch subscribed after the close").isCompletedWithValue(null);
    }

    @ParameterizedTest(name = "capacity {0}, {1} threads")
    @MethodSource("chanstream.reactor.TestChannels#capacitiesAndThreadKinds")
    void failsWithCloseCauseItself(int capacity, ThreadKind kind) throws Throwable {
        Channel<String> done = channel(capacity);
        IllegalStateException cause = new IllegalStateException("context cancelled");
        CompletableFuture<Void> watch = ReactorChannels.done(done).toFuture();

        ThreadKind.await(kind.start("firing", () -> done.close(cause)));

        assertThatThrownBy(() -> watch.get(20, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isSameAs(cause);
    }

    @ParameterizedTest(name = "capacity {0}")
    @MethodSource("chanstream.reactor.TestChannels#capacities")
    void disposeWithdrawsTheWatch(int capacity) throws Exception {
        Channel<String> done = channel(capacity);
        Disposable watch = ReactorChannels.done(done).subscribe();
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
    @MethodSource("chanstream.reactor.TestChannels#capacities")
    void valueWakesOneWatcherAndCloseWakesAll(int capacity) throws Exception {
        Channel<String> done = channel(capacity);
        List<CompletableFuture<Void>> watches = List.of(
                ReactorChannels.done(done).toFuture(),
                ReactorChannels.done(done).toFuture(),
                ReactorChannels.done(done).toFuture());

        done.send("stop");
        assertThat(watches).as("watches woken by one value")
                .filteredOn(CompletableFuture::isDone).hasSize(1);
        done.close();

        CompletableFuture.allOf(watches.toArray(new CompletableFuture<?>[0]))
                .get(20, TimeUnit.SECONDS);
    }

    @Test
    void doneValueNeverReachesDiscardHook() throws Exception {
        Channel<String> done = Channel.unbuffered();
        List<Object> discarded = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> watch = ReactorChannels.done(done)
                .doOnDiscard(Object.class, discarded::add)
                .toFuture();

        done.send("stop");

        assertThat(watch.get(20, TimeUnit.SECONDS)).isNull();
        assertThat(discarded).as("discarded").isEmpty();
    }

    @Test
    void rejectsNullChannel() {
        assertThatThrownBy(() -> ReactorChannels.done(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("done is null");
    }
}
