package chanstream.tck;

import chanstream.core.ReactiveChannels;
import chanstream.core.ReceiveChannel;
import org.reactivestreams.Publisher;

/** {@code ReactiveChannels.toPublisher} over an unbuffered channel. */
public class ToPublisherUnbufferedTckTest extends ChannelPublisherVerification {

    public ToPublisherUnbufferedTckTest() {
        super(0);
    }

    @Override
    Publisher<Long> toPublisher(ReceiveChannel<Long> channel) {
        return ReactiveChannels.toPublisher(channel);
    }
}
