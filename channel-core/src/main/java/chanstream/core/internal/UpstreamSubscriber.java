package chanstream.core.internal;

import chanstream.core.ChannelHooks;
import chanstream.core.ChannelSubscriber;
import chanstream.core.Overflow;
import chanstream.core.ReceiveChannel;
import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscription;

/**
 * The subscriber behind {@code toChannel(publisher, capacity)}: feeds a channel from a
 * publisher, with backpressure that is the buffer capacity.
 *
 * <h2>Demand</h2>
 * The invariant, kept under the channel lock, is
 * {@code outstanding + buffered <= max(capacity, 1)}, where {@code outstanding} is demand
 * requested from upstream and not yet answered by {@code onNext}:
 * <ul>
 *   <li>capacity {@code n >= 1}: request {@code n} up front; each element that reaches a receiver
 *       (from the buffer or handed straight to a waiting receiver) frees one unit, and freed units
 *       are requested again in batches of {@link #limit} (three quarters of {@code n}, as
 *       Reactor's prefetch does);
 *   <li>capacity 0: request one element only when a receiver starts waiting (a blocking receive,
 *       a select, an async receive or a subscriber) while nothing is outstanding or buffered. The
 *       internal buffer holds that one element if its receiver gave up before it arrived;
 *   <li>unlimited: request {@link Long#MAX_VALUE} once.
 * </ul>
 * Requests and cancellation reach upstream as deferred effects, after the channel lock is
 * released, through a {@link SerialSubscription}. It makes the calls serial (rule 2.7), never
 * requests after cancelling, and cancels at most once, whichever threads release the lock.
 *
 * <h2>Signals</h2>
 * {@code onComplete} closes the channel and {@code onError} closes it with the cause; receivers
 * still drain the buffer first. {@code cancel()} on the channel cancels the upstream
 * subscription. An element or error that arrives after the channel was cancelled goes to the
 * undelivered handler or to {@link ChannelHooks#onUndeliverableError}, never into the caller.
 *
 * @param <T> the element type
 */
public final class UpstreamSubscriber<T> extends UpstreamLink implements ChannelSubscriber<T> {

    private final ChannelImpl<T> channel;
    private final ReceiveOnlyChannel<T> view;
    private final int capacity;
    private final int limit;

    // Guarded by the channel lock.
    private @Nullable SerialSubscription upstream;
    private boolean subscribed;
    private long outstanding;
    private long freed;
    private boolean cancelledBeforeSubscribe;
    private boolean terminated;

    private UpstreamSubscriber(int capacity, @Nullable Consumer<? super T> onUndelivered,
            String name) {
        this.capacity = capacity;
        this.limit = capacity <= 1 ? 1 : capacity - (capacity >> 2);
        this.channel = new ChannelImpl<>(Math.max(capacity, 1), Overflow.BLOCK, onUndelivered,
                name);
        this.channel.linkUpstream(this, capacity);
        this.view = new ReceiveOnlyChannel<>(channel);
    }

    /** Subscribes to {@code source} at once and returns the channel it feeds. */
    public static <T> ReceiveChannel<T> subscribe(Publisher<? extends T> source, int capacity,
            @Nullable Consumer<? super T> onUndelivered) {
        Objects.requireNonNull(source, "source is null");
        Checks.capacity(capacity);
        UpstreamSubscriber<T> subscriber =
                new UpstreamSubscriber<>(capacity, onUndelivered, "toChannel(" + source + ")");
        source.subscribe(subscriber);
        return subscriber.view;
    }

    /** Creates a subscriber, not yet subscribed, that feeds a channel of {@code capacity}. */
    public static <T> ChannelSubscriber<T> create(int capacity,
            @Nullable Consumer<? super T> onUndelivered, String name) {
        Checks.capacity(capacity);
        return new UpstreamSubscriber<>(capacity, onUndelivered, name);
    }

    @Override
    public ReceiveChannel<T> channel() {
        return view;
    }

    private boolean unlimited() {
        return capacity == Integer.MAX_VALUE;
    }

    @Override
    public void onSubscribe(Subscription subscription) {
        // Rule 2.13: a null argument must raise NullPointerException.
        Objects.requireNonNull(subscription, "subscription is null (Reactive Streams rule 2.13)");
        long initial = 0L;
        boolean cancelNow;
        SerialSubscription serial = new SerialSubscription(subscription);
        channel.lock();
        try {
            // Rule 2.5: cancel a second subscription; a cancelled channel wants none.
            cancelNow = subscribed || cancelledBeforeSubscribe || channel.isCancelled();
            if (!cancelNow) {
                subscribed = true;
                upstream = serial;
                if (unlimited()) {
                    initial = Long.MAX_VALUE;
                } else if (capacity > 0) {
                    initial = capacity;
                } else if (channel.receiversWaitingLocked() && channel.size() == 0) {
                    initial = 1L;
                }
                outstanding = initial;
            }
        } finally {
            channel.unlockRaw();
        }
        if (cancelNow) {
            subscription.cancel();
            return;
        }
        if (initial > 0L) {
            serial.request(initial);
        }
    }

    @Override
    public void onNext(T element) {
        // Rule 2.13: a null element must raise NullPointerException.
        Objects.requireNonNull(element, "element is null (Reactive Streams rule 2.13)");
        channel.lock();
        if (channel.isClosedForSend()) {
            boolean afterTerminal = terminated;
            channel.unlockRaw();
            channel.discard(element);
            if (afterTerminal) {
                ChannelHooks.onUndeliverableError(new IllegalStateException(
                        "Reactive Streams rule 1.7: onNext after onComplete or onError on "
                                + this));
            }
            return;
        }
        if (!unlimited() && outstanding <= 0L) {
            // Rule 1.1: the publisher signalled more than was requested.
            SerialSubscription violating = upstream;
            upstream = null;
            channel.unlockRaw();
            if (violating != null) {
                violating.cancel();
            }
            channel.discard(element);
            channel.close(new IllegalStateException("Reactive Streams rule 1.1: " + this
                    + " received onNext without outstanding demand; the publisher does not "
                    + "honour backpressure"));
            return;
        }
        if (!unlimited()) {
            outstanding--;
        }
        int bufferedBefore = channel.size();
        Object outcome = channel.trySendLocked(element);
        if (outcome == Arm.SENT && channel.size() == bufferedBefore) {
            // Handed straight to a waiting receiver: the element is delivered.
            onDeliveredLocked();
            if (capacity == 0) {
                // Other receivers may still be waiting; each wait asks for one element.
                onReceiverQueuedLocked(channel);
            }
        }
        channel.unlock();
    }

    @Override
    public void onError(Throwable failure) {
        // Rule 2.13: a null throwable must raise NullPointerException.
        Objects.requireNonNull(failure, "failure is null (Reactive Streams rule 2.13)");
        markTerminated();
        if (!channel.closeWith(failure)) {
            // The channel was cancelled or had already ended: the error has nowhere to go.
            ChannelHooks.onUndeliverableError(failure);
        }
    }

    @Override
    public void onComplete() {
        markTerminated();
        channel.closeWith(null);
    }

    private void markTerminated() {
        channel.lock();
        terminated = true;
        channel.unlockRaw();
    }

    @Override
    void onTakenLocked(ChannelImpl<?> unused) {
        if (capacity > 0) {
            onDeliveredLocked();
        }
    }

    private void onDeliveredLocked() {
        if (unlimited() || capacity == 0) {
            return;
        }
        if (++freed >= limit) {
            long amount = freed;
            freed = 0;
            outstanding += amount;
            requestLocked(amount);
        }
    }

    @Override
    void onReceiverQueuedLocked(ChannelImpl<?> unused) {
        if (capacity == 0 && subscribed && outstanding == 0 && channel.size() == 0
                && channel.receiversWaitingLocked() && !channel.isClosedForSend()) {
            outstanding = 1;
            requestLocked(1L);
        }
    }

    private void requestLocked(long amount) {
        SerialSubscription subscription = upstream;
        if (subscription != null) {
            channel.defer(() -> subscription.request(amount));
        }
    }

    @Override
    void onCancelLocked(ChannelImpl<?> unused) {
        SerialSubscription subscription = upstream;
        upstream = null;
        if (subscription != null) {
            channel.defer(subscription::cancel);
        } else {
            cancelledBeforeSubscribe = true;
        }
    }

    @Override
    public String toString() {
        return channel.toString();
    }
}
