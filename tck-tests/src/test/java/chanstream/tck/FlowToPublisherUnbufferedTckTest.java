package chanstream.tck;

/** {@code ReactiveChannels.toPublisher} over an unbuffered channel, as a {@code Flow.Publisher}. */
public class FlowToPublisherUnbufferedTckTest extends FlowChannelPublisherVerification {

    public FlowToPublisherUnbufferedTckTest() {
        super(0);
    }
}
