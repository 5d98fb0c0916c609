package chanstream.core;

/**
 * A Go channel: a typed conduit that threads send to and receive from, unbuffered (a
 * rendezvous), buffered, or unlimited.
 *
 * <pre>{@code
 * try (Channel<String> ch = Channel.buffered(10)) {   // Go: ch := make(chan string, 10)
 *     ch.send("string");                               // ch <- "string"
 *     String s = ch.receive();                         // s := <-ch
 * }                                                    // defer close(ch)
 * }</pre>
 *
 * <p>{@link #close()} comes from both {@link SendChannel} and {@link AutoCloseable}, so
 * try-with-resources is Go's {@code defer close(ch)}. Closing twice does nothing.
 *
 * @param <T> the element type; {@code null} is never a valid element
 */
public interface Channel<T> extends SendChannel<T>, ReceiveChannel<T>, AutoCloseable {

    /**
     * Creates an unbuffered channel: every send waits for a receiver.
     *
     * @param <T> the element type
     * @return a new open channel of capacity 0
     */
    static <T> Channel<T> unbuffered() {
        return new ChannelBuilder<T>().build();
    }

    /**
     * Creates a channel whose buffer holds up to {@code capacity} elements.
     *
     * @param capacity the buffer size; {@code 0} makes an unbuffered channel
     * @param <T> the element type
     * @return a new open channel
     * @throws IllegalArgumentException if {@code capacity} is negative
     */
    static <T> Channel<T> buffered(int capacity) {
        return new ChannelBuilder<T>().capacity(capacity).build();
    }

    /**
     * Creates a channel whose buffer grows without bound, so a send never waits. Its
     * {@link #capacity()} is {@link Integer#MAX_VALUE}.
     *
     * @param <T> the element type
     * @return a new open channel
     */
    static <T> Channel<T> unlimited() {
        return new ChannelBuilder<T>().unlimited().build();
    }

    /**
     * Returns a builder for a channel with a name, an overflow policy or an undelivered handler.
     *
     * @param <T> the element type
     * @return a new builder, set to an unbuffered channel
     */
    static <T> ChannelBuilder<T> builder() {
        return new ChannelBuilder<>();
    }

    /**
     * Closes the channel for sending; see {@link SendChannel#close()}. Never throws.
     */
    @Override
    void close();
}
