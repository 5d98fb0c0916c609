package chanstream.core.internal;

import chanstream.core.ChannelHooks;
import chanstream.core.ReceiveChannel;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * One subscriber's receive loop over a channel, driven by demand and by callback waiters, with
 * no thread of its own.
 *
 * <h2>Design</h2>
 * All signals to the subscriber come from {@link #drain()}, a work-in-progress loop: whoever
 * increments {@link #wip} from zero drains, and anyone who finds it non-zero leaves a missed
 * count for the drainer to loop on. So signals are serial (rule 1.3), and a {@code request}
 * made from inside {@code onNext} only adds demand for the running loop instead of recursing
 * (rule 3.3).
 *
 * <p>While demand is outstanding the loop receives without waiting; when the channel is empty it
 * registers one callback waiter ({@link Receiver}) with the channel's receive arms and returns.
 * The channel operation that claims the waiter (a send, a close) stores the outcome in
 * {@link #pending} and calls {@code drain()} on its own thread. When demand is exhausted the
 * loop instead registers a waiter on the channel's close-watch arms, which take no element, so
 * that completion is signalled without waiting for demand. When demand arrives the watch is
 * withdrawn and a receive registered.
 *
 * <h2>Invariants</h2>
 * <ul>
 *   <li>At most one waiter is registered at a time ({@link #registered}), and a receive waiter only
 *       while {@code emitted < requested}. Demand never shrinks except by emission, which happens
 *       only here, so no element leaves the channel without outstanding demand.
 *   <li>Cancellation withdraws the waiter. If a claim won the race, the claimed element arrives in
 *       {@link #pending} and is passed to the channel's undelivered handler, else the adapter's
 *       discard hook, else {@link ChannelHooks#onUndeliveredElement}: never delivered after the
 *       cancel was seen.
 *   <li>After a terminal signal or a cancel, the subscriber reference is dropped (rule 3.13).
 * </ul>
 *
 * @param <T> the element type
 */
final class ChannelSubscription<T> implements Subscription {

    private static final VarHandle REQUESTED;
    private static final VarHandle WIP;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            REQUESTED = lookup.findVarHandle(ChannelSubscription.class, "requested", long.class);
            WIP = lookup.findVarHandle(ChannelSubscription.class, "wip", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final ReceiveChannel<T> channel;
    private final ReceiveSource source;
    private final @Nullable Consumer<Object> fallbackDiscard;

    /** Prebuilt arms for a plain channel, whose arms never change; {@code null} for views. */
    private final @Nullable ArmCollector plainReceiveArms;
    private final @Nullable ArmCollector plainWatchArms;

    private volatile long requested;
    private volatile int wip;
    private volatile boolean cancelled;
    private volatile @Nullable IllegalArgumentException badRequest;

    /** Written by a waiter's callback before it calls {@link #drain()}. */
    private volatile @Nullable Object pending;
    private volatile @Nullable ChannelImpl<?> pendingFrom;

    // Owned by the draining thread.
    private @Nullable Subscriber<? super T> downstream;
    private @Nullable Receiver registered;
    private @Nullable Receiver spare;
    private long emitted;
    private boolean terminated;

    ChannelSubscription(ReceiveChannel<T> channel, ReceiveSource source,
            Subscriber<? super T> downstream, @Nullable Consumer<Object> fallbackDiscard) {
        this.channel = channel;
        this.source = source;
        this.downstream = downstream;
        this.fallbackDiscard = fallbackDiscard;
        if (source instanceof ChannelImpl) {
            this.plainReceiveArms = arms(false);
            this.plainWatchArms = arms(true);
        } else {
            this.plainReceiveArms = null;
            this.plainWatchArms = null;
        }
    }

    /** Runs the first drain after {@code onSubscribe} returned. */
    void start() {
        drain();
    }

    @Override
    public void request(long n) {
        if (cancelled) {
            return;
        }
        if (n <= 0L) {
            if (badRequest == null) {
                badRequest = Demand.nonPositive(n);
            }
            drain();
            return;
        }
        for (;;) {
            long current = requested;
            if (current == Long.MAX_VALUE) {
                break;
            }
            if (REQUESTED.compareAndSet(this, current, Demand.addCap(current, n))) {
                break;
            }
        }
        drain();
    }

    @Override
    public void cancel() {
        cancelled = true;
        drain();
    }

    private void drain() {
        if ((int) WIP.getAndAdd(this, 1) != 0) {
            return;
        }
        int missed = 1;
        for (;;) {
            drainOnce();
            missed = (int) WIP.getAndAdd(this, -missed) - missed;
            if (missed == 0) {
                return;
            }
        }
    }

    /**
     * One pass of the loop: handle a pending outcome, then receive while there is demand, then
     * make sure exactly one waiter is registered. Each step first checks for cancellation and for
     * a rule 3.9 violation, because {@code onNext} may have caused either.
     */
    private void drainOnce() {
        for (;;) {
            if (terminated) {
                discardPending();
                return;
            }
            if (cancelled) {
                terminated = true;
                downstream = null;
                withdrawRegistered();
                discardPending();
                return;
            }
            IllegalArgumentException bad = badRequest;
            if (bad != null) {
                // Rule 3.9: signal onError(IllegalArgumentException) and stop.
                cancelled = true;
                withdrawRegistered();
                discardPending();
                signalTerminal(Closed.of(bad));
                return;
            }
            Object outcome = pending;
            if (outcome != null) {
                pending = null;
                registered = null;
                if (!handle(outcome)) {
                    return;
                }
                continue;
            }
            Receiver waiting = registered;
            if (waiting != null) {
                if (waiting.watch && emitted != requested && waiting.withdraw()) {
                    registered = null;
                    continue;
                }
                // Either it is a receive waiting for an element, or a watch that fired: in both
                // cases the waiter's callback calls drain() again.
                return;
            }
            Receiver receiver = newReceiver(emitted == requested);
            if (Selector.attemptAsync(receiver.arms, true, receiver)) {
                // Committed without registering: the waiter is untouched and can be reused.
                spare = receiver;
                Object committed = complete(receiver.arms, receiver.arms.committed,
                        Selector.committedRaw(receiver.arms));
                if (!handle(committed)) {
                    return;
                }
                continue;
            }
            registered = receiver;
        }
    }

    /**
     * Signals one outcome.
     *
     * @return {@code false} if the subscription terminated
     */
    @SuppressWarnings("unchecked")
    private boolean handle(Object outcome) {
        if (outcome == Arm.RETRY) {
            return true;
        }
        if (outcome instanceof Closed) {
            signalTerminal((Closed) outcome);
            return false;
        }
        Subscriber<? super T> subscriber = downstream;
        if (subscriber == null) {
            discard(outcome, pendingFrom);
            return false;
        }
        emitted++;
        try {
            subscriber.onNext((T) outcome);
        } catch (Throwable failure) {
            // Rule 2.13: onNext must not throw. Cancel, and report the failure to the hook.
            cancelled = true;
            terminated = true;
            downstream = null;
            withdrawRegistered();
            ChannelHooks.onUndeliverableError(failure);
            return false;
        }
        return true;
    }

    private void signalTerminal(Closed closed) {
        terminated = true;
        withdrawRegistered();
        Subscriber<? super T> subscriber = downstream;
        downstream = null;
        if (subscriber == null) {
            return;
        }
        try {
            Throwable cause = closed.cause;
            if (cause == null) {
                subscriber.onComplete();
            } else {
                subscriber.onError(cause);
            }
        } catch (Throwable failure) {
            ChannelHooks.onUndeliverableError(failure);
        }
    }

    private void withdrawRegistered() {
        Receiver waiting = registered;
        registered = null;
        if (waiting != null) {
            // If the withdrawal fails, a claim won: its outcome arrives through drain().
            waiting.withdraw();
        }
    }

    private void discardPending() {
        Object outcome = pending;
        if (outcome == null) {
            return;
        }
        pending = null;
        if (outcome != Arm.RETRY && !(outcome instanceof Closed)) {
            discard(outcome, pendingFrom);
        }
    }

    private void discard(Object element, @Nullable ChannelImpl<?> from) {
        if (from != null && from.discard(element)) {
            return;
        }
        Consumer<Object> fallback = fallbackDiscard;
        if (fallback != null) {
            try {
                fallback.accept(element);
            } catch (Throwable failure) {
                ChannelHooks.onUndeliverableError(failure);
            }
            return;
        }
        ChannelHooks.onUndeliveredElement(element);
    }

    private Receiver newReceiver(boolean watch) {
        ArmCollector arms = watch ? plainWatchArms : plainReceiveArms;
        if (arms == null) {
            return new Receiver(arms(watch), watch);
        }
        Receiver reusable = spare;
        if (reusable != null && reusable.watch == watch) {
            spare = null;
            return reusable;
        }
        return new Receiver(arms, watch);
    }

    private ArmCollector arms(boolean watch) {
        ArmCollector arms = new ArmCollector();
        if (watch) {
            source.addWatchArms(arms, Completion.IDENTITY);
        } else {
            source.addReceiveArms(arms, Completion.IDENTITY);
        }
        arms.endClause();
        return arms;
    }

    private static Object complete(ArmCollector arms, int armIndex, @Nullable Object raw) {
        try {
            Object outcome = arms.arm(armIndex).completion.complete(
                    java.util.Objects.requireNonNull(raw));
            return outcome == null ? Closed.of(new NullPointerException("channel yielded null"))
                    : outcome;
        } catch (Throwable failure) {
            return Closed.of(failure);
        }
    }

    @Override
    public String toString() {
        return "ChannelSubscription(" + channel + ", requested " + requested + ", emitted "
                + emitted + ")";
    }

    /** The callback waiter: stores the claimed outcome and resumes the loop. */
    private final class Receiver extends CallbackWaiter {

        final ArmCollector arms;
        final boolean watch;

        Receiver(ArmCollector arms, boolean watch) {
            this.arms = arms;
            this.watch = watch;
        }

        @Override
        protected void onClaimed(int armIndex, Object raw) {
            releaseOtherArms();
            pendingFrom = arms.arm(armIndex).channel;
            pending = complete(arms, armIndex, raw);
            drain();
        }
    }
}
