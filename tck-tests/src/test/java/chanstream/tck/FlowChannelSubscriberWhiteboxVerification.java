package chanstream.tck;

import java.util.concurrent.Flow;
import org.reactivestreams.FlowAdapters;
import org.reactivestreams.tck.flow.FlowSubscriberWhiteboxVerification;
import org.testng.annotations.AfterMethod;

/**
 * The {@link FlowSubscriberWhiteboxVerification} of the subscriber behind
 * {@code toChannel}, seen as a {@link Flow.Subscriber} through
 * {@link FlowAdapters#toFlowSubscriber} and kept from being unwrapped by a
 * {@link ForwardingFlowSubscriber}. The probe sits next to the channel subscriber, so it
 * records what reaches the subscriber after the {@code Flow} adapters. Each subclass
 * names one capacity.
 */
public abstract class FlowChannelSubscriberWhiteboxVerification
        extends FlowSubscriberWhiteboxVerification<Integer> {

    private final ChannelSubscribers subscribers;

    FlowChannelSubscriberWhiteboxVerification(int capacity) {
        super(TckSettings.environment());
        this.subscribers = new ChannelSubscribers(capacity);
    }

    @Override
    protected Flow.Subscriber<Integer> createFlowSubscriber(
            WhiteboxSubscriberProbe<Integer> probe) {
        ProbedChannelSubscriber<Integer> probed =
                new ProbedChannelSubscriber<>(subscribers.create(), probe);
        return new ForwardingFlowSubscriber<>(FlowAdapters.toFlowSubscriber(probed));
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
