package chanstream.core.internal;

import org.jspecify.annotations.Nullable;

/**
 * Turns the raw outcome of a committed select arm into the select's result.
 *
 * <p>The raw outcome is the received element, {@link Arm#SENT}, or a {@link Closed}. A
 * completion may return {@link Arm#RETRY} when the committed arm changed the state of a view
 * without settling the select (a merged source closed, for example); the select then starts
 * over. Completions run with no channel lock held, and may run user code.
 */
@FunctionalInterface
public interface Completion {

    /** The completion that returns the raw outcome unchanged. */
    Completion IDENTITY = raw -> raw;

    /**
     * Computes the select's result.
     *
     * @param raw the element, {@link Arm#SENT} or a {@link Closed}
     * @return the result, which may be {@code null}, or {@link Arm#RETRY}
     */
    @Nullable Object complete(Object raw);
}
