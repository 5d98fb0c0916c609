package chanstream.core.internal;

import java.util.concurrent.locks.AbstractQueuedSynchronizer;

/**
 * The mutex that guards one channel's state, embedded in the channel object itself so that an
 * empty channel stays small.
 *
 * <p>Critical sections are a few dozen instructions and never block, so {@link #lock()} first
 * spins in the two phases {@link Spin} describes (plain re-reads, then a few PAUSE rounds),
 * retrying the compare-and-set, and only then queues through
 * {@link AbstractQueuedSynchronizer#acquire}, which parks (and unmounts a virtual thread rather
 * than pinning it). The lock is not reentrant: a select locks each distinct channel once, in
 * ascending {@link ChannelImpl#id} order, which rules out deadlock between selects.
 */
abstract class ChannelLock extends AbstractQueuedSynchronizer {

    private static final long serialVersionUID = 1L;

    private static final boolean MULTI_CORE = Runtime.getRuntime().availableProcessors() > 1;

    /** Plain re-reads of a held lock before pausing. */
    private static final int LOCK_READS =
            MULTI_CORE ? Integer.getInteger("chanstream.lockSpins", 1 << 6) : 0;

    /** {@link Thread#onSpinWait()} rounds on a held lock before queueing. */
    private static final int LOCK_PAUSES =
            MULTI_CORE ? Integer.getInteger("chanstream.lockPauses", 1 << 4) : 0;

    final void lock() {
        if (compareAndSetState(0, 1)) {
            return;
        }
        for (int round = LOCK_READS; round > 0; round--) {
            if (getState() == 0 && compareAndSetState(0, 1)) {
                return;
            }
        }
        for (int round = LOCK_PAUSES; round > 0; round--) {
            Thread.onSpinWait();
            if (getState() == 0 && compareAndSetState(0, 1)) {
                return;
            }
        }
        acquire(1);
    }

    /** Releases the lock without running deferred effects; see {@link ChannelImpl#unlock()}. */
    final void unlockRaw() {
        release(1);
    }

    final boolean isLocked() {
        return getState() != 0;
    }

    @Override
    protected final boolean tryAcquire(int ignored) {
        return compareAndSetState(0, 1);
    }

    @Override
    protected final boolean tryRelease(int ignored) {
        setState(0);
        return true;
    }

    @Override
    protected final boolean isHeldExclusively() {
        return getState() != 0;
    }
}
