package chanstream.tck;

/**
 * The subscriber behind {@code toChannel} at capacity 16 as a {@code Flow.Subscriber},
 * whitebox verification.
 */
public class FlowToChannelWhiteboxCapacity16TckTest
        extends FlowChannelSubscriberWhiteboxVerification {

    public FlowToChannelWhiteboxCapacity16TckTest() {
        super(16);
    }
}
