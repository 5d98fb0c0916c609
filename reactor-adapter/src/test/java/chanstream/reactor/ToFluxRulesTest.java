package chanstream.reactor;

import static chanstream.reactor.TestChannels.channel;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chanstream.core.Channel;
import chanstream.core.ReceiveChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * Reactive Streams rules for a plain {@link Subscriber} of {@link ReactorChannels#toFlux},
 * and the null checks of the subscriber behind {@link ReactorChannels#toChannel}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ToFluxRulesTest {

    @ParameterizedTest(name = "capacity {0}")
    @MethodSource("chanstream.reactor.TestChannels#capacities")
    void requestZeroSignalsIllegalArgumentException(int capacity) throws InterruptedException {
        assertNonPositiveRequestFails(capacity, 0L);
    }

    @ParameterizedTest(name = "capacity {0}")
    @MethodSource("chanstream.reactor.TestChannels#capacities")
    void requestNegativeSignalsIllegalArgumentException(int capacity) throws InterruptedException {
        assertNonPositiveRequestFails(capacity, -1L);
    }

    /** Rule 3.9, seen by a plain subscriber: the subscription is cancelled and fails. */
    private static void assertNonPositiveRequestFails(int capacity, long n)
            throws InterruptedException {
        Channel<Integer> ch = channel(capacity);
        sendAsync(ch, 3);
        RecordingSubscriber<Integer> subscriber = RecordingSubscriber.passive();
        ReactorChannels.toFlux(ch).subscribe(subscriber);

        subscriber.subscription().request(n);

        assertThat(subscriber.awaitTermination()).as("terminated").isTrue();
        assertThat(subscriber.errors).singleElement()
                .isInstanceOf(IllegalArgumentException.class)
                .extracting(Throwable::getMessage).asString()
                .contains("3.9", "non-positive subscription request");
        assertThat(subscriber.elements).as("delivered").isEmpty();
        assertThat(receiveAll(ch, 3)).as("still in the channel").containsExactly(0, 1, 2);
    }

    @ParameterizedTest(name = "capacity {0}")
    @MethodSource("chanstream.reactor.TestChannels#capacities")
    void requestZeroAfterCancelDoesNothing(int capacity) {
        Channel<Integer> ch = channel(capacity);
        sendAsync(ch, 3);
        RecordingSubscriber<Integer> subscriber = RecordingSubscriber.passive();
        ReactorChannels.toFlux(ch).subscribe(subscriber);

        subscriber.subscription().cancel();
        subscriber.subscription().request(0);
        subscriber.subscription().request(-1);

        assertThat(subscriber.errors).as("errors").isEmpty();
        assertThat(subscriber.completions()).as("completions").isZero();
        assertThat(subscriber.elements).as("delivered").isEmpty();
    }

    @ParameterizedTest(name = "capacity {0}")
    @MethodSource("chanstream.reactor.TestChannels#capacities")
    void demandAddedInOnNextSaturatesAtLongMax(int capacity) throws InterruptedException {
        int count = 10_000;
        Channel<Integer> ch = channel(capacity);
        sendAsyncThenClose(ch, count);
        AtomicInteger calls = new AtomicInteger();
        RecordingSubscriber<Integer> subscriber = new RecordingSubscriber<>(
                subscription -> subscription.request(2),
                (subscription, element) -> {
                    if (calls.getAndIncrement() == 0) {
                        subscription.request(Long.MAX_VALUE - 1);
                    }
                });

        ReactorChannels.toFlux(ch).subscribe(subscriber);

        assertThat(subscriber.awaitTermination()).as("terminated").isTrue();
        assertThat(subscriber.errors).as("errors").isEmpty();
        assertThat(subscriber.completions()).as("completions").isEqualTo(1);
        assertThat(subscriber.elements).hasSize(count).isSorted();
    }

    @ParameterizedTest(name = "capacity {0}")
    @MethodSource("chanstream.reactor.TestChannels#capacities")
    void requestingLongMaxTwiceIsUnbounded(int capacity) throws InterruptedException {
        int count = 10_000;
        Channel<Integer> ch = channel(capacity);
        sendAsyncThenClose(ch, count);
        RecordingSubscriber<Integer> subscriber = new RecordingSubscriber<>(
                subscription -> {
                    subscription.request(Long.MAX_VALUE);
                    subscription.request(Long.MAX_VALUE);
                },
                (subscription, element) -> { });

        ReactorChannels.toFlux(ch).subscribe(subscriber);

        assertThat(subscriber.awaitTermination()).as("terminated").isTrue();
        assertThat(subscriber.errors).as("errors").isEmpty();
        assertThat(subscriber.elements).hasSize(count).isSorted();
    }

    @ParameterizedTest(name = "capacity {0}")
    @MethodSource("chanstream.reactor.TestChannels#capacities")
    void requestFromOnNextDoesNotRecurse(int capacity) throws InterruptedException {
        assertRequestFromOnNextDoesNotRecurse(capacity, 100_000);
    }

    @Tag("stress")
    @Test
    void noRecursionOverMillionElements() throws InterruptedException {
        assertRequestFromOnNextDoesNotRecurse(1_000_000, 1_000_000);
    }

    /**
     * Rule 3.3: a subscriber that requests one more element as the first and as the last
     * statement of {@code onNext} must never see {@code onNext} nested inside
     * {@code onNext}.
     */
    private static void assertRequestFromOnNextDoesNotRecurse(int capacity, int count)
            throws InterruptedException {
        Channel<Integer> ch = channel(capacity);
        sendAsyncThenClose(ch, count);
        AtomicInteger depth = new AtomicInteger();
        AtomicInteger maxDepth = new AtomicInteger();
        RecordingSubscriber<Integer> subscriber = new RecordingSubscriber<>(
                subscription -> subscription.request(1),
                (subscription, element) -> {
                    maxDepth.accumulateAndGet(depth.incrementAndGet(), Math::max);
                    subscription.request(1);
                    subscription.request(1);
                    depth.decrementAndGet();
                });

        ReactorChannels.toFlux(ch).subscribe(subscriber);

        assertThat(subscriber.awaitTermination()).as("terminated").isTrue();
        assertThat(subscriber.errors).as("errors").isEmpty();
        assertThat(maxDepth.get()).as("nesting depth of onNext").isEqualTo(1);
        assertThat(subscriber.elements).hasSize(count).isSorted();
    }

    @Test
    void subscribeWithNullSubscriberThrowsNullPointerException() {
        Channel<Integer> ch = Channel.buffered(1);

        assertThatThrownBy(() -> ReactorChannels.toFlux(ch).subscribe((Subscriber<Integer>) null))
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void toChannelSubscriberRejectsNulls() throws InterruptedException {
        ManualPublisher<String> source = new ManualPublisher<>();
        ReceiveChannel<String> ch = ReactorChannels.toChannel(source, 4);
        Subscriber<? super String> subscriber = source.subscriber();

        assertThatThrownBy(() -> subscriber.onNext(null))
                .as("onNext(null)").isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> subscriber.onSubscribe(null))
                .as("onSubscribe(null)").isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> subscriber.onError(null))
                .as("onError(null)").isInstanceOf(NullPointerException.class);

        assertThat(ch.size()).as("elements buffered after the null signals").isZero();
        assertThat(ch.isClosedForReceive()).as("closed by the null signals").isFalse();
        source.emit("after the nulls");
        assertThat(ch.receive()).isEqualTo("after the nulls");
    }

    @Test
    void sendOfNullThrowsNullPointerException() {
        Channel<String> ch = Channel.buffered(1);

        assertThatThrownBy(() -> ch.send(null)).isInstanceOf(NullPointerException.class);
        assertThat(ch.size()).isZero();
    }

    /** Starts {@code count} sends that wait without a thread; an unbuffered channel queues them. */
    private static void sendAsync(Channel<Integer> ch, int count) {
        for (int i = 0; i < count; i++) {
            ch.sendAsync(i);
        }
    }

    /** Like {@link #sendAsync}, and closes the channel once every send committed. */
    private static void sendAsyncThenClose(Channel<Integer> ch, int count) {
        CompletableFuture<?>[] sends = new CompletableFuture<?>[count];
        for (int i = 0; i < count; i++) {
            sends[i] = ch.sendAsync(i);
        }
        CompletableFuture.allOf(sends).whenComplete((ignored, failure) -> ch.close());
    }

    private static List<Integer> receiveAll(ReceiveChannel<Integer> ch, int count)
            throws InterruptedException {
        List<Integer> received = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            received.add(ch.receive());
        }
        return received;
    }
}
