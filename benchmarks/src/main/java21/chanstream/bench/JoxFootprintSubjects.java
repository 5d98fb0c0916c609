package chanstream.bench;

import com.softwaremill.jox.Channel;
import java.util.List;

/** The Jox rows of {@link MemoryFootprint}, which loads this class by name. */
public final class JoxFootprintSubjects implements FootprintSubject.Provider {

    private static final Integer ELEMENT = 7;

    @Override
    @SuppressWarnings("unchecked")
    public List<FootprintSubject> subjects() {
        return List.of(
                new FootprintSubject("Jox rendezvous", Channel::newRendezvousChannel,
                        channel -> ((Channel<?>) channel).receive(),
                        channel -> ((Channel<Integer>) channel).send(ELEMENT)),
                new FootprintSubject("Jox buffered(16)", () -> Channel.newBufferedChannel(16),
                        null, null));
    }
}
