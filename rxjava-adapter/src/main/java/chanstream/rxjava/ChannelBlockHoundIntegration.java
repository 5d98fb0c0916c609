package chanstream.rxjava;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * Declares to BlockHound that acquiring a channel's internal lock is not a blocking call.
 * BlockHound finds this class through {@code META-INF/services} when an application
 * installs it; without BlockHound on the class path the class is never loaded.
 *
 * <p>Every channel operation, including those the bridges run on RxJava's computation
 * threads, takes the channel's lock for a short critical section. By the core's design
 * nothing in that section blocks or runs user code: wake-ups, undelivered handlers and
 * upstream signals run after the lock is released. Under contention,
 * {@code ChannelLock.lock()} spins with {@link Thread#onSpinWait()} and then parks until
 * the holder leaves that section, and BlockHound reports both calls. reactor-core's own
 * BlockHound integration allows the same kind of short wait for the lock of
 * {@code ScheduledThreadPoolExecutor}'s work queue.
 *
 * <p>The allowance covers that method only: a blocking {@code send} or {@code receive} on
 * a non-blocking thread parks elsewhere and is still reported.
 */
public final class ChannelBlockHoundIntegration implements BlockHoundIntegration {

    /** The class and method whose short waits for a channel lock are allowed. */
    static final String LOCK_CLASS = "chanstream.core.internal.ChannelLock";
    static final String LOCK_METHOD = "lock";

    @Override
    public void applyTo(BlockHound.Builder builder) {
        builder.allowBlockingCallsInside(LOCK_CLASS, LOCK_METHOD);
    }
}
