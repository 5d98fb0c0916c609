package chanstream.core.internal;

import chanstream.core.ChannelHooks;
import chanstream.core.SendChannel;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * The subscriber behind {@code sendAll(publisher, channel)}: sends each element into the target
 * with backpressure. It requests one element, sends it (at once, or through a callback waiter
 * when the channel is full, so no thread blocks), and requests the next only when the send has
 * committed. It never closes the target.
 *
 * <p>State is one atomic word: {@link #SENDING} while a send is in progress,
 * {@link #UPSTREAM_DONE} once {@code onComplete} arrived, {@link #FINISHED} once the result
 * future is settled. {@code onComplete} can arrive while the last send is still waiting; the
 * future completes only after that send commits.
 *
 * @param <T> the element type
 */
public final class SendAllSubscriber<T> implements Subscriber<T> {

    private static final int SENDING = 1;
    private static final int UPSTREAM_DONE = 2;
    private static final int FINISHED = 4;

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(SendAllSubscriber.class, "state",
                    int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final ChannelImpl<T> target;
    private final Result result = new Result();

    private volatile int state;
    private volatile @Nullable Subscription upstream;
    private volatile @Nullable Sender pendingSend;

    private SendAllSubscriber(ChannelImpl<T> target) {
        this.target = target;
    }

    /** Subscribes to {@code source} at once and returns the future of the whole transfer. */
    @SuppressWarnings("unchecked")
    public static <T> CompletableFuture<Void> start(Publisher<? extends T> source,
            SendChannel<T> target) {
        Objects.requireNonNull(source, "source is null");
        Objects.requireNonNull(target, "target is null");
        if (!(target instanceof ChannelImpl)) {
            throw new IllegalArgumentException("target (" + target.getClass().getName()
                    + ") was not created by chanstream; use Channel.buffered or Channel.builder");
        }
        SendAllSubscriber<T> subscriber = new SendAllSubscriber<>((ChannelImpl<T>) target);
        source.subscribe(subscriber);
        return subscriber.result;
    }

    @Override
    public void onSubscribe(Subscription subscription) {
        // Rule 2.13: a null argument must raise NullPointerException.
        Objects.requireNonNull(subscription, "subscription is null (Reactive Streams rule 2.13)");
        // Rule 2.5: a second subscription, or one after the future was cancelled, is cancelled.
        if (upstream != null || (state & FINISHED) != 0) {
            subscription.cancel();
            return;
        }
        upstream = subscription;
        if (result.isDone()) {
            subscription.cancel();
            return;
        }
        subscription.request(1L);
    }

    @Override
    public void onNext(T element) {
        // Rule 2.13: a null element must raise NullPointerException.
        Objects.requireNonNull(element, "element is null (Reactive Streams rule 2.13)");
        if (!setBits(SENDING)) {
            target.discard(element);
            return;
        }
        ArmCollector arms = new ArmCollector();
        arms.add(new Arm(Arm.SEND, target, Completion.IDENTITY), element);
        arms.endClause();
        Sender sender = new Sender(element);
        pendingSend = sender;
        if (Selector.attemptAsync(arms, true, sender)) {
            pendingSend = null;
            sendCommitted(Objects.requireNonNull(Selector.committedRaw(arms)));
        }
    }

    private void sendCommitted(Object outcome) {
        if (outcome instanceof Closed) {
            Subscription subscription = upstream;
            if (subscription != null) {
                subscription.cancel();
            }
            finish(((Closed) outcome).forSend(target));
            return;
        }
        int previous = (int) STATE.getAndBitwiseAnd(this, ~SENDING);
        if ((previous & FINISHED) != 0) {
            return;
        }
        if ((previous & UPSTREAM_DONE) != 0) {
            finish(null);
            return;
        }
        Subscription subscription = upstream;
        if (subscription != null) {
            subscription.request(1L);
        }
    }

    @Override
    public void onError(Throwable failure) {
        // Rule 2.13: a null throwable must raise NullPointerException.
        Objects.requireNonNull(failure, "failure is null (Reactive Streams rule 2.13)");
        withdrawPendingSend();
        if (!finish(failure)) {
            ChannelHooks.onUndeliverableError(failure);
        }
    }

    @Override
    public void onComplete() {
        int previous = (int) STATE.getAndBitwiseOr(this, UPSTREAM_DONE);
        if ((previous & (SENDING | FINISHED)) == 0) {
            finish(null);
        }
    }

    private boolean setBits(int bits) {
        int previous = (int) STATE.getAndBitwiseOr(this, bits);
        return (previous & FINISHED) == 0;
    }

    /** Settles the future once; {@code false} if it was already settled. */
    private boolean finish(@Nullable Throwable failure) {
        int previous = (int) STATE.getAndBitwiseOr(this, FINISHED);
        if ((previous & FINISHED) != 0) {
            return false;
        }
        upstream = null;
        if (failure == null) {
            result.settle(null);
        } else {
            result.settle(failure);
        }
        return true;
    }

    private void withdrawPendingSend() {
        Sender sender = pendingSend;
        pendingSend = null;
        if (sender != null && sender.withdraw()) {
            target.discard(sender.element);
        }
    }

    @Override
    public String toString() {
        return "sendAll(" + target + ")";
    }

    /** Waits for room in the target without a thread. */
    private final class Sender extends CallbackWaiter {

        final T element;

        Sender(T element) {
            this.element = element;
        }

        @Override
        protected void onClaimed(int armIndex, Object raw) {
            pendingSend = null;
            sendCommitted(raw);
        }
    }

    /** The future of the transfer; cancelling it cancels the subscription. */
    private final class Result extends CompletableFuture<Void> {

        void settle(@Nullable Throwable failure) {
            if (failure == null) {
                super.complete(null);
            } else {
                super.completeExceptionally(failure);
            }
        }

        /** Stops the transfer from outside; {@code false} if the future was already settled. */
        private boolean stop() {
            int previous = (int) STATE.getAndBitwiseOr(SendAllSubscriber.this, FINISHED);
            if ((previous & FINISHED) != 0) {
                return false;
            }
            Subscription subscription = upstream;
            upstream = null;
            if (subscription != null) {
                subscription.cancel();
            }
            withdrawPendingSend();
            return true;
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            return stop() ? super.cancel(mayInterruptIfRunning) : isCancelled();
        }

        @Override
        public boolean complete(Void value) {
            return stop() && super.complete(value);
        }

        @Override
        public boolean completeExceptionally(Throwable failure) {
            return stop() && super.completeExceptionally(failure);
        }

        @Override
        public <U> CompletableFuture<U> newIncompleteFuture() {
            return new CompletableFuture<>();
        }
    }
}
