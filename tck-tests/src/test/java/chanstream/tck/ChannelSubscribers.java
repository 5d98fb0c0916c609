package chanstream.tck;

import chanstream.core.ChannelSubscriber;
import chanstream.core.ReactiveChannels;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Creates the subscribers under test, {@code ReactiveChannels.subscriber(capacity)}, and
 * cancels their channels after each test.
 *
 * <p>Cancelling a channel cancels its upstream subscription and fails the pending receive
 * of its {@link ChannelDrain}, so no test leaves a subscription or a waiting receive
 * behind.
 */
final class ChannelSubscribers {

    private final int capacity;
    private final ConcurrentLinkedQueue<ChannelSubscriber<Integer>> created =
            new ConcurrentLinkedQueue<>();

    ChannelSubscribers(int capacity) {
        this.capacity = capacity;
    }

    ChannelSubscriber<Integer> create() {
        ChannelSubscriber<Integer> subscriber = ReactiveChannels.subscriber(capacity);
        created.add(subscriber);
        return subscriber;
    }

    /**
     * Creates a subscriber whose channel is drained without bound from the start, before
     * the subscriber is subscribed: a consumer that waits for the first element.
     */
    ChannelSubscriber<Integer> createDrained() {
        ChannelSubscriber<Integer> subscriber = create();
        new ChannelDrain(subscriber.channel()).request(Long.MAX_VALUE);
        return subscriber;
    }

    /** Cancels the channel of every subscriber created since the last call. */
    void cancelAll() {
        ChannelSubscriber<Integer> subscriber;
        while ((subscriber = created.poll()) != null) {
            subscriber.channel().cancel();
        }
    }
}
