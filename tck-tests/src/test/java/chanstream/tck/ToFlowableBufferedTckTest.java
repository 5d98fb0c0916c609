package chanstream.tck;

import chanstream.core.ReceiveChannel;
import chanstream.rxjava.RxChannels;
import org.reactivestreams.Publisher;

/** {@code RxChannels.toFlowable} over a buffered channel. */
public class ToFlowableBufferedTckTest extends ChannelPublisherVerification {

    public ToFlowableBufferedTckTest() {
        super(TckSettings.BUFFERED_CAPACITY);
    }

    @Override
    Publisher<Long> toPublisher(ReceiveChannel<Long> channel) {
        return RxChannels.toFlowable(channel);
    }
}
