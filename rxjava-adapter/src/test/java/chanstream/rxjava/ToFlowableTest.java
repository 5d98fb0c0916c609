package chanstream.rxjava;

import static chanstream.rxjava.TestChannels.channel;
import static chanstream.rxjava.TestChannels.queueLengths;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chanstream.core.Channel;
import io.reactivex.rxjava3.core.Flowable;
import io.reactivex.rxjava3.subscribers.TestSubscriber;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link RxChannels#toFlowable}: order, demand, completion, errors and cancellation. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ToFlowableTest {

    private static final long AWAIT_SECONDS = 20;

    @ParameterizedTest(name = "capacity {0}, {1} threads")
    @MethodSource("chanstream.rxjava.TestChannels#capacitiesAndThreadKinds")
    void deliversInSendOrderUnderExplicitDemand(int capacity, ThreadKind kind) throws Throwable {
        kind.run(() -> {
            Channel<Integer> ch = channel(capacity);
            TestSubscriber<Integer> subscriber = RxChannels.toFlowable(ch).test(0);
            CompletableFuture<Void> producer = sendRange(kind, ch, 6, true);

            subscriber.request(1);
            awaitCount(subscriber, 1);
            subscriber.assertValuesOnly(0);
            subscriber.request(2);
            awaitCount(subscriber, 3);
            subscriber.assertValuesOnly(0, 1, 2);
            subscriber.request(10);

            assertThat(subscriber.await(AWAIT_SECONDS, TimeUnit.SECONDS)).as("terminated")
                    .isTrue();
            subscriber.assertResult(0, 1, 2, 3, 4, 5);
            ThreadKind.await(producer);
        });
    }

    @ParameterizedTest(name = "capacity {0}, {1} threads")
    @MethodSource("chanstream.rxjava.TestChannels#capacitiesAndThreadKinds")
    void completesWithoutDemandWhenChannelCloses(int capacity, ThreadKind kind)
            throws Throwable {
        kind.run(() -> {
            Channel<Integer> ch = channel(capacity);
            TestSubscriber<Integer> subscriber = RxChannels.toFlowable(ch).test(2);
            ThreadKind.await(sendRange(kind, ch, 2, false));
            awaitCount(subscriber, 2);

            ThreadKind.await(kind.start("closer", ch::close));

            assertThat(subscriber.await(AWAIT_SECONDS, TimeUnit.SECONDS)).as("terminated")
                    .isTrue();
            subscriber.assertResult(0, 1);
        });
    }

    @ParameterizedTest(name = "capacity {0}")
    @MethodSource("chanstream.rxjava.TestChannels#bufferedCapacities")
    void holdsCompletionUntilBufferedElementsAreRequested(int capacity) {
        Channel<Integer> ch = channel(capacity);
        ch.trySend(7);
        ch.close();

        TestSubscriber<Integer> subscriber = RxChannels.toFlowable(ch).test(0);

        subscriber.assertEmpty();
        assertThat(ch.size()).as("elements left in the channel").isEqualTo(1);
        subscriber.request(1);
        subscriber.assertResult(7);
    }

    @ParameterizedTest(name = "capacity {0}, {1} threads")
    @MethodSource("chanstream.rxjava.TestChannels#capacitiesAndThreadKinds")
    void failsWithTheCloseCauseItself(int capacity, ThreadKind kind) throws Throwable {
        kind.run(() -> {
            Channel<Integer> ch = channel(capacity);
            IllegalStateException cause = new IllegalStateException("producer failed");
            TestSubscriber<Integer> subscriber = RxChannels.toFlowable(ch).test(5);

            ThreadKind.await(kind.start("producer", () -> {
                ch.send(0);
                ch.send(1);
                ch.close(cause);
            }));

            assertThat(subscriber.await(AWAIT_SECONDS, TimeUnit.SECONDS)).as("terminated")
                    .isTrue();
            subscriber.assertValues(0, 1);
            subscriber.assertError(error -> error == cause);
        });
    }

    @ParameterizedTest(name = "capacity {0}, {1} threads")
    @MethodSource("chanstream.rxjava.TestChannels#capacitiesAndThreadKinds")
    void cancellationLeavesUndeliveredElementsInChannel(int capacity, ThreadKind kind)
            throws Throwable {
        kind.run(() -> {
            Channel<Integer> ch = channel(capacity);
            CompletableFuture<Void> producer = sendRange(kind, ch, 10, true);
            TestSubscriber<Integer> subscriber = RxChannels.toFlowable(ch).test(3);

            awaitCount(subscriber, 3);
            subscriber.cancel();

            subscriber.assertValuesOnly(0, 1, 2);
            List<Integer> remaining = new ArrayList<>();
            ch.forEach(remaining::add);
            assertThat(remaining).as("elements a plain receiver gets after the cancel")
                    .containsExactly(3, 4, 5, 6, 7, 8, 9);
            ThreadKind.await(producer);
        });
    }

    @ParameterizedTest(name = "capacity {0}")
    @MethodSource("chanstream.rxjava.TestChannels#capacities")
    void cancelKeepsChannelOpenAndWithdrawsWaiter(int capacity) {
        Channel<Integer> ch = channel(capacity);
        TestSubscriber<Integer> waitingForElement = RxChannels.toFlowable(ch).test();
        TestSubscriber<Integer> waitingForDemand = RxChannels.toFlowable(ch).test(0);
        assertThat(queueLengths(ch)).as("senders, receivers, watchers while subscribed")
                .containsExactly(0, 1, 1);

        waitingForElement.cancel();
        waitingForDemand.cancel();

        assertThat(queueLengths(ch)).as("senders, receivers, watchers after the cancel")
                .containsExactly(0, 0, 0);
        assertThat(ch.isClosedForSend()).as("closed by the cancel").isFalse();
        CompletableFuture<Integer> receiver = ch.receiveAsync();
        assertThat(ch.trySend(42)).as("trySend after the cancel").isTrue();
        assertThat(receiver).isCompletedWithValue(42);
        waitingForElement.assertEmpty();
    }

    @ParameterizedTest(name = "capacity {0}, {1} threads")
    @MethodSource("chanstream.rxjava.TestChannels#capacitiesAndThreadKinds")
    void competingSubscribersReceiveEachElementOnce(int capacity, ThreadKind kind)
            throws Throwable {
        kind.run(() -> {
            int count = 3_000;
            Channel<Integer> ch = channel(capacity);
            Flowable<Integer> flowable = RxChannels.toFlowable(ch);
            List<CompletableFuture<List<Integer>>> consumers = List.of(
                    flowable.toList().toCompletionStage().toCompletableFuture(),
                    flowable.rebatchRequests(1).toList().toCompletionStage()
                            .toCompletableFuture(),
                    flowable.rebatchRequests(7).toList().toCompletionStage()
                            .toCompletableFuture());
            ThreadKind.await(sendRange(kind, ch, count, true));

            Set<Integer> all = new HashSet<>();
            int total = 0;
            for (CompletableFuture<List<Integer>> consumer : consumers) {
                List<Integer> received = consumer.get(AWAIT_SECONDS, TimeUnit.SECONDS);
                assertThat(received).as("one subscriber's elements, in send order").isSorted();
                all.addAll(received);
                total += received.size();
            }
            assertThat(total).as("elements received by all subscribers").isEqualTo(count);
            assertThat(all).as("distinct elements").hasSize(count);
        });
    }

    @Test
    void rejectsNullChannel() {
        assertThatThrownBy(() -> RxChannels.toFlowable(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("channel is null");
    }

    private static void awaitCount(TestSubscriber<Integer> subscriber, int count)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(AWAIT_SECONDS);
        while (subscriber.values().size() < count && System.nanoTime() - deadline < 0) {
            subscriber.awaitCount(count);
        }
        assertThat(subscriber.values()).as("values received").hasSizeGreaterThanOrEqualTo(count);
    }

    private static CompletableFuture<Void> sendRange(ThreadKind kind, Channel<Integer> ch,
            int count, boolean close) {
        return kind.start("producer", () -> {
            for (int i = 0; i < count; i++) {
                ch.send(i);
            }
            if (close) {
                ch.close();
            }
        });
    }
}
