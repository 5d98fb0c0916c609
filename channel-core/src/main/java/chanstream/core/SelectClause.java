package chanstream.core;

import org.jspecify.annotations.Nullable;

/**
 * One case of a {@link Select#select select}: a send, a receive, a timeout or a default, with
 * the function that computes the select's result when this case is chosen.
 *
 * <p>Clauses come from {@link SendChannel#onSend}, {@link ReceiveChannel#onReceive},
 * {@link ReceiveChannel#onReceiveOrNull}, {@link Select#onTimeout}, {@link Select#onDefault}
 * and {@link Select#never}. A clause is a description: creating one does nothing, and the same
 * clause may be passed to many selects. Implementations outside chanstream are not supported.
 *
 * @param <R> the type of the select's result when this clause is chosen
 */
public interface SelectClause<R extends @Nullable Object> {
}
