package chanstream.tck;

/** {@code ReactiveChannels.toPublisher} over a buffered channel, as a {@code Flow.Publisher}. */
public class FlowToPublisherBufferedTckTest extends FlowChannelPublisherVerification {

    public FlowToPublisherBufferedTckTest() {
        super(TckSettings.BUFFERED_CAPACITY);
    }
}
