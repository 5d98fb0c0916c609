package chanstream.core.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.jspecify.annotations.Nullable;

/**
 * A pending operation: one thread's blocked send, receive or select, or a callback waiting for
 * a channel. Registered in channel queues through one {@link Node} per arm.
 *
 * <p>State machine of {@link #state}: {@code null} while waiting; then, exactly once, either the
 * {@link Node} through which a channel operation claimed the waiter (a partner sent or
 * received, or a close woke it), a {@link Polled} when a cancellable asynchronous attempt
 * committed an arm while polling, or {@link #CANCELLED} when the waiter withdrew (interrupt,
 * timeout, future cancelled). Claim and withdrawal race through one compare-and-set, so each
 * waiter commits at most one arm, and a withdrawn waiter has consumed and delivered nothing.
 *
 * <p>A claimer calls {@link #tryClaim} while holding the lock of the node's channel, and calls
 * {@link #wake()} only after releasing every channel lock.
 */
public abstract class Waiter implements Effect {

    static final Object CANCELLED = new Object() {
        @Override
        public String toString() {
            return "CANCELLED";
        }
    };

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(Waiter.class, "state", Object.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** {@code null}, the claiming {@link Node}, a {@link Polled}, or {@link #CANCELLED}. */
    volatile @Nullable Object state;

    /**
     * The registered nodes: a {@link Node}, a {@code Node[]}, or {@code null} before
     * registration.
     */
    @Nullable Object nodes;

    /** Claims this waiter through {@code node}; the caller holds the node's channel lock. */
    final boolean tryClaim(Node node) {
        return STATE.compareAndSet(this, null, node);
    }

    /** Withdraws this waiter; {@code false} if a channel operation claimed it first. */
    final boolean tryCancel() {
        return STATE.compareAndSet(this, null, CANCELLED);
    }

    /**
     * Marks this waiter committed by its own poll of arm {@code armIndex}; {@code false} if it
     * was withdrawn first.
     */
    final boolean tryCommitPolled(int armIndex, Object raw) {
        return STATE.compareAndSet(this, null, new Polled(armIndex, raw));
    }

    /**
     * Returns the raw outcome of the arm that committed, or {@code null} while waiting or after
     * a withdrawal.
     */
    final @Nullable Object committedRaw() {
        Object current = state;
        if (current instanceof Node) {
            return ((Node) current).result;
        }
        if (current instanceof Polled) {
            return ((Polled) current).raw;
        }
        return null;
    }

    final boolean isWaiting() {
        return state == null;
    }

    /** Resumes the waiter after a successful claim. Runs with no channel lock held. */
    abstract void wake();

    @Override
    public final void perform() {
        wake();
    }

    /** Unlinks every registered node except {@code keep} from its channel queue. */
    final void unlinkNodes(@Nullable Node keep) {
        Object registered = nodes;
        if (registered instanceof Node) {
            Node node = (Node) registered;
            if (node != keep) {
                ChannelImpl.unlinkLocking(node);
            }
        } else if (registered != null) {
            for (Node node : (Node[]) registered) {
                if (node != keep) {
                    ChannelImpl.unlinkLocking(node);
                }
            }
        }
    }

    /** The commit of an arm that the waiter's own attempt polled, without a queued node. */
    static final class Polled {

        final int armIndex;
        final Object raw;

        Polled(int armIndex, Object raw) {
            this.armIndex = armIndex;
            this.raw = raw;
        }
    }
}
