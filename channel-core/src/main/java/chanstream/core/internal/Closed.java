package chanstream.core.internal;

import chanstream.core.ChannelClosedException;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of an operation on a closed channel, as passed between the channel and the
 * waiter it wakes. Holds the close cause, if any.
 */
public final class Closed {

    /** The outcome for a channel closed without a cause. */
    public static final Closed NO_CAUSE = new Closed(null);

    /** The close cause, or {@code null} for a plain close. */
    public final @Nullable Throwable cause;

    private Closed(@Nullable Throwable cause) {
        this.cause = cause;
    }

    /** Returns the outcome for a close with {@code cause}, which may be {@code null}. */
    public static Closed of(@Nullable Throwable cause) {
        return cause == null ? NO_CAUSE : new Closed(cause);
    }

    /** Creates the exception for a send on the channel described by {@code channel}. */
    public ChannelClosedException forSend(Object channel) {
        return new ChannelClosedException("send on closed " + channel, cause);
    }

    /** Creates the exception for a receive on the channel described by {@code channel}. */
    public ChannelClosedException forReceive(Object channel) {
        return new ChannelClosedException("receive on closed " + channel, cause);
    }

    @Override
    public String toString() {
        return cause == null ? "Closed" : "Closed(" + cause + ")";
    }
}
