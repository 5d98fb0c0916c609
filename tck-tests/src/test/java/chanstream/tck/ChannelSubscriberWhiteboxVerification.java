package chanstream.tck;

import org.reactivestreams.Subscriber;
import org.reactivestreams.tck.SubscriberWhiteboxVerification;
import org.testng.ITestResult;
import org.testng.annotations.AfterClass;
import org.testng.annotations.AfterMethod;
import org.testng.annotations.BeforeMethod;

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
    private final TckLeakCheck leakCheck = new TckLeakCheck();

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
