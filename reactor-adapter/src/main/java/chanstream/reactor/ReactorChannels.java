package chanstream.reactor;

import chanstream.core.ChannelClosedException;
import chanstream.core.ChannelHooks;
import chanstream.core.ReactiveChannels;
import chanstream.core.ReceiveChannel;
import chanstream.core.SendChannel;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Bridges between chanstream channels and Project Reactor: a channel as a {@link Flux}, a
 * publisher as a channel, a publisher sent into a channel, and a Go-style done channel as
 * a {@link Mono} or as the stop signal of a {@link Flux}.
 *
 * <p>Every method wraps the core bridge {@link ReactiveChannels}, which owns the mapping
 * between Reactive Streams demand and channel capacity; this class adds Reactor's types,
 * Reactor's discard hook and the or-done pattern. The result types are ordinary Reactor
 * types: they pass through Reactor's assembly hooks and compose with every operator.
 *
 * <p><b>Non-blocking.</b> No method here, and no signal path set up here, parks a thread:
 * waiting for an element, for room in a channel or for a done signal is a registered
 * callback. So every method and every subscription may run on Reactor's non-blocking
 * schedulers ({@code Schedulers.parallel()}); the module's tests check this with
 * BlockHound. The only wait left is for a channel's internal lock, held by another thread
 * for a few instructions; {@link ChannelBlockHoundIntegration}, which BlockHound loads by
 * itself, declares that wait allowed.
 *
 * <p><b>Undeliverable errors.</b> Errors that the core bridge cannot deliver (a
 * subscriber that threw from {@code onNext}, an upstream error after the channel it feeds
 * was cancelled) go to {@link ChannelHooks#onUndeliverableError}, not to Reactor's
 * {@code Hooks.onErrorDropped}. Errors that a Reactor operator drops still go to
 * Reactor's hook. To collect both in one place, install a chanstream handler that
 * forwards to your Reactor handling.
 */
public final class ReactorChannels {

    private ReactorChannels() {
    }

    /**
     * Returns a {@link Flux} that receives from {@code channel}.
     *
     * <p><b>Backpressure.</b> The flux honours downstream backpressure without a buffer
     * of its own: an element leaves the channel only while the subscriber has requested
     * more than it received. Completion and errors are signalled without waiting for
     * demand.
     * <p><b>Threading.</b> The flux does not run on a particular {@code Scheduler} and
     * parks no thread. {@code onNext} runs on the thread that called {@code request} when
     * elements are buffered, and otherwise on the thread whose send made an element
     * available; the terminal signal runs on the thread that closed the channel or on a
     * requesting thread.
     * <p><b>Subscribers.</b> The flux is cold, and each subscription is a competing
     * consumer of the channel: every element reaches exactly one subscriber (or another
     * receiver of the channel). A plain Reactive Streams subscriber, one that is not a
     * Reactor {@code CoreSubscriber}, gets every rule of the specification:
     * {@code request(n)} with {@code n <= 0} cancels and signals
     * {@link IllegalArgumentException} (rule 3.9), and does nothing after a cancel (rule
     * 3.6).
     * <p><b>Cancellation.</b> Cancelling does not close the channel: elements not yet
     * delivered stay in it for the next receiver. An element that a racing send had
     * already handed to the cancelled subscription goes to the channel's undelivered
     * handler or, when the channel has none, to the discard hook of the subscriber's
     * context ({@code doOnDiscard}).
     * <p><b>Closing.</b> When the channel is closed and drained the flux completes; when
     * it was closed with a cause, {@code onError} receives that cause object itself.
     *
     * @param channel the channel to receive from, created by chanstream
     * @param <T> the element type
     * @return a cold flux; each subscription starts receiving
     * @throws IllegalArgumentException if {@code channel} was not created by chanstream
     */
    public static <T> Flux<T> toFlux(ReceiveChannel<T> channel) {
        Objects.requireNonNull(channel, "channel is null");
        return ChannelFlux.of(channel);
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
     * <p><b>Threading.</b> The elements are buffered on the thread that signals them; the
     * requests reach {@code source} on the thread of the receive that freed room. Nothing
     * blocks the publisher's thread.
     * <p><b>Cancellation.</b> {@link ReceiveChannel#cancel()} on the returned channel
     * cancels the subscription to {@code source}.
     * <p><b>Closing.</b> {@code onComplete} closes the channel and {@code onError} closes
     * it with the error as cause; receivers drain the buffered elements first. A
     * publisher that signals more than was requested (a hot source that ignores
     * backpressure) is cancelled, and the channel is closed with an
     * {@link IllegalStateException} as cause. A source that reports its own overflow, as
     * {@code Flux.interval} does with an overflow error, closes the channel with that
     * error.
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
     * Returns a cold {@link Mono} that, for each subscription, subscribes to
     * {@code source} and sends every element into {@code target}.
     *
     * <p><b>Backpressure.</b> One element is requested at a time, and the next only after
     * the send of the previous one committed, so at most one send is in flight and the
     * source runs at the pace of the channel's receivers. The returned {@code Mono} emits
     * no element, so its own demand does not matter.
     * <p><b>Threading.</b> No thread waits for room in {@code target}: a send that has to
     * wait is a registered callback, and the next request goes to {@code source} on the
     * thread of the receive that made room. The {@code Mono} terminates on the thread
     * that committed the last send, or on the source's thread.
     * <p><b>Cancellation.</b> Cancelling the subscription cancels the subscription to
     * {@code source} and withdraws a pending send; that element goes to the target's
     * undelivered handler.
     * <p><b>Closing.</b> It never closes {@code target}. The {@code Mono} completes when
     * {@code source} completed and the last send committed, and fails with the source's
     * error itself. If {@code target} is closed, the {@code Mono} fails with
     * {@link ChannelClosedException} and the subscription to {@code source} is cancelled.
     * A source error that arrives while a send waits withdraws that send, whose element
     * goes to the target's undelivered handler.
     *
     * @param source the publisher, subscribed to once per subscription to the result
     * @param target the channel to send into, created by chanstream
     * @param <T> the element type
     * @return the transfer, started by subscribing
     */
    public static <T> Mono<Void> sendAll(Publisher<? extends T> source, SendChannel<T> target) {
        Objects.requireNonNull(source, "source is null");
        Objects.requireNonNull(target, "target is null");
        return Mono.fromFuture(() -> ReactiveChannels.sendAll(source, target), false);
    }

    /**
     * Returns a {@link Mono} that completes when the Go-style done channel {@code done}
     * fires: when it receives a value or is closed.
     *
     * <p><b>Backpressure.</b> Not applicable: the {@code Mono} emits no element. Each
     * subscription consumes at most one value from {@code done} and does not pass it on,
     * so the value that completes it reaches no discard hook.
     * <p><b>Threading.</b> The {@code Mono} completes on the thread that sent the value
     * or closed the channel, or on the subscribing thread if {@code done} has already
     * fired. No thread is parked while it waits.
     * <p><b>Cancellation.</b> Disposing the subscription withdraws its watch on
     * {@code done}: after that it consumes no value, and a value sent later goes to
     * another receiver.
     * <p><b>Closing.</b> Closing {@code done} completes every subscription, whenever they
     * subscribed, so closing is the broadcast signal. A value wakes one watcher only:
     * each subscription, like a receiver, consumes the value that completes it. When
     * {@code done} was closed with a cause, the {@code Mono} fails with that cause object
     * itself.
     *
     * @param done the done channel, created by chanstream
     * @return a cold {@code Mono}; each subscription watches {@code done}
     * @throws IllegalArgumentException if {@code done} was not created by chanstream
     */
    public static Mono<Void> done(ReceiveChannel<?> done) {
        Objects.requireNonNull(done, "done is null");
        Flux<?> signals = ChannelFlux.of(done);
        // handle() ends the sequence at the first value without emitting it, because
        // then() would pass an emitted value, a signal and not data, to the discard hook.
        return signals.<Void>handle((value, sink) -> sink.complete()).then();
    }

    /**
     * Returns a {@link Flux} that relays {@code source} until the done channel
     * {@code done} fires, then completes: Go's or-done pattern as
     * {@code Flux.takeUntilOther}.
     *
     * <p><b>Backpressure.</b> The flux passes demand to {@code source} unchanged.
     * <p><b>Threading.</b> Elements arrive on {@code source}'s threads; the completion
     * caused by {@code done} arrives on the thread that fired it.
     * <p><b>Cancellation.</b> Cancelling the flux cancels {@code source} and withdraws
     * the watch on {@code done}, which then consumes no value. When {@code done} fires,
     * {@code source} is cancelled before downstream receives the terminal signal.
     * <p><b>Closing.</b> A value sent on {@code done} or closing it completes the flux,
     * and so does a {@code done} that was already closed at subscription (then the flux
     * emits no element). When {@code done} is closed with a cause, the flux fails with
     * that cause, and {@code source} is cancelled first: reactor-core 3.8.7's
     * {@code takeUntilOther} alone leaves the main source running when its companion
     * fails, so this method turns the failure into a completion for
     * {@code takeUntilOther} and re-signals it afterwards. When {@code source} terminates
     * first, the watch on {@code done} is withdrawn.
     *
     * @param source the publisher to relay
     * @param done the done channel, created by chanstream
     * @param <T> the element type
     * @return a cold flux; each subscription subscribes to {@code source} and watches
     *     {@code done}
     * @throws IllegalArgumentException if {@code done} was not created by chanstream
     */
    public static <T> Flux<T> orDone(Publisher<T> source, ReceiveChannel<?> done) {
        Objects.requireNonNull(source, "source is null");
        Mono<Void> doneSignal = done(done);
        return Flux.defer(() -> {
            DoneFailure failure = new DoneFailure();
            return Flux.from(source)
                    .takeUntilOther(doneSignal.onErrorResume(failure::record))
                    .concatWith(Mono.defer(failure::<T>replay));
        });
    }

    /**
     * The failure of one subscription's done signal, held while {@code takeUntilOther}
     * cancels the main source and completes, then signalled in place of that completion.
     */
    private static final class DoneFailure {

        private volatile @Nullable Throwable cause;

        Mono<Void> record(Throwable failure) {
            cause = failure;
            return Mono.empty();
        }

        <T> Mono<T> replay() {
            Throwable failure = cause;
            return failure == null ? Mono.empty() : Mono.error(failure);
        }
    }
}
