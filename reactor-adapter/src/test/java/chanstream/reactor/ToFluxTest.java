package chanstream.reactor;

import static chanstream.reactor.TestChannels.channel;
import static chanstream.reactor.TestChannels.queueLengths;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chanstream.core.Channel;
import chanstream.core.ReceiveChannel;
import chanstream.core.SelectClause;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;
import reactor.test.subscriber.TestSubscriber;

/** {@link ReactorChannels#toFlux}: order, demand, completion, errors and cancellation. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ToFluxTest {

    private static final Duration VERIFY_TIMEOUT = Duration.ofSeconds(20);

    @ParameterizedTest(name = "capacity {0}, {1} threads")
    @MethodSource("chanstream.reactor.TestChannels#capacitiesAndThreadKinds")
    void deliversInSendOrderUnderExplicitDemand(int capacity, ThreadKind kind) throws Throwable {
        kind.run(() -> {
            Channel<Integer> ch = channel(capacity);
            CompletableFuture<Void> producer = sendRange(kind, ch, 6, true);

            StepVerifier.create(ReactorChannels.toFlux(ch), 0)
                    .expectSubscription()
                    .thenRequest(1)
                    .expectNext(0)
                    .thenRequest(2)
                    .expectNext(1, 2)
                    .thenRequest(10)
                    .expectNext(3, 4, 5)
                    .expectComplete()
                    .verify(VERIFY_TIMEOUT);

            ThreadKind.await(producer);
        });
    }

    @ParameterizedTest(name = "capacity {0}, {1} threads")
    @MethodSource("chanstream.reactor.TestChannels#capacitiesAndThreadKinds")
    void completesWithoutDemandWhenChannelCloses(int capacity, ThreadKind kind) throws Throwable {
        kind.run(() -> {
            Channel<Integer> ch = channel(capacity);
            CompletableFuture<Void> producer = sendRange(kind, ch, 2, false);

            StepVerifier.create(ReactorChannels.toFlux(ch), 0)
                    .expectSubscription()
                    .thenRequest(2)
                    .expectNext(0, 1)
                    .then(ch::close)
                    .expectComplete()
                    .verify(VERIFY_TIMEOUT);

            ThreadKind.await(producer);
        });
    }

    @ParameterizedTest(name = "capacity {0}, {1} threads")
    @MethodSource("chanstream.reactor.TestChannels#capacitiesAndThreadKinds")
    void completesAtOnceOnEmptyClosedChannelWithoutDemand(int capacity, ThreadKind kind)
            throws Throwable {
        kind.run(() -> {
            Channel<Integer> ch = channel(capacity);
            ch.close();
            TestSubscriber<Integer> subscriber = TestSubscriber.builder().initialRequest(0).build();

            ReactorChannels.toFlux(ch).subscribe(subscriber);

            assertThat(subscriber.isTerminatedComplete()).as("completed").isTrue();
            assertThat(subscriber.getReceivedOnNext()).isEmpty();
        });
    }

    @ParameterizedTest(name = "capacity {0}")
    @MethodSource("chanstream.reactor.TestChannels#bufferedCapacities")
    void holdsCompletionUntilBufferedElementsAreRequested(int capacity) {
        Channel<Integer> ch = channel(capacity);
        ch.trySend(7);
        ch.close();
        TestSubscriber<Integer> subscriber = TestSubscriber.builder().initialRequest(0).build();

        ReactorChannels.toFlux(ch).subscribe(subscriber);

        assertThat(subscriber.isTerminated()).as("terminated before the buffer was drained")
                .isFalse();
        assertThat(ch.size()).as("elements left in the channel").isEqualTo(1);
        subscriber.request(1);
        assertThat(subscriber.getReceivedOnNext()).containsExactly(7);
        assertThat(subscriber.isTerminatedComplete()).as("completed").isTrue();
    }

    @ParameterizedTest(name = "capacity {0}, {1} threads")
    @MethodSource("chanstream.reactor.TestChannels#capacitiesAndThreadKinds")
    void failsWithTheCloseCauseItself(int capacity, ThreadKind kind) throws Throwable {
        kind.run(() -> {
            Channel<Integer> ch = channel(capacity);
            IllegalStateException cause = new IllegalStateException("producer failed");
            CompletableFuture<Void> producer = kind.start("producer", () -> {
                ch.send(0);
                ch.send(1);
                ch.close(cause);
            });

            StepVerifier.create(ReactorChannels.toFlux(ch), 0)
                    .thenRequest(5)
                    .expectNext(0, 1)
                    .expectErrorSatisfies(error -> assertThat(error).isSameAs(cause))
                    .verify(VERIFY_TIMEOUT);

            ThreadKind.await(producer);
        });
    }

    @ParameterizedTest(name = "capacity {0}, {1} threads")
    @MethodSource("chanstream.reactor.TestChannels#capacitiesAndThreadKinds")
    void cancellationLeavesUndeliveredElementsInChannel(int capacity, ThreadKind kind)
            throws Throwable {
        kind.run(() -> {
            int sent = 10;
            int requested = 3;
            Channel<Integer> ch = channel(capacity);
            CompletableFuture<Void> producer = sendRange(kind, ch, sent, true);

            StepVerifier.create(ReactorChannels.toFlux(ch), 0)
                    .thenRequest(requested)
                    .expectNext(0, 1, 2)
                    .thenCancel()
                    .verify(VERIFY_TIMEOUT);

            List<Integer> remaining = new ArrayList<>();
            ch.forEach(remaining::add);
            assertThat(remaining).as("elements a plain receiver gets after the cancel")
                    .containsExactly(3, 4, 5, 6, 7, 8, 9);
            ThreadKind.await(producer);
        });
    }

    @ParameterizedTest(name = "capacity {0}")
    @MethodSource("chanstream.reactor.TestChannels#capacities")
    void cancelKeepsChannelOpenAndWithdrawsWaiter(int capacity) {
        Channel<Integer> ch = channel(capacity);
        TestSubscriber<Integer> waitingForElement = TestSubscriber.create();
        TestSubscriber<Integer> waitingForDemand = TestSubscriber.builder().initialRequest(0)
                .build();

        ReactorChannels.toFlux(ch).subscribe(waitingForElement);
        ReactorChannels.toFlux(ch).subscribe(waitingForDemand);
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
        assertThat(waitingForElement.getReceivedOnNext()).isEmpty();
    }

    @ParameterizedTest(name = "capacity {0}, {1} threads")
    @MethodSource("chanstream.reactor.TestChannels#capacitiesAndThreadKinds")
    void competingSubscribersReceiveEachElementOnce(int capacity, ThreadKind kind)
            throws Throwable {
        kind.run(() -> {
            int count = 3_000;
            Channel<Integer> ch = channel(capacity);
            Flux<Integer> flux = ReactorChannels.toFlux(ch);
            List<CompletableFuture<List<Integer>>> consumers = List.of(
                    flux.collectList().toFuture(),
                    flux.limitRate(1).collectList().toFuture(),
                    flux.limitRate(7).collectList().toFuture());
            CompletableFuture<Void> producer = sendRange(kind, ch, count, true);
            ThreadKind.await(producer);

            Set<Integer> all = new HashSet<>();
            int total = 0;
            for (CompletableFuture<List<Integer>> consumer : consumers) {
                List<Integer> received = consumer.get(20, TimeUnit.SECONDS);
                assertThat(received).as("one subscriber's elements, in send order").isSorted();
                all.addAll(received);
                total += received.size();
            }
            assertThat(total).as("elements received by all subscribers").isEqualTo(count);
            assertThat(all).as("distinct elements received").hasSize(count);
        });
    }

    @Test
    void rejectsNullChannel() {
        assertThatThrownBy(() -> ReactorChannels.toFlux(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("channel is null");
    }

    @Test
    void rejectsChannelNotCreatedByChanstream() {
        assertThatThrownBy(() -> ReactorChannels.toFlux(new ForeignChannel()))
                .isInstanceOf(IllegalArgumentException.class);
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

    /** A receive channel that chanstream did not create, so the bridge cannot wait on it. */
    private static final class ForeignChannel implements ReceiveChannel<Integer> {

        @Override
        public Integer receive() {
            throw new UnsupportedOperationException();
        }

        @Override
        public @Nullable Integer receiveOrNull() {
            return null;
        }

        @Override
        public @Nullable Integer tryReceive() {
            return null;
        }

        @Override
        public CompletableFuture<Integer> receiveAsync() {
            return new CompletableFuture<>();
        }

        @Override
        public void forEach(Consumer<? super Integer> action) {
        }

        @Override
        public void cancel() {
        }

        @Override
        public boolean isClosedForReceive() {
            return false;
        }

        @Override
        public int size() {
            return 0;
        }

        @Override
        public int capacity() {
            return 0;
        }

        @Override
        public <R> SelectClause<R> onReceive(Function<? super Integer, ? extends R> then) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <R> SelectClause<R> onReceiveOrNull(
                Function<? super @Nullable Integer, ? extends R> then) {
            throw new UnsupportedOperationException();
        }
    }
}
