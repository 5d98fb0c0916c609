package chanstream.core;

import org.reactivestreams.Subscriber;

/**
 * A Reactive Streams {@link Subscriber} that feeds a channel, with backpressure that is the
 * buffer capacity; see {@link ReactiveChannels#toChannel(org.reactivestreams.Publisher, int)}
 * for the demand rules. Subscribe it to one publisher; a second {@code onSubscribe} is cancelled
 * (rule 2.5).
 *
 * @param <T> the element type
 */
public interface ChannelSubscriber<T> extends Subscriber<T> {

    /**
     * Returns the receive side of the channel this subscriber feeds.
     *
     * @return the channel; cancelling it cancels the subscription
     */
    ReceiveChannel<T> channel();
}
