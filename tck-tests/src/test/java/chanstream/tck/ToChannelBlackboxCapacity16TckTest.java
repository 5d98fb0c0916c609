package chanstream.tck;

/** The subscriber behind {@code toChannel} at capacity 16, blackbox verification. */
public class ToChannelBlackboxCapacity16TckTest extends ChannelSubscriberBlackboxVerification {

    public ToChannelBlackboxCapacity16TckTest() {
        super(16);
    }
}
