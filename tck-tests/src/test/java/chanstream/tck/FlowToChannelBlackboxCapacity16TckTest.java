package chanstream.tck;

/**
 * The subscriber behind {@code toChannel} at capacity 16 as a {@code Flow.Subscriber},
 * blackbox verification.
 */
public class FlowToChannelBlackboxCapacity16TckTest
        extends FlowChannelSubscriberBlackboxVerification {

    public FlowToChannelBlackboxCapacity16TckTest() {
        super(16);
    }
}
