package chanstream.core.internal;

import chanstream.core.ReceiveChannel;
import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;

/**
 * A {@link Publisher} that receives from a channel: the one implementation behind
 * {@code ReactiveChannels.toPublisher}, {@code ReactorChannels.toFlux} and
 * {@code RxChannels.toFlowable}. Each subscription is a {@link ChannelSubscription}, a
 * competing consumer of the channel.
 *
 * @param <T> the element type
 */
public final class ChannelPublisher<T> implements Publisher<T> {

    private final ReceiveChannel<T> channel;
    private final ReceiveSource source;

    public ChannelPublisher(ReceiveChannel<T> channel) {
        this.source = AbstractView.source(channel, "channel");
        this.channel = channel;
    }

    @Override
    public void subscribe(Subscriber<? super T> subscriber) {
        subscribe(subscriber, null);
    }

    /**
     * Subscribes with a fallback for elements that were taken from the channel but could not be
     * delivered because the subscriber cancelled. The channel's own undelivered handler takes
     * precedence; the fallback is used when the channel has none.
     */
    public void subscribe(Subscriber<? super T> subscriber,
            @Nullable Consumer<Object> fallbackDiscard) {
        // Rule 1.9: subscribe(null) must throw NullPointerException.
        Objects.requireNonNull(subscriber, "subscriber is null (Reactive Streams rule 1.9)");
        ChannelSubscription<T> subscription =
                new ChannelSubscription<>(channel, source, subscriber, fallbackDiscard);
        try {
            subscriber.onSubscribe(subscription);
        } catch (Throwable failure) {
            // Rule 2.13: onSubscribe must not throw; treat the subscription as cancelled.
            subscription.cancel();
            chanstream.core.ChannelHooks.onUndeliverableError(failure);
            return;
        }
        subscription.start();
    }

    @Override
    public String toString() {
        return "toPublisher(" + channel + ")";
    }
}
