package chanstream.core;

import chanstream.core.internal.Checks;
import chanstream.core.internal.Clause;
import chanstream.core.internal.Selector;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Go's {@code select}: waits until one of several channel operations can proceed, performs
 * exactly that one, and returns its clause's result.
 *
 * <pre>{@code
 * String event = Select.select(
 *         done.onReceiveOrNull(ignored -> "stopped"),
 *         jobs.onReceive(job -> "ran " + job.run()),
 *         Select.onTimeout(Duration.ofSeconds(1), () -> "idle"));
 * }</pre>
 *
 * <p><b>Choice.</b> Exactly one clause commits; the others have no effect (no element taken, none
 * sent). {@link #select} chooses uniformly at random among the clauses that are ready, as Go
 * does, and a select that has to wait registers its clauses in random order.
 * {@link #selectBiased} takes the first ready clause in argument order.
 *
 * <p><b>Closed channels.</b> A receive clause on a closed, drained channel is ready:
 * {@code onReceiveOrNull} runs with {@code null} (or the select throws
 * {@link ChannelClosedException} with the close cause), {@code onReceive} makes the select throw
 * {@link ChannelClosedException} naming the channel. A send clause on a closed channel makes the
 * select throw too, as Go panics. To take a finished channel out of a select loop, replace its
 * clause with {@link #never()}: Go's nil channel.
 *
 * <p><b>Rules.</b> At least one clause, at most one {@link #onDefault} and at most one
 * {@link #onTimeout}; otherwise {@link IllegalArgumentException}. A channel may appear in several
 * clauses, sends and receives mixed; a select never pairs its own send with its own receive.
 * The clause functions run on the calling thread after the operation committed, with no channel
 * lock held.
 *
 * <p><b>Interruption.</b> A select with no {@code onDefault} on an interrupted thread throws
 * {@link InterruptedException} at once; an interrupted select commits nothing.
 */
public final class Select {

    private Select() {
    }

    /**
     * Waits for the first clause that can proceed, choosing at random among ready clauses.
     *
     * @param clauses the cases
     * @param <R> the result type
     * @return the chosen clause's result
     * @throws NullPointerException if {@code clauses} or one of them is {@code null}
     * @throws IllegalArgumentException if there is no clause, or more than one default or timeout
     * @throws ChannelClosedException if the chosen clause is a send on a closed channel, an
     *     {@code onReceive} on a closed drained channel, or a receive on a channel closed with a
     *     cause
     * @throws InterruptedException if the thread is interrupted while waiting
     */
    @SafeVarargs
    public static <R extends @Nullable Object> R select(
            SelectClause<? extends R>... clauses) throws InterruptedException {
        return Selector.select(Arrays.asList(Objects.requireNonNull(clauses, "clauses is null")),
                false);
    }

    /**
     * Waits for the first clause that can proceed, choosing at random among ready clauses.
     *
     * @param clauses the cases
     * @param <R> the result type
     * @return the chosen clause's result
     * @throws NullPointerException if {@code clauses} or one of them is {@code null}
     * @throws IllegalArgumentException if there is no clause, or more than one default or timeout
     * @throws ChannelClosedException as for {@link #select(SelectClause[])}
     * @throws InterruptedException if the thread is interrupted while waiting
     */
    public static <R extends @Nullable Object> R select(
            List<? extends SelectClause<? extends R>> clauses)
            throws InterruptedException {
        return Selector.select(clauses, false);
    }

    /**
     * Waits for the first clause that can proceed; among ready clauses the first in argument order
     * wins.
     *
     * @param clauses the cases
     * @param <R> the result type
     * @return the chosen clause's result
     * @throws NullPointerException if {@code clauses} or one of them is {@code null}
     * @throws IllegalArgumentException if there is no clause, or more than one default or timeout
     * @throws ChannelClosedException as for {@link #select(SelectClause[])}
     * @throws InterruptedException if the thread is interrupted while waiting
     */
    @SafeVarargs
    public static <R extends @Nullable Object> R selectBiased(SelectClause<? extends R>... clauses)
            throws InterruptedException {
        return Selector.select(Arrays.asList(Objects.requireNonNull(clauses, "clauses is null")),
                true);
    }

    /**
     * Waits for the first clause that can proceed; among ready clauses the first in list order
     * wins.
     *
     * @param clauses the cases
     * @param <R> the result type
     * @return the chosen clause's result
     * @throws NullPointerException if {@code clauses} or one of them is {@code null}
     * @throws IllegalArgumentException if there is no clause, or more than one default or timeout
     * @throws ChannelClosedException as for {@link #select(SelectClause[])}
     * @throws InterruptedException if the thread is interrupted while waiting
     */
    public static <R extends @Nullable Object> R selectBiased(
            List<? extends SelectClause<? extends R>> clauses)
            throws InterruptedException {
        return Selector.select(clauses, true);
    }

    /**
     * Returns a clause chosen when no other clause became ready within {@code timeout}. Waiting
     * parks the selecting thread with a deadline; no timer thread is involved.
     *
     * @param timeout how long to wait; zero gives up at once when nothing is ready
     * @param then computes the select's result on timeout
     * @param <R> the result type
     * @return the clause
     * @throws IllegalArgumentException if {@code timeout} is negative
     */
    public static <R extends @Nullable Object> SelectClause<R> onTimeout(Duration timeout,
            Supplier<? extends R> then) {
        long nanos = Checks.timeoutNanos(timeout);
        return new Clause.Timeout<>(nanos, Objects.requireNonNull(then, "then is null"));
    }

    /**
     * Returns Go's {@code default:} clause: chosen when, at the moment the select decides, no other
     * clause can proceed, wherever it stands in the list. A select with a default never blocks.
     *
     * @param then computes the select's result
     * @param <R> the result type
     * @return the clause
     */
    public static <R extends @Nullable Object> SelectClause<R> onDefault(
            Supplier<? extends R> then) {
        return new Clause.Default<>(Objects.requireNonNull(then, "then is null"));
    }

    /**
     * Returns a clause that is never ready: Go's nil channel. Use it to disable a case in a select
     * loop, for example after its channel was found closed. A select whose clauses are all
     * {@code never()} blocks until its timeout or an interrupt.
     *
     * @param <R> the result type
     * @return the clause
     */
    public static <R extends @Nullable Object> SelectClause<R> never() {
        return new Clause.Never<>();
    }
}
