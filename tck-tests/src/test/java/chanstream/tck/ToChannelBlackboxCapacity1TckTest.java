package chanstream.tck;

/** The subscriber behind {@code toChannel} at capacity 1, blackbox verification. */
public class ToChannelBlackboxCapacity1TckTest extends ChannelSubscriberBlackboxVerification {

    public ToChannelBlackboxCapacity1TckTest() {
        super(1);
    }
}
