package chanstream.rxjava;

import static chanstream.rxjava.TestChannels.channel;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chanstream.core.Channel;
import chanstream.core.ChannelClosedException;
import io.reactivex.rxjava3.core.Completable;
import io.reactivex.rxjava3.core.Flowable;
import io.reactivex.rxjava3.disposables.Disposable;
import io.reactivex.rxjava3.observers.TestObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link RxChannels#sendAll}: a cold transfer with one send in flight at a time. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SendAllTest {

    private static final long AWAIT_SECONDS = 20;

    @Test
    void subscribesToSourceOnlyWhenSubscribed() {
        Channel<Integer> ch = Channel.unlimited();
        AtomicInteger subscriptions = new AtomicInteger();
        Flowable<Integer> source = Flowable.range(0, 3)
                .doOnSubscribe(s -> subscriptions.incrementAndGet());

        Completable transfer = RxChannels.sendAll(source, ch);
        assertThat(subscriptions).as("subscriptions before subscribe").hasValue(0);
        transfer.blockingAwait(AWAIT_SECONDS, TimeUnit.SECONDS);
        transfer.blockingAwait(AWAIT_SECONDS, TimeUnit.SECONDS);

        assertThat(subscriptions).as("subscriptions after two subscribes").hasValue(2);
        assertThat(ch.size()).as("elements sent by two transfers").isEqualTo(6);
    }

    @ParameterizedTest(name = "capacity {0}, {1} threads")
    @MethodSource("chanstream.rxjava.TestChannels#capacitiesAndThreadKinds")
    void keepsAtMostOneSendInFlight(int capacity, ThreadKind kind) throws Throwable {
        kind.run(() -> {
            int count = 40;
            Channel<Integer> ch = channel(capacity);
            List<Long> requests = new CopyOnWriteArrayList<>();
            Flowable<Integer> source = Flowable.range(0, count).doOnRequest(requests::add);

            TestObserver<Void> transfer = RxChannels.sendAll(source, ch).test();

            for (int received = 0; received < count; received++) {
                // Every requested element committed except one whose send may wait. The
                // range may complete after its last element without a further request.
                int committed = received + ch.size();
                assertThat(requests).as("requests after %d receives", received)
                        .hasSizeBetween(Math.min(count, committed + 1), committed + 1)
                        .containsOnly(1L);
                assertThat(ch.receive()).isEqualTo(received);
            }
            assertThat(transfer.await(AWAIT_SECONDS, TimeUnit.SECONDS)).as("terminated")
                    .isTrue();
            transfer.assertComplete();
            assertThat(requests).as("requests at the end").hasSizeBetween(count, count + 1);
        });
    }

    @ParameterizedTest(name = "capacity {0}, {1} threads")
    @MethodSource("chanstream.rxjava.TestChannels#boundedCapacitiesAndThreadKinds")
    void completesOnlyAfterLastSendCommits(int capacity, ThreadKind kind) throws Throwable {
        kind.run(() -> {
            Channel<Integer> ch = channel(capacity);
            // Fills the buffer, leaves one send waiting, one element unrequested.
            TestObserver<Void> transfer =
                    RxChannels.sendAll(Flowable.range(0, capacity + 2), ch).test();

            ch.receive();
            transfer.assertNotComplete();
            ch.receive();

            transfer.assertComplete();
            List<Integer> rest = new ArrayList<>();
            for (Integer element; (element = ch.tryReceive()) != null; ) {
                rest.add(element);
            }
            assertThat(rest).hasSize(capacity).isSorted();
        });
    }

    @ParameterizedTest(name = "capacity {0}")
    @MethodSource("chanstream.rxjava.TestChannels#capacities")
    void failsWithTheSourceErrorItself(int capacity) {
        Channel<Integer> ch = channel(capacity);
        IllegalStateException cause = new IllegalStateException("source failed");

        TestObserver<Void> transfer = RxChannels.sendAll(Flowable.error(cause), ch).test();

        transfer.assertError(error -> error == cause);
        assertThat(ch.isClosedForSend()).as("target closed by the transfer").isFalse();
    }

    @ParameterizedTest(name = "capacity {0}")
    @MethodSource("chanstream.rxjava.TestChannels#boundedCapacities")
    void sourceErrorWithdrawsPendingSend(int capacity) {
        List<Integer> undelivered = new CopyOnWriteArrayList<>();
        Channel<Integer> ch = TestChannels.channel(capacity, undelivered::add);
        IllegalStateException cause = new IllegalStateException("source failed");
        // Fills the buffer, then fails while the send of element `capacity` waits.
        Flowable<Integer> source =
                Flowable.concat(Flowable.range(0, capacity + 1), Flowable.error(cause));

        TestObserver<Void> transfer = RxChannels.sendAll(source, ch).test();

        transfer.assertError(error -> error == cause);
        assertThat(undelivered).as("the pending send's element").containsExactly(capacity);
        assertThat(ch.size()).as("elements committed before the error").isEqualTo(capacity);
    }

    @ParameterizedTest(name = "capacity {0}")
    @MethodSource("chanstream.rxjava.TestChannels#capacities")
    void failsAndCancelsSourceWhenTargetIsAlreadyClosed(int capacity) {
        Channel<Integer> ch = channel(capacity);
        ch.close();
        AtomicBoolean cancelled = new AtomicBoolean();
        Flowable<Integer> source = Flowable.range(0, 100).doOnCancel(() -> cancelled.set(true));

        TestObserver<Void> transfer = RxChannels.sendAll(source, ch).test();

        transfer.assertError(ChannelClosedException.class);
        assertThat(cancelled).as("source cancelled").isTrue();
    }

    @ParameterizedTest(name = "capacity {0}, {1} threads")
    @MethodSource("chanstream.rxjava.TestChannels#boundedCapacitiesAndThreadKinds")
    void failsAndCancelsSourceWhenTargetClosesWhileSending(int capacity, ThreadKind kind)
            throws Throwable {
        kind.run(() -> {
            Channel<Integer> ch = channel(capacity);
            AtomicBoolean cancelled = new AtomicBoolean();
            // Without bound, so that the transfer never ends by itself.
            Flowable<Integer> source = Flowable.range(0, Integer.MAX_VALUE)
                    .doOnCancel(() -> cancelled.set(true));
            TestObserver<Void> transfer = RxChannels.sendAll(source, ch).test();

            for (int i = 0; i < 3; i++) {
                ch.receive();
            }
            ch.close();

            assertThat(transfer.await(AWAIT_SECONDS, TimeUnit.SECONDS)).as("terminated")
                    .isTrue();
            transfer.assertError(ChannelClosedException.class);
            assertThat(cancelled).as("source cancelled").isTrue();
        });
    }

    @ParameterizedTest(name = "capacity {0}, {1} threads")
    @MethodSource("chanstream.rxjava.TestChannels#boundedCapacitiesAndThreadKinds")
    void disposingCancelsSourceAndWithdrawsPendingSend(int capacity, ThreadKind kind)
            throws Throwable {
        kind.run(() -> {
            List<Integer> undelivered = new CopyOnWriteArrayList<>();
            Channel<Integer> ch = TestChannels.channel(capacity, undelivered::add);
            AtomicBoolean cancelled = new AtomicBoolean();
            Flowable<Integer> source = Flowable.range(0, 100)
                    .doOnCancel(() -> cancelled.set(true));

            Disposable transfer = RxChannels.sendAll(source, ch).subscribe();
            transfer.dispose();

            assertThat(cancelled).as("source cancelled").isTrue();
            assertThat(undelivered).as("the pending send's element").containsExactly(capacity);
            assertThat(ch.size()).as("elements committed before the dispose").isEqualTo(capacity);
            assertThat(ch.isClosedForSend()).as("target closed by the dispose").isFalse();
        });
    }

    @Test
    void rejectsNullArguments() {
        Channel<Integer> ch = Channel.buffered(1);

        assertThatThrownBy(() -> RxChannels.sendAll(null, ch))
                .isInstanceOf(NullPointerException.class).hasMessage("source is null");
        assertThatThrownBy(() -> RxChannels.sendAll(Flowable.just(1), null))
                .isInstanceOf(NullPointerException.class).hasMessage("target is null");
    }
}
