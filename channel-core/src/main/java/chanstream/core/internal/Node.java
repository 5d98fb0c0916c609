package chanstream.core.internal;

import org.jspecify.annotations.Nullable;

/**
 * A waiter's registration in one queue of one channel. A select registers one node per
 * channel arm; a plain send or receive registers one.
 *
 * <p>The links and {@link #queued} are guarded by the lock of {@link #channel}. The party that
 * claims the node writes {@link #result} before it claims the waiter, so a waiter that sees
 * itself claimed through this node also sees the result.
 */
final class Node {

    final Waiter waiter;
    final ChannelImpl<?> channel;

    /** {@link Arm#RECEIVE}, {@link Arm#SEND} or {@link Arm#WATCH}. */
    final int kind;

    /** The index of the arm in its select's {@link ArmCollector}; 0 for a plain operation. */
    final int armIndex;

    /** The element a send node offers; {@code null} for other kinds. */
    @Nullable Object item;

    /** The raw outcome: the received element, {@link Arm#SENT} or a {@link Closed}. */
    @Nullable Object result;

    @Nullable Node prev;
    @Nullable Node next;
    boolean queued;

    Node(Waiter waiter, ChannelImpl<?> channel, int kind, int armIndex, @Nullable Object item) {
        this.waiter = waiter;
        this.channel = channel;
        this.kind = kind;
        this.armIndex = armIndex;
        this.item = item;
    }

    String describe() {
        switch (kind) {
            case Arm.RECEIVE:
                return "receive on " + channel;
            case Arm.SEND:
                return "send on " + channel;
            default:
                return "close watch on " + channel;
        }
    }
}
