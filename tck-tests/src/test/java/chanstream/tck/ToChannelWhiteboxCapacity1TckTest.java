package chanstream.tck;

/** The subscriber behind {@code toChannel} at capacity 1, whitebox verification. */
public class ToChannelWhiteboxCapacity1TckTest extends ChannelSubscriberWhiteboxVerification {

    public ToChannelWhiteboxCapacity1TckTest() {
        super(1);
    }
}
