package chanstream.rxjava;

import chanstream.core.ChannelClosedException;
import chanstream.core.ChannelHooks;
import chanstream.core.ReactiveChannels;
import chanstream.core.ReceiveChannel;
import chanstream.core.SendChannel;
import io.reactivex.rxjava3.core.Completable;
import io.reactivex.rxjava3.core.CompletableEmitter;
import io.reactivex.rxjava3.core.Flowable;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.reactivestreams.Publisher;

/**
 * Bridges between chanstream channels and RxJava 3: a channel as a {@link Flowable}, a
 * publisher as a channel, a publisher sent into a channel, and a Go-style done channel as
 * a {@link Completable} or as the stop signal of a {@link Flowable}.
 *
 * <p>Every method wraps the core bridge {@link ReactiveChannels}, which owns the mapping
 * between Reactive Streams demand and channel capacity; this class adds RxJava's types
 * and the or-done pattern. The results pass through RxJava's assembly hooks and compose
 * with every operator.
 *
 * <p><b>Non-blocking.</b> No method here, and no signal path set up here, parks a thread:
 * waiting for an element, for room in a channel or for a done signal is a registered
 * callback. So every method and every subscription may run on
 * {@code Schedulers.computation()}; the module's tests check this with BlockHound. The
 * only wait left is for a channel's internal lock, held by another thread for a few
 * instructions; {@link ChannelBlockHoundIntegration}, which BlockHound loads by itself,
 * declares that wait allowed.
 *
 * <p><b>Undeliverable errors.</b> RxJava reports an error that has nowhere to go to
 * {@code RxJavaPlugins.onError}; chanstream's core reports its own (a subscriber that
 * threw from {@code onNext}, an upstream error after the channel it feeds was cancelled)
 * to {@link ChannelHooks#onUndeliverableError}. The two hooks are independent, and both
 * fall back to the thread's uncaught-exception handler. To send chanstream's errors
 * through RxJava's handler as well, install it once at startup:
 * <pre>{@code
 * ChannelHooks.setUndeliverableErrorHandler(RxJavaPlugins::onError);
 * }</pre>
 * RxJava has no discard hook: an element taken from a channel but undeliverable because
 * of a cancel goes to the channel's undelivered handler
 * ({@code Channel.builder().onUndelivered}).
 */
public final class RxChannels {

    private RxChannels() {
    }

    /**
     * Returns a {@link Flowable} that receives from {@code channel}.
     *
     * <p><b>Backpressure.</b> The flowable honours downstream backpressure without a
     * buffer of its own: an element leaves the channel only while the subscriber has
     * requested more than it received. Completion and errors are signalled without
     * waiting for demand.
     * <p><b>Scheduler.</b> {@code toFlowable} does not operate by default on a particular
     * {@code Scheduler} and parks no thread. {@code onNext} runs on the thread that
     * called {@code request} when elements are buffered, and otherwise on the thread
     * whose send made an element available; the terminal signal runs on the thread that
     * closed the channel or on a requesting thread.
     * <p><b>Subscribers.</b> The flowable is cold, and each subscription is a competing
     * consumer of the channel: every element reaches exactly one subscriber (or another
     * receiver of the channel). A plain Reactive Streams subscriber is held to the strict
     * rules by RxJava's wrapper: {@code request(n)} with {@code n <= 0} cancels and
     * signals {@link IllegalArgumentException} (rule 3.9). NOTE: in RxJava 3.1.12 that
     * wrapper also signals the error for a {@code request(n <= 0)} made after a cancel,
     * where rule 3.6 requires a no-op; a {@code FlowableSubscriber} reaches the core
     * subscription directly and gets the no-op.
     * <p><b>Cancellation.</b> Cancelling does not close the channel: elements not yet
     * delivered stay in it for the next receiver. An element that a racing send had
     * already handed to the cancelled subscription goes to the channel's undelivered
     * handler.
     * <p><b>Closing.</b> When the channel is closed and drained the flowable completes;
     * when it was closed with a cause, {@code onError} receives that cause object itself.
     *
     * @param channel the channel to receive from, created by chanstream
     * @param <T> the element type
     * @return a cold flowable; each subscription starts receiving
     * @throws IllegalArgumentException if {@code channel} was not created by chanstream
     */
    public static <T> Flowable<T> toFlowable(ReceiveChannel<T> channel) {
        Objects.requireNonNull(channel, "channel is null");
        return ChannelFlowable.of(channel);
    }

    /**
     * Subscribes to {@code source} at once and returns a channel fed by it: backpressure
     * is the buffer capacity.
     *
     * <p><b>Backpressure.</b> At all times, elements requested from {@code source} and
     * not yet received, plus elements buffered, are at most {@code max(capacity, 1)}. The
     * channel requests {@code capacity} elements up front and more only as receivers take
     * elements; with capacity 0 it requests one element only while a receiver waits.
     * {@link Integer#MAX_VALUE} requests without bound.
     * <p><b>Scheduler.</b> The elements are buffered on the thread that signals them; the
     * requests reach {@code source} on the thread of the receive that freed room. Nothing
     * blocks the publisher's thread.
     * <p><b>Cancellation.</b> {@link ReceiveChannel#cancel()} on the returned channel
     * cancels the subscription to {@code source}.
     * <p><b>Closing.</b> {@code onComplete} closes the channel and {@code onError} closes
     * it with the error as cause; receivers drain the buffered elements first. A
     * publisher that signals more than was requested (a hot source that ignores
     * backpressure) is cancelled, and the channel is closed with an
     * {@link IllegalStateException} as cause. A source that reports its own overflow, as
     * {@code Flowable.interval} does with {@code MissingBackpressureException}, closes
     * the channel with that error.
     *
     * @param source the publisher; subscribed to before this method returns
     * @param capacity the buffer capacity, {@code >= 0}
     * @param <T> the element type
     * @return the receive side of the channel
     * @throws IllegalArgumentException if {@code capacity} is negative
     */
    public static <T> ReceiveChannel<T> toChannel(Publisher<? extends T> source, int capacity) {
        return ReactiveChannels.toChannel(source, capacity);
    }

    /**
     * Returns a cold {@link Completable} that, for each subscription, subscribes to
     * {@code source} and sends every element into {@code target}.
     *
     * <p><b>Backpressure.</b> One element is requested at a time, and the next only after
     * the send of the previous one committed, so at most one send is in flight and the
     * source runs at the pace of the channel's receivers.
     * <p><b>Scheduler.</b> {@code sendAll} does not operate by default on a particular
     * {@code Scheduler}. No thread waits for room in {@code target}: a send that has to
     * wait is a registered callback, and the next request goes to {@code source} on the
     * thread of the receive that made room. The {@code Completable} terminates on the
     * thread that committed the last send, or on the source's thread.
     * <p><b>Cancellation.</b> Disposing cancels the subscription to {@code source} and
     * withdraws a pending send; that element goes to the target's undelivered handler.
     * <p><b>Closing.</b> It never closes {@code target}. The {@code Completable}
     * completes when {@code source} completed and the last send committed, and fails with
     * the source's error itself. If {@code target} is closed, it fails with
     * {@link ChannelClosedException} and the subscription to {@code source} is cancelled.
     * A source error that arrives while a send waits withdraws that send, whose element
     * goes to the target's undelivered handler.
     *
     * @param source the publisher, subscribed to once per subscription to the result
     * @param target the channel to send into, created by chanstream
     * @param <T> the element type
     * @return the transfer, started by subscribing
     */
    public static <T> Completable sendAll(Publisher<? extends T> source, SendChannel<T> target) {
        Objects.requireNonNull(source, "source is null");
        Objects.requireNonNull(target, "target is null");
        return Completable.create(
                emitter -> relay(ReactiveChannels.sendAll(source, target), emitter));
    }

    private static void relay(CompletableFuture<Void> transfer, CompletableEmitter emitter) {
        emitter.setCancellable(() -> transfer.cancel(false));
        transfer.whenComplete((ignored, failure) -> {
            if (failure == null) {
                emitter.onComplete();
            } else if (failure instanceof CompletionException && failure.getCause() != null) {
                emitter.tryOnError(failure.getCause());
            } else {
                // A disposed emitter drops the CancellationException of its own dispose.
                emitter.tryOnError(failure);
            }
        });
    }

    /**
     * Returns a {@link Completable} that completes when the Go-style done channel
     * {@code done} fires: when it receives a value or is closed.
     *
     * <p><b>Backpressure.</b> Not applicable: each subscription requests at most one
     * value from {@code done} and does not pass it on.
     * <p><b>Scheduler.</b> {@code done} does not operate by default on a particular
     * {@code Scheduler}. The {@code Completable} completes on the thread that sent the
     * value or closed the channel, or on the subscribing thread if {@code done} has
     * already fired. No thread is parked while it waits.
     * <p><b>Cancellation.</b> Disposing the subscription withdraws its watch on
     * {@code done}: after that it consumes no value, and a value sent later goes to
     * another receiver.
     * <p><b>Closing.</b> Closing {@code done} completes every subscription, whenever they
     * subscribed, so closing is the broadcast signal. A value wakes one watcher only:
     * each subscription, like a receiver, consumes the value that completes it. When
     * {@code done} was closed with a cause, the {@code Completable} fails with that cause
     * object itself.
     *
     * @param done the done channel, created by chanstream
     * @return a cold {@code Completable}; each subscription watches {@code done}
     * @throws IllegalArgumentException if {@code done} was not created by chanstream
     */
    public static Completable done(ReceiveChannel<?> done) {
        Objects.requireNonNull(done, "done is null");
        Flowable<?> signals = ChannelFlowable.of(done);
        // take(1) also caps the request sent to the channel at one.
        return signals.take(1).ignoreElements();
    }

    /**
     * Returns a {@link Flowable} that relays {@code source} until the done channel
     * {@code done} fires, then completes: Go's or-done pattern as
     * {@code Flowable.takeUntil(Publisher)}.
     *
     * <p><b>Backpressure.</b> The flowable passes demand to {@code source} unchanged.
     * <p><b>Scheduler.</b> {@code orDone} does not operate by default on a particular
     * {@code Scheduler}. Elements arrive on {@code source}'s threads; the terminal signal
     * caused by {@code done} arrives on the thread that fired it.
     * <p><b>Cancellation.</b> Cancelling the flowable cancels {@code source} and
     * withdraws the watch on {@code done}, which then consumes no value. When
     * {@code done} fires, or fails, {@code source} is cancelled before downstream
     * receives the terminal signal. When {@code source} terminates first, the watch on
     * {@code done} is withdrawn.
     * <p><b>Closing.</b> A value sent on {@code done} or closing it completes the
     * flowable, and so does a {@code done} that was already closed at subscription (then
     * the flowable emits no element). When {@code done} is closed with a cause, the
     * flowable fails with that cause object itself.
     *
     * @param source the publisher to relay
     * @param done the done channel, created by chanstream
     * @param <T> the element type
     * @return a cold flowable; each subscription subscribes to {@code source} and watches
     *     {@code done}
     * @throws IllegalArgumentException if {@code done} was not created by chanstream
     */
    public static <T> Flowable<T> orDone(Publisher<T> source, ReceiveChannel<?> done) {
        Objects.requireNonNull(source, "source is null");
        Completable doneSignal = done(done);
        return Flowable.fromPublisher(source).takeUntil(doneSignal.toFlowable());
    }
}
