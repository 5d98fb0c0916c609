package chanstream.core.internal;

import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * The future of an asynchronous send, receive or select: a select whose waiter is a callback.
 *
 * <p>Withdrawal: {@link #cancel}, {@link #complete} and {@link #completeExceptionally} called
 * from outside (including by {@code orTimeout} and {@code completeOnTimeout}) first withdraw the
 * pending operation. If the operation already committed, they return {@code false} and the
 * future completes with the operation's outcome, so a committed receive never loses its element
 * and a withdrawn one consumes nothing. Dependent stages are plain {@link CompletableFuture}s.
 *
 * @param <R> the result type
 */
final class SelectFuture<R> extends CompletableFuture<R> {

    private final Clause<R> clause;

    private volatile @Nullable Attempt current;
    private volatile boolean withdrawRequested;

    private SelectFuture(Clause<R> clause) {
        this.clause = clause;
    }

    /** Starts an asynchronous operation for a single clause. */
    static <R> SelectFuture<R> start(Clause<R> clause) {
        SelectFuture<R> future = new SelectFuture<>(clause);
        future.attempt();
        return future;
    }

    private void attempt() {
        for (;;) {
            if (withdrawRequested) {
                super.cancel(false);
                return;
            }
            ArmCollector arms = new ArmCollector();
            clause.expand(arms);
            arms.endClause();
            Attempt attempt = new Attempt(arms);
            current = attempt;
            if (!Selector.attemptAsync(arms, true, attempt)) {
                return;
            }
            Object raw = arms.committedRaw;
            if (!finish(Selector.committedCompletion(arms), raw)) {
                return;
            }
        }
    }

    /** Completes this future from a committed arm; {@code true} if the select must retry. */
    @SuppressWarnings("unchecked")
    private boolean finish(Completion completion, @Nullable Object raw) {
        Object result;
        try {
            result = completion.complete(java.util.Objects.requireNonNull(raw));
        } catch (Throwable failure) {
            super.completeExceptionally(failure);
            return false;
        }
        if (result == Arm.RETRY) {
            return true;
        }
        super.complete((R) result);
        return false;
    }

    private boolean withdraw() {
        withdrawRequested = true;
        Attempt attempt = current;
        return attempt != null && attempt.withdraw();
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        if (withdraw()) {
            return super.cancel(mayInterruptIfRunning);
        }
        return isCancelled();
    }

    @Override
    public boolean complete(R value) {
        return withdraw() && super.complete(value);
    }

    @Override
    public boolean completeExceptionally(Throwable failure) {
        return withdraw() && super.completeExceptionally(failure);
    }

    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
        return new CompletableFuture<>();
    }

    private final class Attempt extends CallbackWaiter {

        private final ArmCollector arms;

        Attempt(ArmCollector arms) {
            this.arms = arms;
        }

        @Override
        protected void onClaimed(int armIndex, Object raw) {
            releaseOtherArms();
            if (finish(arms.arm(armIndex).completion, raw)) {
                attempt();
            }
        }
    }
}
