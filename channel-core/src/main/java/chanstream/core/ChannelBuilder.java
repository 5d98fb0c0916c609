package chanstream.core;

import chanstream.core.internal.ChannelImpl;
import chanstream.core.internal.Checks;
import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Configures and creates a {@link Channel}.
 *
 * <pre>{@code
 * Channel<Buffer> ch = Channel.<Buffer>builder()
 *         .capacity(16)
 *         .overflow(Overflow.DROP_OLDEST)
 *         .onUndelivered(Buffer::release)
 *         .name("frames")
 *         .build();
 * }</pre>
 *
 * <p>A builder is not thread-safe; each {@link #build()} creates an independent channel.
 *
 * @param <T> the element type
 */
public final class ChannelBuilder<T> {

    private int capacity;
    private Overflow overflow = Overflow.BLOCK;
    private @Nullable Consumer<? super T> onUndelivered;
    private @Nullable String name;

    ChannelBuilder() {
    }

    /**
     * Sets the buffer capacity. Default {@code 0}: unbuffered.
     *
     * @param capacity the number of elements the buffer holds; {@link Integer#MAX_VALUE} means
     *     unlimited
     * @return this builder
     * @throws IllegalArgumentException if {@code capacity} is negative
     */
    public ChannelBuilder<T> capacity(int capacity) {
        this.capacity = Checks.capacity(capacity);
        return this;
    }

    /**
     * Makes the buffer unlimited: a send never waits.
     *
     * @return this builder
     */
    public ChannelBuilder<T> unlimited() {
        this.capacity = Integer.MAX_VALUE;
        return this;
    }

    /**
     * Sets what a send does when the buffer is full. Default {@link Overflow#BLOCK}. The drop
     * policies need a buffer: {@link #build()} rejects them on an unbuffered channel.
     *
     * @param overflow the policy
     * @return this builder
     */
    public ChannelBuilder<T> overflow(Overflow overflow) {
        this.overflow = Objects.requireNonNull(overflow, "overflow is null");
        return this;
    }

    /**
     * Sets the handler for elements that entered the channel but were never received: elements
     * dropped by an overflow policy, discarded by {@link ReceiveChannel#cancel()}, carried by a
     * sender that {@code cancel} woke, or taken by a bridge whose subscriber cancelled before it
     * could deliver them. Use it to release resources such as pooled buffers.
     *
     * <p>The handler runs on the thread whose operation dropped the element, never while a channel
     * lock is held. An exception it throws goes to {@link ChannelHooks#onUndeliverableError}.
     *
     * @param handler called once per undelivered element
     * @return this builder
     */
    public ChannelBuilder<T> onUndelivered(Consumer<? super T> handler) {
        this.onUndelivered = Objects.requireNonNull(handler, "handler is null");
        return this;
    }

    /**
     * Names the channel. The name appears in exception messages, {@code toString()} and the dump of
     * blocked operations.
     *
     * @param name a short human-readable name
     * @return this builder
     */
    public ChannelBuilder<T> name(String name) {
        this.name = Objects.requireNonNull(name, "name is null");
        return this;
    }

    /**
     * Creates the channel.
     *
     * @return a new open channel
     * @throws IllegalArgumentException if a drop policy was set on an unbuffered channel
     */
    public Channel<T> build() {
        if (capacity == 0 && overflow != Overflow.BLOCK) {
            throw new IllegalArgumentException("overflow " + overflow
                    + " needs a buffer to drop from: set capacity(1) or more, capacity was 0");
        }
        return new ChannelImpl<>(capacity, overflow, onUndelivered, name);
    }
}
