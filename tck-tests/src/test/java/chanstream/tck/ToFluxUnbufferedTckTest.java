package chanstream.tck;

import chanstream.core.ReceiveChannel;
import chanstream.reactor.ReactorChannels;
import org.reactivestreams.Publisher;

/** {@code ReactorChannels.toFlux} over an unbuffered channel. */
public class ToFluxUnbufferedTckTest extends ChannelPublisherVerification {

    public ToFluxUnbufferedTckTest() {
        super(0);
    }

    @Override
    Publisher<Long> toPublisher(ReceiveChannel<Long> channel) {
        return ReactorChannels.toFlux(channel);
    }
}
