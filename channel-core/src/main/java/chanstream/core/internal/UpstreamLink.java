package chanstream.core.internal;

/**
 * The hooks by which a channel fed from a Reactive Streams publisher turns receives into
 * demand. Each hook is called with the channel lock held, must not block, and signals the
 * upstream only through {@link ChannelImpl#defer deferred effects}.
 */
abstract class UpstreamLink {

    /** An element left the channel for a receiver, from the buffer. */
    abstract void onTakenLocked(ChannelImpl<?> channel);

    /** A receiver registered to wait for an element. */
    abstract void onReceiverQueuedLocked(ChannelImpl<?> channel);

    /** The channel was cancelled by its receiver. */
    abstract void onCancelLocked(ChannelImpl<?> channel);
}
