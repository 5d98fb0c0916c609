package chanstream.tck;

/**
 * The subscriber behind {@code toChannel} at capacity 0 as a {@code Flow.Subscriber},
 * whitebox verification.
 */
public class FlowToChannelWhiteboxCapacity0TckTest
        extends FlowChannelSubscriberWhiteboxVerification {

    public FlowToChannelWhiteboxCapacity0TckTest() {
        super(0);
    }
}
