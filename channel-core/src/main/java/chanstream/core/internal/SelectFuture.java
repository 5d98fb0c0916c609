package chanstream.core.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
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
 * <p>State machine of {@link #current}: the live {@link Attempt}, then exactly once either
 * {@link #COMPLETED} or {@link #WITHDRAWN}. An attempt that commits an arm whose completion
 * returns {@link Arm#RETRY} (a merge source closed) is replaced by the next attempt through a
 * compare-and-set, so a withdrawal never races a retry unseen. A withdrawal wins only when the
 * live attempt has not committed. Otherwise, even when a close committed it, it waits until the
 * committing thread has run the completion and either completed the future or started the next
 * attempt: a close that others can already see has failed the operation, and a cancel of the
 * channel has counted a pending send's element as undelivered, so the operation cannot also be
 * withdrawn.
 *
 * @param <R> the result type
 */
final class SelectFuture<R> extends CompletableFuture<R> {

    /** The value of {@link #current} once the future completes with a committed outcome. */
    private static final Object COMPLETED = new Object() {
        @Override
        public String toString() {
            return "COMPLETED";
        }
    };

    /** The value of {@link #current} once a cancel or an outside completion won the withdrawal. */
    private static final Object WITHDRAWN = new Object() {
        @Override
        public String toString() {
            return "WITHDRAWN";
        }
    };

    private static final VarHandle CURRENT;

    private static final VarHandle FINISHER;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            CURRENT = lookup.findVarHandle(SelectFuture.class, "current", Object.class);
            FINISHER = lookup.findVarHandle(SelectFuture.Attempt.class, "finisher", Thread.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Clause<R> clause;

    /** The live {@link Attempt}, {@link #COMPLETED} or {@link #WITHDRAWN}. */
    private volatile @Nullable Object current;

    private SelectFuture(Clause<R> clause) {
        this.clause = clause;
    }

    /** Starts an asynchronous operation for a single clause. */
    static <R> SelectFuture<R> start(Clause<R> clause) {
        SelectFuture<R> future = new SelectFuture<>(clause);
        future.attempt(null);
        return future;
    }

    /**
     * Runs attempts until one registers, or commits an outcome other than {@link Arm#RETRY}.
     * {@code previous} is the attempt whose commit asked for a retry, or {@code null} for the
     * first attempt. The method stops without effect if a withdrawal replaced it.
     */
    private void attempt(@Nullable Attempt previous) {
        for (;;) {
            ArmCollector arms = new ArmCollector();
            clause.expand(arms);
            arms.endClause();
            Attempt attempt = new Attempt(arms);
            // This thread finishes a commit made by polling, and runs the poll's effects first.
            attempt.finisher = Thread.currentThread();
            if (previous == null) {
                current = attempt;
            } else if (!CURRENT.compareAndSet(this, previous, attempt)) {
                return;
            }
            if (!Selector.attemptAsyncCancellable(arms, attempt)) {
                // Registered: the thread that claims it becomes the finisher. Until it does, a
                // cancel must wait rather than take this thread for the finisher.
                FINISHER.compareAndSet(attempt, Thread.currentThread(), null);
                return;
            }
            Object raw = java.util.Objects.requireNonNull(arms.committedRaw);
            if (!finish(attempt, Selector.committedCompletion(arms), raw)) {
                return;
            }
            previous = attempt;
        }
    }

    /**
     * Runs the completion of the arm that {@code attempt} committed and completes this future,
     * unless a withdrawal won first.
     *
     * @return {@code true} if the completion returned {@link Arm#RETRY}, so a new attempt must run
     */
    @SuppressWarnings("unchecked")
    private boolean finish(Attempt attempt, Completion completion, Object raw) {
        Object result;
        try {
            result = completion.complete(raw);
        } catch (Throwable failure) {
            if (CURRENT.compareAndSet(this, attempt, COMPLETED)) {
                super.completeExceptionally(failure);
            }
            return false;
        }
        if (result == Arm.RETRY) {
            return true;
        }
        if (CURRENT.compareAndSet(this, attempt, COMPLETED)) {
            super.complete((R) result);
        }
        return false;
    }

    /**
     * Withdraws the pending operation so that it takes nothing.
     *
     * @return {@code true} if this call won the withdrawal and must complete the future itself;
     *     {@code false} if an operation committed, or another withdrawal won
     */
    private boolean withdraw() {
        for (int round = 0;; round++) {
            Object state = current;
            if (!(state instanceof SelectFuture<?>.Attempt)) {
                return false;
            }
            @SuppressWarnings("unchecked")
            Attempt attempt = (Attempt) state;
            if (attempt.isWaiting() && Selector.withdrawCancellable(attempt.arms, attempt)) {
                // The attempt never committed, so no retry follows it.
                return CURRENT.compareAndSet(this, attempt, WITHDRAWN);
            }
            if (attempt.finisher == Thread.currentThread()) {
                // Called from code that the completion of this very commit runs, for example a
                // dependent stage woken while a view's signal channel closes, so waiting for the
                // completion would deadlock. An outcome was committed, so the commit is kept.
                // NOTE: if that completion still returns RETRY (an or view fired inside a
                // merge), the future stays pending until the next attempt commits.
                return false;
            }
            // An outcome was committed. Wait for the completion, which runs internal code only,
            // to complete the future or to start the next attempt.
            if (round < 64) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
            }
        }
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        if (withdraw() || current == WITHDRAWN) {
            // After another thread's winning withdrawal, the first of its completion and this
            // cancel takes effect, and the call reports which.
            return super.cancel(mayInterruptIfRunning);
        }
        return false;
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

        /**
         * The thread that finishes this attempt's commit: the polling thread, or the claiming
         * thread once it runs {@link #onClaimed}; {@code null} in between.
         */
        volatile @Nullable Thread finisher;

        Attempt(ArmCollector arms) {
            this.arms = arms;
        }

        @Override
        protected void onClaimed(int armIndex, Object raw) {
            finisher = Thread.currentThread();
            releaseOtherArms();
            if (finish(this, arms.arm(armIndex).completion, raw)) {
                attempt(this);
            }
        }
    }
}
