package chanstream.tck;

import chanstream.core.ReactiveChannels;
import chanstream.core.ReceiveChannel;
import org.reactivestreams.Publisher;

/** {@code ReactiveChannels.toPublisher} over a buffered channel. */
public class ToPublisherBufferedTckTest extends ChannelPublisherVerification {

    public ToPublisherBufferedTckTest() {
        super(TckSettings.BUFFERED_CAPACITY);
    }

    @Override
    Publisher<Long> toPublisher(ReceiveChannel<Long> channel) {
        return ReactiveChannels.toPublisher(channel);
    }
}
