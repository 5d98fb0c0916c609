package chanstream.tck;

/** The subscriber behind {@code toChannel} at capacity 0, blackbox verification. */
public class ToChannelBlackboxCapacity0TckTest extends ChannelSubscriberBlackboxVerification {

    public ToChannelBlackboxCapacity0TckTest() {
        super(0);
    }
}
