package chanstream.core.internal;

import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * A thread blocked in a send, receive or select. It spins for a bounded number of rounds, then
 * parks until a claimer wakes it.
 *
 * <p>Lost wake-ups are ruled out by a Dekker-style pair of volatile accesses: the waiter writes
 * {@link #parked} and then reads {@link #state}; the claimer writes {@code state} (by CAS) and
 * then reads {@code parked}. At least one of them sees the other's write, so either the waiter
 * notices the claim before parking, or the claimer unparks it. A parked waiter is listed in
 * {@link BlockedRegistry} for the dump of blocked operations.
 */
final class ThreadWaiter extends Waiter {

    final Thread thread;

    /**
     * {@link System#nanoTime()} when the waiter stopped spinning and parked. Taken only then, and
     * as the only clock read, because reading the clock costs more than a hand-off on some
     * virtual machines; the dump derives the wall-clock time from it.
     */
    volatile long sinceNanos;

    /** What the waiter is blocked in: "send", "receive" or "select". */
    final String operation;

    private volatile boolean parked;

    ThreadWaiter(String operation) {
        this.thread = Thread.currentThread();
        this.operation = operation;
    }

    @Override
    void wake() {
        if (parked) {
            LockSupport.unpark(thread);
        }
    }

    /**
     * Waits until a channel operation claims this waiter, the deadline passes or the thread is
     * interrupted.
     *
     * <p>If the thread is interrupted, or the deadline passes, after a claim already committed, the
     * claim wins: the method returns the node, and an interrupt stays pending on the thread.
     *
     * @param timed whether {@code deadline} applies
     * @param deadline the {@link System#nanoTime()} at which to give up
     * @return the claiming node, or {@code null} if the deadline passed and this waiter withdrew
     * @throws InterruptedException if interrupted while waiting; this waiter withdrew
     */
    @Nullable Node await(boolean timed, long deadline) throws InterruptedException {
        Object current = Spin.awaitClaim(this);
        if (current != null) {
            return (Node) current;
        }
        sinceNanos = System.nanoTime();
        BlockedRegistry.add(this);
        parked = true;
        try {
            return parkUntilClaimed(timed, deadline);
        } finally {
            parked = false;
            BlockedRegistry.remove(this);
        }
    }

    private @Nullable Node parkUntilClaimed(boolean timed, long deadline)
            throws InterruptedException {
        boolean interruptPending = false;
        Object current;
        while ((current = state) == null) {
            if (Thread.interrupted()) {
                if (tryCancel()) {
                    throw new InterruptedException();
                }
                interruptPending = true;
                continue;
            }
            if (timed) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0L) {
                    if (tryCancel()) {
                        return null;
                    }
                    continue;
                }
                LockSupport.parkNanos(this, remaining);
            } else {
                LockSupport.park(this);
            }
        }
        if (interruptPending) {
            thread.interrupt();
        }
        return (Node) current;
    }

    /** Returns the nodes this waiter is registered with, for diagnostics. */
    Node[] registeredNodes() {
        Object registered = nodes;
        if (registered instanceof Node) {
            return new Node[] {(Node) registered};
        }
        return registered == null ? new Node[0] : ((Node[]) registered).clone();
    }
}
