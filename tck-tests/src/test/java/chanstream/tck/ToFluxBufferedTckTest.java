package chanstream.tck;

import chanstream.core.ReceiveChannel;
import chanstream.reactor.ReactorChannels;
import org.reactivestreams.Publisher;

/** {@code ReactorChannels.toFlux} over a buffered channel. */
public class ToFluxBufferedTckTest extends ChannelPublisherVerification {

    public ToFluxBufferedTckTest() {
        super(TckSettings.BUFFERED_CAPACITY);
    }

    @Override
    Publisher<Long> toPublisher(ReceiveChannel<Long> channel) {
        return ReactorChannels.toFlux(channel);
    }
}
