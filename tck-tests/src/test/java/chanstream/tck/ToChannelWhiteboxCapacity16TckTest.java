package chanstream.tck;

/** The subscriber behind {@code toChannel} at capacity 16, whitebox verification. */
public class ToChannelWhiteboxCapacity16TckTest extends ChannelSubscriberWhiteboxVerification {

    public ToChannelWhiteboxCapacity16TckTest() {
        super(16);
    }
}
