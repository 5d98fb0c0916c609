package chanstream.bench;

import java.util.List;

/**
 * A channel implementation as {@link MemoryFootprint} measures it: how to create an empty
 * channel, and how to block a receiver on it and release that receiver.
 *
 * @param name the label in the report, for example "chanstream unbuffered"
 * @param factory creates an empty channel
 * @param receiver blocks receiving from a channel that {@code factory} made; null if this subject
 *     only has an empty-size row
 * @param sender releases a receiver blocked on the channel; null when {@code receiver} is null
 */
public record FootprintSubject(String name, ChannelFactory factory, Operation receiver,
        Operation sender) {

    /** Creates an empty channel, queue or latch. */
    @FunctionalInterface
    public interface ChannelFactory {
        Object create();
    }

    /** A blocking operation on a channel that a {@link ChannelFactory} made. */
    @FunctionalInterface
    public interface Operation {
        void apply(Object channel) throws InterruptedException;
    }

    /**
     * The source of the subjects that need JDK 21 (Jox), loaded by name so that this class
     * compiles at release 17.
     */
    public interface Provider {
        List<FootprintSubject> subjects();
    }
}
