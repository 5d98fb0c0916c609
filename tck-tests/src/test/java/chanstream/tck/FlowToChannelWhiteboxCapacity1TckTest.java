package chanstream.tck;

/**
 * The subscriber behind {@code toChannel} at capacity 1 as a {@code Flow.Subscriber},
 * whitebox verification.
 */
public class FlowToChannelWhiteboxCapacity1TckTest
        extends FlowChannelSubscriberWhiteboxVerification {

    public FlowToChannelWhiteboxCapacity1TckTest() {
        super(1);
    }
}
