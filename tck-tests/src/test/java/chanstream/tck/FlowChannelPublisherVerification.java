package chanstream.tck;

import chanstream.core.ReactiveChannels;
import chanstream.core.ReceiveChannel;
import java.util.concurrent.Flow;
import org.reactivestreams.FlowAdapters;
import org.reactivestreams.Publisher;
import org.reactivestreams.tck.flow.FlowPublisherVerification;
import org.testng.ITestResult;
import org.testng.annotations.AfterClass;
import org.testng.annotations.AfterMethod;
import org.testng.annotations.BeforeMethod;
import org.testng.annotations.Test;

/**
 * The {@link FlowPublisherVerification} of {@code ReactiveChannels.toPublisher} seen as a
 * {@link Flow.Publisher} through {@link FlowAdapters#toFlowPublisher}, the way a user of
 * {@code java.util.concurrent.Flow} consumes a channel.
 *
 * <p>The TCK turns the {@code Flow.Publisher} back into a Reactive Streams publisher with
 * {@link FlowAdapters#toPublisher}, which unwraps an adapter of its own and would hand
 * the TCK the original publisher. {@link #hide} puts a plain {@code Flow.Publisher}
 * around the adapter, so every signal of these tests crosses the {@code Flow} interfaces
 * in both directions.
 *
 * <p>Producers, the failed publisher and the skipped multicast tests are those of
 * {@link ChannelPublisherVerification}.
 */
public abstract class FlowChannelPublisherVerification extends FlowPublisherVerification<Long> {

    private final int capacity;
    private final Producers producers = new Producers();
    private final TckLeakCheck leakCheck = new TckLeakCheck();

    FlowChannelPublisherVerification(int capacity) {
        super(TckSettings.environment(), TckSettings.PUBLISHER_REFERENCE_GC_TIMEOUT_MILLIS);
        this.capacity = capacity;
    }

    @Override
    public Flow.Publisher<Long> createFlowPublisher(long elements) {
        return toFlowPublisher(producers.start(capacity, elements));
    }

    @Override
    public Flow.Publisher<Long> createFailedFlowPublisher() {
        return toFlowPublisher(producers.failed(capacity));
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

    private static Flow.Publisher<Long> toFlowPublisher(ReceiveChannel<Long> channel) {
        Publisher<Long> publisher = ReactiveChannels.toPublisher(channel);
        return hide(FlowAdapters.toFlowPublisher(publisher));
    }

    /** Returns a {@code Flow.Publisher} that {@link FlowAdapters} cannot unwrap. */
    private static <T> Flow.Publisher<T> hide(Flow.Publisher<T> publisher) {
        return publisher::subscribe;
    }

    @Override
    @Test
    public void optional_spec111_multicast_mustProduceTheSameElementsInTheSameSequenceToAllOfItsSubscribersWhenRequestingOneByOne() {
        notVerified(ChannelPublisherVerification.UNICAST_REASON);
    }

    @Override
    @Test
    public void optional_spec111_multicast_mustProduceTheSameElementsInTheSameSequenceToAllOfItsSubscribersWhenRequestingManyUpfront() {
        notVerified(ChannelPublisherVerification.UNICAST_REASON);
    }

    @Override
    @Test
    public void optional_spec111_multicast_mustProduceTheSameElementsInTheSameSequenceToAllOfItsSubscribersWhenRequestingManyUpfrontAndCompleteAsExpected() {
        notVerified(ChannelPublisherVerification.UNICAST_REASON);
    }
}
