package chanstream.tck;

/**
 * The subscriber behind {@code toChannel} at capacity 0 as a {@code Flow.Subscriber},
 * blackbox verification.
 */
public class FlowToChannelBlackboxCapacity0TckTest
        extends FlowChannelSubscriberBlackboxVerification {

    public FlowToChannelBlackboxCapacity0TckTest() {
        super(0);
    }
}
