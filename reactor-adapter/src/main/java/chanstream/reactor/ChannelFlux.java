package chanstream.reactor;

import chanstream.core.ReceiveChannel;
import chanstream.core.internal.ChannelPublisher;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscriber;
import reactor.core.CoreSubscriber;
import reactor.core.Scannable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Operators;
import reactor.util.context.Context;

/**
 * The {@link Flux} behind {@link ReactorChannels#toFlux}: a thin shell over the core
 * {@link ChannelPublisher}, which keeps all the demand logic.
 *
 * <p>What it adds is Reactor's discard hook. An element that the core subscription took
 * from the channel but could not deliver, because the subscriber cancelled at the same
 * moment, goes to the channel's undelivered handler; when the channel has none, the core
 * calls the fallback given here, which passes the element to the discard hook of the
 * subscriber's {@link Context} ({@code doOnDiscard}).
 *
 * <p>Subscribers that are not {@link CoreSubscriber}s reach {@link #subscribe} wrapped by
 * {@code Flux.subscribe(Subscriber)} in Reactor's strict subscriber. This class unwraps
 * them and subscribes them to the core directly, whose subscription keeps every Reactive
 * Streams rule by itself (for example rule 3.9: a non-positive {@code request} cancels
 * and signals {@code IllegalArgumentException}).
 *
 * @param <T> the element type
 */
final class ChannelFlux<T> extends Flux<T> implements Scannable {

    /** The class that {@code Flux.subscribe(Subscriber)} wraps plain subscribers in. */
    static final String STRICT_SUBSCRIBER = "reactor.core.publisher.StrictSubscriber";

    private final ChannelPublisher<T> publisher;

    private ChannelFlux(ReceiveChannel<T> channel) {
        this.publisher = new ChannelPublisher<>(channel);
    }

    /**
     * Creates the flux and passes it through Reactor's assembly hooks, as every Reactor
     * operator does.
     *
     * @throws IllegalArgumentException if {@code channel} was not created by chanstream
     */
    static <T> Flux<T> of(ReceiveChannel<T> channel) {
        return onAssembly(new ChannelFlux<>(channel));
    }

    @Override
    public void subscribe(CoreSubscriber<? super T> actual) {
        Subscriber<? super T> plain = unwrapStrictSubscriber(actual);
        if (plain != null) {
            // A plain subscriber's context is empty: it has no discard hook.
            publisher.subscribe(plain);
            return;
        }
        Context context = actual.currentContext();
        publisher.subscribe(actual, element -> Operators.onDiscard(element, context));
    }

    /**
     * Returns the plain subscriber inside Reactor's strict subscriber, or {@code null}
     * when {@code actual} is anything else.
     *
     * <p>The core subscription is strict by itself, and stricter than Reactor's wrapper
     * on one point: the wrapper signals {@code onError} for a {@code request(n <= 0)}
     * made after a cancel, where rule 3.6 requires a no-op. So the plain subscriber is
     * subscribed to the core directly, and the unused wrapper is dropped.
     *
     * <p>NOTE: the wrapper is recognised by its class name, {@value #STRICT_SUBSCRIBER},
     * which is internal to reactor-core (checked on 3.8.7). If a Reactor version renames
     * it, plain subscribers keep the wrapper, which enforces every other rule.
     */
    @SuppressWarnings("unchecked")
    private static <T> @Nullable Subscriber<? super T> unwrapStrictSubscriber(
            CoreSubscriber<? super T> actual) {
        if (!actual.getClass().getName().equals(STRICT_SUBSCRIBER)
                || !(actual instanceof Scannable)) {
            return null;
        }
        Object wrapped = ((Scannable) actual).scanUnsafe(Attr.ACTUAL);
        return wrapped instanceof Subscriber ? (Subscriber<? super T>) wrapped : null;
    }

    @Override
    public @Nullable Object scanUnsafe(Attr key) {
        if (key == Attr.RUN_STYLE) {
            // Signals come from whichever thread sends into the channel.
            return Attr.RunStyle.ASYNC;
        }
        if (key == Attr.PREFETCH) {
            return 0;
        }
        return null;
    }

    @Override
    public String toString() {
        return "ChannelFlux(" + publisher + ")";
    }
}
