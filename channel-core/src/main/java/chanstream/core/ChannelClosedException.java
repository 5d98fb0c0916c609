package chanstream.core;

import org.jspecify.annotations.Nullable;

/**
 * Thrown by a send on a closed channel, and by a receive on a channel that is closed and
 * drained. When the channel was closed with {@link SendChannel#close(Throwable)}, that
 * throwable is the {@linkplain #getCause() cause} of this exception, the very object passed to
 * {@code close}.
 */
public class ChannelClosedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with a message and the cause the channel was closed with.
     *
     * @param message the detail message, naming the channel
     * @param cause the close cause, or {@code null} for a plain {@code close()}
     */
    public ChannelClosedException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
