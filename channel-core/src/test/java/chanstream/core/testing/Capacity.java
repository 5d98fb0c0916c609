package chanstream.core.testing;

import chanstream.core.Channel;
import chanstream.core.ChannelBuilder;

/**
 * The buffer capacities every channel test runs with: unbuffered, one, two, sixteen and
 * unlimited.
 */
public enum Capacity {

    UNBUFFERED(0),
    ONE(1),
    TWO(2),
    SIXTEEN(16),
    UNLIMITED(Integer.MAX_VALUE);

    private final int value;

    Capacity(int value) {
        this.value = value;
    }

    /**
     * Returns the capacity as {@link Channel#capacity()} reports it.
     *
     * @return the capacity, {@link Integer#MAX_VALUE} for unlimited
     */
    public int value() {
        return value;
    }

    public boolean isUnbuffered() {
        return value == 0;
    }

    public boolean isUnlimited() {
        return value == Integer.MAX_VALUE;
    }

    /**
     * Returns the number of sends that complete with no receiver present: the capacity, or 64
     * for an unlimited channel.
     *
     * @return the number of sends to fill the buffer
     */
    public int fill() {
        return isUnlimited() ? 64 : value;
    }

    /**
     * Creates a channel of this capacity through the factory method a user would pick.
     *
     * @param <T> the element type
     * @return a new open channel
     */
    public <T> Channel<T> newChannel() {
        if (isUnlimited()) {
            return Channel.unlimited();
        }
        return value == 0 ? Channel.unbuffered() : Channel.buffered(value);
    }

    /**
     * Returns a builder set to this capacity.
     *
     * @param <T> the element type
     * @return a new builder
     */
    public <T> ChannelBuilder<T> builder() {
        ChannelBuilder<T> builder = Channel.builder();
        return isUnlimited() ? builder.unlimited() : builder.capacity(value);
    }

    @Override
    public String toString() {
        return isUnlimited() ? "unlimited" : "capacity " + value;
    }
}
