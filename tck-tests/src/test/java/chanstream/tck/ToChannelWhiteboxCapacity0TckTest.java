package chanstream.tck;

/** The subscriber behind {@code toChannel} at capacity 0, whitebox verification. */
public class ToChannelWhiteboxCapacity0TckTest extends ChannelSubscriberWhiteboxVerification {

    public ToChannelWhiteboxCapacity0TckTest() {
        super(0);
    }
}
