package chanstream.tck;

import java.util.concurrent.Flow;
import org.reactivestreams.FlowAdapters;
import org.reactivestreams.tck.flow.FlowSubscriberBlackboxVerification;
import org.testng.ITestResult;
import org.testng.annotations.AfterClass;
import org.testng.annotations.AfterMethod;
import org.testng.annotations.BeforeMethod;

/**
 * The {@link FlowSubscriberBlackboxVerification} of the subscriber behind
 * {@code toChannel}, seen as a {@link Flow.Subscriber} through
 * {@link FlowAdapters#toFlowSubscriber} and kept from being unwrapped by a
 * {@link ForwardingFlowSubscriber}. As in {@link ChannelSubscriberBlackboxVerification},
 * each channel is drained from creation. Each subclass names one capacity.
 */
public abstract class FlowChannelSubscriberBlackboxVerification
        extends FlowSubscriberBlackboxVerification<Integer> {

    private final ChannelSubscribers subscribers;
    private final TckLeakCheck leakCheck = new TckLeakCheck();

    FlowChannelSubscriberBlackboxVerification(int capacity) {
        super(TckSettings.environment());
        this.subscribers = new ChannelSubscribers(capacity);
    }

    @Override
    public Flow.Subscriber<Integer> createFlowSubscriber() {
        return new ForwardingFlowSubscriber<>(
                FlowAdapters.toFlowSubscriber(subscribers.createDrained()));
    }

    @Override
    public Integer createElement(int element) {
        return element;
    }

    @BeforeMethod(alwaysRun = true)
    public void takeLeakBaseline() {
        leakCheck.before();
    }

    /**
     * Cancels the channels of the test that just ran, which also ends their drains, then
     * checks that the test left no channel operation blocked and no task running.
     */
    @AfterMethod(alwaysRun = true)
    public void cancelChannels(ITestResult test) {
        subscribers.cancelAll();
        leakCheck.after(test);
    }

    @AfterClass(alwaysRun = true)
    public void verifyNoChannelLeaks() {
        leakCheck.verifyClass(getClass());
    }
}
