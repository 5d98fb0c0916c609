package chanstream.tck;

import chanstream.core.ReceiveChannel;
import chanstream.rxjava.RxChannels;
import org.reactivestreams.Publisher;

/** {@code RxChannels.toFlowable} over an unbuffered channel. */
public class ToFlowableUnbufferedTckTest extends ChannelPublisherVerification {

    public ToFlowableUnbufferedTckTest() {
        super(0);
    }

    @Override
    Publisher<Long> toPublisher(ReceiveChannel<Long> channel) {
        return RxChannels.toFlowable(channel);
    }
}
