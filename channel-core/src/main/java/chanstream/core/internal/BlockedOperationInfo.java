package chanstream.core.internal;

import java.util.List;

/**
 * A snapshot of one parked channel operation, as the diagnostics dump shows it.
 */
public final class BlockedOperationInfo {

    /** The parked thread. */
    public final Thread thread;

    /** "send", "receive" or "select". */
    public final String operation;

    /** The channels the operation waits on, as their {@code toString()}. */
    public final List<String> channels;

    /** Each registered arm, described ("send on channel 'cows'"). */
    public final List<String> arms;

    /** {@link System#nanoTime()} when the operation started. */
    public final long sinceNanos;

    /** {@link System#currentTimeMillis()} when the operation started. */
    public final long sinceMillis;

    BlockedOperationInfo(Thread thread, String operation, List<String> channels, List<String> arms,
            long sinceNanos, long sinceMillis) {
        this.thread = thread;
        this.operation = operation;
        this.channels = List.copyOf(channels);
        this.arms = List.copyOf(arms);
        this.sinceNanos = sinceNanos;
        this.sinceMillis = sinceMillis;
    }
}
