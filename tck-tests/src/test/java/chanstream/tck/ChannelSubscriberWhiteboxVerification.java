package chanstream.tck;

import org.reactivestreams.Subscriber;
import org.reactivestreams.tck.SubscriberWhiteboxVerification;
import org.testng.annotations.AfterMethod;

/**
 * The {@link SubscriberWhiteboxVerification} of the subscriber behind {@code toChannel}
 * ({@code ReactiveChannels.subscriber(capacity)}), seen through a
 * {@link ProbedChannelSubscriber}. Each subclass names one capacity.
 *
 * <p>Demand comes only from receives that the TCK triggers through the puppet, so these
 * tests cover a receiver that arrives after the subscription started.
 */
public abstract class ChannelSubscriberWhiteboxVerification
        extends SubscriberWhiteboxVerification<Integer> {

    private final ChannelSubscribers subscribers;

    ChannelSubscriberWhiteboxVerification(int capacity) {
        super(TckSettings.environment());
        this.subscribers = new ChannelSubscribers(capacity);
    }

    @Override
    public Subscriber<Integer> createSubscriber(WhiteboxSubscriberProbe<Integer> probe) {
        return new ProbedChannelSubscriber<>(subscribers.create(), probe);
    }

    @Override
    public Integer createElement(int element) {
        return element;
    }

    /** Cancels the channels of the test that just ran. */
    @AfterMethod(alwaysRun = true)
    public void cancelChannels() {
        subscribers.cancelAll();
    }
}
