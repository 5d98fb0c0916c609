package chanstream.tck;

import org.reactivestreams.Subscriber;
import org.reactivestreams.tck.SubscriberBlackboxVerification;
import org.testng.ITestResult;
import org.testng.annotations.AfterClass;
import org.testng.annotations.AfterMethod;
import org.testng.annotations.BeforeMethod;

/**
 * The {@link SubscriberBlackboxVerification} of the subscriber behind {@code toChannel}
 * ({@code ReactiveChannels.subscriber(capacity)}). Each subclass names one capacity.
 *
 * <p>Each subscriber's channel is drained without bound from the moment it is created,
 * before it is subscribed, so these tests cover a receiver that is already waiting when
 * the subscription starts (at capacity 0 the first request then comes from
 * {@code onSubscribe}).
 */
public abstract class ChannelSubscriberBlackboxVerification
        extends SubscriberBlackboxVerification<Integer> {

    private final ChannelSubscribers subscribers;
    private final TckLeakCheck leakCheck = new TckLeakCheck();

    ChannelSubscriberBlackboxVerification(int capacity) {
        super(TckSettings.environment());
        this.subscribers = new ChannelSubscribers(capacity);
    }

    @Override
    public Subscriber<Integer> createSubscriber() {
        return subscribers.createDrained();
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
