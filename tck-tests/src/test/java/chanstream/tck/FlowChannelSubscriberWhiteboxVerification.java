package chanstream.tck;

import java.util.concurrent.Flow;
import org.reactivestreams.FlowAdapters;
import org.reactivestreams.tck.flow.FlowSubscriberWhiteboxVerification;
import org.testng.ITestResult;
import org.testng.annotations.AfterClass;
import org.testng.annotations.AfterMethod;
import org.testng.annotations.BeforeMethod;

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
    private final TckLeakCheck leakCheck = new TckLeakCheck();

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

    @BeforeMethod(alwaysRun = true)
    public void takeLeakBaseline() {
        leakCheck.before();
    }

    /**
     * Cancels the channels of the test that just ran, then checks that the test
     * left no channel operation blocked and no task running.
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
