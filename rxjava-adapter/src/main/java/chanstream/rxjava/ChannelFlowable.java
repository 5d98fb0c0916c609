package chanstream.rxjava;

import chanstream.core.ReceiveChannel;
import chanstream.core.internal.ChannelPublisher;
import io.reactivex.rxjava3.core.Flowable;
import io.reactivex.rxjava3.plugins.RxJavaPlugins;
import org.reactivestreams.Subscriber;

/**
 * The {@link Flowable} behind {@link RxChannels#toFlowable}: a thin shell over the core
 * {@link ChannelPublisher}, which keeps all the demand logic.
 *
 * <p>{@code Flowable.subscribe(Subscriber)} wraps a subscriber that is not a
 * {@code FlowableSubscriber} in RxJava's strict subscriber before it reaches
 * {@link #subscribeActual}, so plain Reactive Streams subscribers get the strict rules
 * (for example rule 3.9: a non-positive {@code request} cancels and signals
 * {@code IllegalArgumentException}).
 *
 * @param <T> the element type
 */
final class ChannelFlowable<T> extends Flowable<T> {

    private final ChannelPublisher<T> publisher;

    private ChannelFlowable(ReceiveChannel<T> channel) {
        this.publisher = new ChannelPublisher<>(channel);
    }

    /**
     * Creates the flowable and passes it through RxJava's assembly hook, as every RxJava
     * operator does.
     *
     * @throws IllegalArgumentException if {@code channel} was not created by chanstream
     */
    static <T> Flowable<T> of(ReceiveChannel<T> channel) {
        return RxJavaPlugins.onAssembly(new ChannelFlowable<>(channel));
    }

    @Override
    protected void subscribeActual(Subscriber<? super T> subscriber) {
        publisher.subscribe(subscriber);
    }

    @Override
    public String toString() {
        return "ChannelFlowable(" + publisher + ")";
    }
}
