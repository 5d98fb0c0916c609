package chanstream.tck;

import chanstream.core.ReceiveChannel;
import org.reactivestreams.Publisher;
import org.reactivestreams.tck.PublisherVerification;
import org.testng.ITestResult;
import org.testng.annotations.AfterClass;
import org.testng.annotations.AfterMethod;
import org.testng.annotations.BeforeMethod;
import org.testng.annotations.Test;

/**
 * The {@link PublisherVerification} of a publisher that receives from a channel: each
 * subclass names one bridge ({@link #toPublisher}) and one channel capacity.
 *
 * <p>{@code createPublisher(n)} starts a producer task that sends {@code n} elements into
 * a new channel and closes it. {@code createFailedPublisher()} bridges a channel already
 * closed with a cause, so the rule 1.4 and 1.9 tests for failed publishers run too.
 *
 * <p>The three optional multicast tests of rule 1.11 are skipped with the reason below.
 * The other two rule 1.11 tests run: two subscribers may subscribe, and each receives an
 * element or completion.
 */
public abstract class ChannelPublisherVerification extends PublisherVerification<Long> {

    static final String UNICAST_REASON = "Optional rule 1.11 (multicast) does not apply: a "
            + "channel publisher is unicast. Its subscribers are competing consumers, so each "
            + "element reaches exactly one of them and they never see the same sequence.";

    private final int capacity;
    private final Producers producers = new Producers();
    private final TckLeakCheck leakCheck = new TckLeakCheck();

    ChannelPublisherVerification(int capacity) {
        super(TckSettings.environment(), TckSettings.PUBLISHER_REFERENCE_GC_TIMEOUT_MILLIS);
        this.capacity = capacity;
    }

    /** Bridges {@code channel} to the publisher under test. */
    abstract Publisher<Long> toPublisher(ReceiveChannel<Long> channel);

    @Override
    public Publisher<Long> createPublisher(long elements) {
        return toPublisher(producers.start(capacity, elements));
    }

    @Override
    public Publisher<Long> createFailedPublisher() {
        return toPublisher(producers.failed(capacity));
    }

    @BeforeMethod(alwaysRun = true)
    public void takeLeakBaseline() {
        leakCheck.before();
    }

    /**
     * Cancels the channels of the test that just ran, which ends their producer tasks,
     * then checks that the test left no channel operation blocked and no task running.
     */
    @AfterMethod(alwaysRun = true)
    public void stopProducers(ITestResult test) throws InterruptedException {
        try {
            producers.stopAll();
        } finally {
            leakCheck.after(test);
        }
    }

    @AfterClass(alwaysRun = true)
    public void verifyNoChannelLeaks() {
        leakCheck.verifyClass(getClass());
    }

    @Override
    @Test
    public void optional_spec111_multicast_mustProduceTheSameElementsInTheSameSequenceToAllOfItsSubscribersWhenRequestingOneByOne() {
        notVerified(UNICAST_REASON);
    }

    @Override
    @Test
    public void optional_spec111_multicast_mustProduceTheSameElementsInTheSameSequenceToAllOfItsSubscribersWhenRequestingManyUpfront() {
        notVerified(UNICAST_REASON);
    }

    @Override
    @Test
    public void optional_spec111_multicast_mustProduceTheSameElementsInTheSameSequenceToAllOfItsSubscribersWhenRequestingManyUpfrontAndCompleteAsExpected() {
        notVerified(UNICAST_REASON);
    }
}
