package chanstream.core;

/**
 * What a buffered channel does with a send that finds its buffer full.
 */
public enum Overflow {

    /** The sender waits until a receiver makes room: Go's behaviour, and the default. */
    BLOCK,

    /**
     * The oldest buffered element is removed and handed to the channel's
     * {@linkplain ChannelBuilder#onUndelivered undelivered handler}; the new element is buffered.
     * A send never waits.
     */
    DROP_OLDEST,

    /**
     * The new element is handed to the channel's
     * {@linkplain ChannelBuilder#onUndelivered undelivered handler}; the buffer stays as it was.
     * A send never waits.
     */
    DROP_LATEST
}
