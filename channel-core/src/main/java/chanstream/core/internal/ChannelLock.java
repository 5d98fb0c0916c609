package chanstream.core.internal;

import java.util.concurrent.locks.AbstractQueuedSynchronizer;

/**
 * The mutex that guards one channel's state, embedded in the channel object itself so that an
 * empty channel stays small.
 *
 * <p>Critical sections are a few dozen instructions and never block, so {@link #lock()} first
 * re-reads the state and retries the compare-and-set for a few rounds (plain reads, no PAUSE:
 * see {@link Spin}) and only then queues through
 * {@link AbstractQueuedSynchronizer#acquire}, which parks (and unmounts a virtual thread rather
 * than pinning it). The lock is not reentrant: a select locks each distinct channel once, in
 * ascending {@link ChannelImpl#id} order, which rules out deadlock between selects.
 */
abstract class ChannelLock extends AbstractQueuedSynchronizer {

    private static final long serialVersionUID = 1L;

    private static final int LOCK_SPINS = Runtime.getRuntime().availableProcessors() > 1 ? 64 : 0;

    final void lock() {
        if (compareAndSetState(0, 1)) {
            return;
        }
        for (int round = LOCK_SPINS; round > 0; round--) {
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
