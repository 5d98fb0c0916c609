package chanstream.core.internal;

import java.time.Duration;
import java.util.Objects;

/**
 * Argument checks shared by the public API, so that every message reads the same.
 */
public final class Checks {

    private Checks() {
    }

    /**
     * Returns {@code capacity} if it is a valid buffer size.
     *
     * @throws IllegalArgumentException if {@code capacity} is negative
     */
    public static int capacity(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity must be >= 0, was " + capacity);
        }
        return capacity;
    }

    /**
     * Returns {@code element} if it is not {@code null}.
     *
     * @throws NullPointerException if {@code element} is {@code null}
     */
    public static <T> T element(T element) {
        return Objects.requireNonNull(element, "element is null: channels carry no nulls");
    }

    /**
     * Returns {@code timeout} in nanoseconds, saturated at {@link Long#MAX_VALUE}.
     *
     * @throws NullPointerException if {@code timeout} is {@code null}
     * @throws IllegalArgumentException if {@code timeout} is negative
     */
    public static long timeoutNanos(Duration timeout) {
        return nonNegativeNanos(timeout, "timeout");
    }

    /**
     * Returns {@code duration} in nanoseconds, saturated at {@link Long#MAX_VALUE}; messages name
     * the parameter {@code name}.
     *
     * @throws NullPointerException if {@code duration} is {@code null}
     * @throws IllegalArgumentException if {@code duration} is negative
     */
    public static long nonNegativeNanos(Duration duration, String name) {
        Objects.requireNonNull(duration, () -> name + " is null");
        if (duration.isNegative()) {
            throw new IllegalArgumentException(name + " must be >= 0, was " + duration);
        }
        return saturatedNanos(duration);
    }

    /**
     * Returns {@code duration} in nanoseconds, saturated at {@link Long#MAX_VALUE}; messages name
     * the parameter {@code name}.
     *
     * @throws NullPointerException if {@code duration} is {@code null}
     * @throws IllegalArgumentException if {@code duration} is zero or negative
     */
    public static long positiveNanos(Duration duration, String name) {
        Objects.requireNonNull(duration, () -> name + " is null");
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be > 0, was " + duration);
        }
        return Math.max(1L, saturatedNanos(duration));
    }

    private static long saturatedNanos(Duration duration) {
        try {
            return duration.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }

    /**
     * Returns {@code channel} as chanstream's own receive side, or rejects a foreign
     * implementation; messages name the parameter {@code name}.
     *
     * @throws NullPointerException if {@code channel} is {@code null}
     * @throws IllegalArgumentException if {@code channel} was not created by chanstream
     */
    public static ReceiveSource receiveSource(Object channel, String name) {
        Objects.requireNonNull(channel, () -> name + " is null");
        if (!(channel instanceof ReceiveSource)) {
            throw new IllegalArgumentException(name + " (" + channel.getClass().getName()
                    + ") was not created by chanstream; create channels with Channel.builder() "
                    + "or a Channels helper, and bridge other sources with "
                    + "ReactiveChannels.toChannel");
        }
        return (ReceiveSource) channel;
    }

    /**
     * Returns the {@link System#nanoTime()} at which a wait of {@code nanos} from now ends,
     * saturated so that a huge timeout does not wrap into the past.
     */
    public static long deadline(long nanos) {
        long now = System.nanoTime();
        long deadline = now + nanos;
        return deadline - now < 0 ? now + Long.MAX_VALUE : deadline;
    }
}
