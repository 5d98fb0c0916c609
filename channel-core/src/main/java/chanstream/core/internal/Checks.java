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
        Objects.requireNonNull(timeout, "timeout is null");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must be >= 0, was " + timeout);
        }
        try {
            return timeout.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
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
