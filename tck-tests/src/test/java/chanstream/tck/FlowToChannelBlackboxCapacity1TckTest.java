package chanstream.tck;

/**
 * The subscriber behind {@code toChannel} at capacity 1 as a {@code Flow.Subscriber},
 * blackbox verification.
 */
public class FlowToChannelBlackboxCapacity1TckTest
        extends FlowChannelSubscriberBlackboxVerification {

    public FlowToChannelBlackboxCapacity1TckTest() {
        super(1);
    }
}
