package chanstream.core.internal;

/**
 * A waiter that is resumed by a callback instead of a parked thread: the Reactive Streams
 * bridges and the async operations wait this way, so that an idle subscription holds no
 * thread. The callback runs on the thread that claimed the waiter, after it released every
 * channel lock.
 */
public abstract class CallbackWaiter extends Waiter {

    @Override
    final void wake() {
        Node node = (Node) java.util.Objects.requireNonNull(state);
        onClaimed(node.armIndex, java.util.Objects.requireNonNull(node.result));
    }

    /**
     * Called once when a channel operation claimed this waiter.
     *
     * @param armIndex the index, in the {@link ArmCollector}, of the arm that committed
     * @param raw the raw outcome: the element, {@link Arm#SENT} or a {@link Closed}
     */
    protected abstract void onClaimed(int armIndex, Object raw);

    /** Withdraws this waiter; {@code false} if an operation already claimed it. */
    public final boolean withdraw() {
        if (!tryCancel()) {
            return false;
        }
        unlinkNodes(null);
        return true;
    }

    /** Unlinks the nodes of arms that did not commit; call once after {@link #onClaimed}. */
    protected final void releaseOtherArms() {
        Object current = state;
        unlinkNodes(current instanceof Node ? (Node) current : null);
    }
}
