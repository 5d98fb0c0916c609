package chanstream.core.internal;

import chanstream.core.ReceiveChannel;
import chanstream.core.testing.Await;

/**
 * Reads a channel's wait queues through the package-private test hooks of {@link ChannelImpl},
 * so that tests outside this package can see how many senders, receivers and close watchers
 * are queued. A queued node is counted from the moment its operation registers, before the
 * thread parks, and until it is unlinked, whether it is live or already claimed elsewhere.
 */
public final class ChannelProbe {

    /**
     * The lengths of a channel's three wait queues.
     *
     * @param senders queued send nodes: blocked sends, send clauses of selects, pending
     *     {@code sendAsync}
     * @param receivers queued receive nodes
     * @param watchers queued close-watch nodes
     */
    public record Queues(int senders, int receivers, int watchers) {

        /** The queues of a channel with no waiter. */
        public static final Queues EMPTY = new Queues(0, 0, 0);
    }

    private ChannelProbe() {
    }

    /**
     * Returns the current queue lengths of {@code channel}.
     *
     * @param channel a channel created by {@code Channel.unbuffered()}, {@code buffered},
     *     {@code unlimited} or a builder
     * @return a snapshot taken under the channel's lock
     */
    public static Queues queues(ReceiveChannel<?> channel) {
        int[] lengths = impl(channel).queueLengths();
        return new Queues(lengths[0], lengths[1], lengths[2]);
    }

    /**
     * Returns the length of the channel's buffer array, 0 when none is allocated.
     *
     * @param channel a channel created by the public factories
     * @return the array length
     */
    public static int bufferArrayLength(ReceiveChannel<?> channel) {
        return impl(channel).bufferArrayLength();
    }

    /**
     * Waits until exactly {@code count} send nodes are queued on {@code channel}.
     *
     * @param channel the channel
     * @param count the expected number of queued senders
     */
    public static void awaitSenders(ReceiveChannel<?> channel, int count) {
        Await.until(() -> count + " senders are queued on " + channel + ", queues are "
                + queues(channel), () -> queues(channel).senders() == count);
    }

    /**
     * Waits until exactly {@code count} receive nodes are queued on {@code channel}.
     *
     * @param channel the channel
     * @param count the expected number of queued receivers
     */
    public static void awaitReceivers(ReceiveChannel<?> channel, int count) {
        Await.until(() -> count + " receivers are queued on " + channel + ", queues are "
                + queues(channel), () -> queues(channel).receivers() == count);
    }

    private static ChannelImpl<?> impl(ReceiveChannel<?> channel) {
        if (!(channel instanceof ChannelImpl)) {
            throw new IllegalArgumentException(
                    "expected a channel from the public factories, got " + channel.getClass());
        }
        return (ChannelImpl<?>) channel;
    }
}
