package chanstream.core;

import chanstream.core.internal.ChannelPublisher;
import chanstream.core.internal.SendAllSubscriber;
import chanstream.core.internal.UpstreamSubscriber;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.reactivestreams.Publisher;

/**
 * Bridges between channels and Reactive Streams, in both directions. This is the one
 * implementation of the mapping between demand and channel capacity; the Reactor and RxJava
 * adapters wrap it.
 *
 * <p>Every Reactive Streams rule of the specification's §1 to §3 holds: signals are serial,
 * {@code request(n <= 0)} signals {@code onError(IllegalArgumentException)} (rule 3.9), demand
 * saturates at {@link Long#MAX_VALUE} (rule 3.17), and {@code request} called from
 * {@code onNext} does not recurse (rule 3.3). The Reactive Streams TCK verifies both directions.
 */
public final class ReactiveChannels {

    private ReactiveChannels() {
    }

    /**
     * Returns a publisher that receives from {@code channel}.
     *
     * <p><b>Backpressure.</b> No element leaves the channel without outstanding demand: a
     * subscription receives an element only while its subscriber has requested more than it got.
     * <p><b>Subscribers.</b> Each subscriber is a competing consumer: every element reaches
     * exactly one subscriber (or another receiver of the channel).
     * <p><b>Threading.</b> No thread is parked per subscriber: when the channel is empty, the
     * subscription registers a callback, and {@code onNext} then runs on the thread whose send
     * made the element available (or on the thread that called {@code request}).
     * <p><b>Closing.</b> When the channel is closed and drained, {@code onComplete} is signalled
     * without waiting for demand; when it was closed with a cause, {@code onError} receives that
     * cause object itself.
     * <p><b>Cancellation.</b> Cancelling a subscription does not close the channel. An element
     * that a racing send had already handed to the cancelled subscription goes to the channel's
     * undelivered handler; every other element stays in the channel for the next receiver.
     *
     * @param channel the channel to receive from
     * @param <T> the element type
     * @return a cold publisher; each subscription starts receiving
     * @throws IllegalArgumentException if {@code channel} was not created by chanstream
     */
    public static <T> Publisher<T> toPublisher(ReceiveChannel<T> channel) {
        return new ChannelPublisher<>(channel);
    }

    /**
     * Subscribes to {@code source} at once and returns a channel fed by it: backpressure is the
     * buffer capacity.
     *
     * <p><b>Backpressure.</b> At all times, elements requested from {@code source} and not yet
     * received, plus elements buffered, are at most {@code max(capacity, 1)}. The bridge requests
     * {@code capacity} elements up front and more only as receivers take elements. With capacity
     * 0 it requests one element only while a receiver waits (a blocking receive, a select, an
     * async receive); {@code tryReceive} alone never creates demand there.
     * {@link Integer#MAX_VALUE} requests without bound.
     * <p><b>Closing.</b> {@code onComplete} closes the channel and {@code onError} closes it with
     * the error as cause; receivers drain the buffered elements first.
     * <p><b>Cancellation.</b> {@link ReceiveChannel#cancel()} on the returned channel cancels the
     * subscription to {@code source}.
     * <p><b>Misbehaving publishers.</b> A publisher that signals more than was requested makes the
     * channel close with an {@link IllegalStateException} and is cancelled.
     *
     * @param source the publisher
     * @param capacity the buffer capacity, {@code >= 0}
     * @param <T> the element type
     * @return the receive side of the channel
     * @throws IllegalArgumentException if {@code capacity} is negative
     */
    public static <T> ReceiveChannel<T> toChannel(Publisher<? extends T> source, int capacity) {
        return UpstreamSubscriber.subscribe(source, capacity, null);
    }

    /**
     * Like {@link #toChannel(Publisher, int)}, with a handler for elements that arrived but were
     * never received: those buffered when the channel is cancelled, and any that arrive after.
     *
     * @param source the publisher
     * @param capacity the buffer capacity, {@code >= 0}
     * @param onUndelivered called once per undelivered element, for example to release it
     * @param <T> the element type
     * @return the receive side of the channel
     */
    public static <T> ReceiveChannel<T> toChannel(Publisher<? extends T> source, int capacity,
            Consumer<? super T> onUndelivered) {
        Objects.requireNonNull(onUndelivered, "onUndelivered is null");
        return UpstreamSubscriber.subscribe(source, capacity, onUndelivered);
    }

    /**
     * Creates a subscriber that feeds a new channel of {@code capacity}, for a publisher the caller
     * subscribes it to later. {@link #toChannel(Publisher, int)} is {@code subscriber(capacity)}
     * followed by {@code source.subscribe(subscriber)}.
     *
     * @param capacity the buffer capacity, {@code >= 0}
     * @param <T> the element type
     * @return the subscriber; {@link ChannelSubscriber#channel()} is its channel
     * @throws IllegalArgumentException if {@code capacity} is negative
     */
    public static <T> ChannelSubscriber<T> subscriber(int capacity) {
        return UpstreamSubscriber.create(capacity, null, "channelSubscriber");
    }

    /**
     * Subscribes to {@code source} at once and sends each element into {@code target}, with
     * backpressure: one element is requested at a time, the next only after the send committed.
     * No thread blocks while the target is full.
     *
     * <p>It does not close {@code target}. The future completes when {@code source} completes and
     * the last send committed; exceptionally with the source's error, or with
     * {@link ChannelClosedException} if {@code target} is closed (the subscription is then
     * cancelled). Cancelling the future cancels the subscription and withdraws a pending send; its
     * element goes to the target's undelivered handler.
     *
     * @param source the publisher
     * @param target the channel to send into
     * @param <T> the element type
     * @return the future of the transfer
     */
    public static <T> CompletableFuture<Void> sendAll(Publisher<? extends T> source,
            SendChannel<T> target) {
        return SendAllSubscriber.start(source, target);
    }
}
