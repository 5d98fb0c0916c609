package chanstream.core.internal;

import chanstream.core.ChannelHooks;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.reactivestreams.Subscription;

/**
 * A subscription that passes {@code request} and {@code cancel} to an upstream subscription
 * serially, as Reactive Streams rule 2.7 requires of a subscriber, from any number of threads and
 * without blocking.
 *
 * <p>Each call records its signal, and the thread that finds no drain running becomes the drain:
 * it performs the recorded signals on the upstream subscription, one at a time, until none is
 * left. A call made while another thread drains, or re-entrantly from inside an upstream call,
 * returns at once, and the draining thread performs its signal. Requested amounts add up,
 * saturating at {@link Long#MAX_VALUE}. Once cancelled, pending and later requests are dropped,
 * the upstream {@code cancel} is called once, and {@code request} is never called again.
 *
 * <p>A signal can therefore reach upstream after the call that recorded it has returned, but
 * before the draining thread's own call returns.
 */
final class SerialSubscription implements Subscription {

    private final Subscription upstream;
    private final AtomicLong pendingRequests = new AtomicLong();
    private final AtomicBoolean cancelRequested = new AtomicBoolean();
    private final AtomicInteger workInProgress = new AtomicInteger();

    // Read and written only by the draining thread. The workInProgress updates order one drain
    // before the next, so the next draining thread reads the last value written.
    private boolean cancelled;

    SerialSubscription(Subscription upstream) {
        this.upstream = upstream;
    }

    /** Requests {@code n} more elements, where {@code n} must be positive. */
    @Override
    public void request(long n) {
        pendingRequests.getAndUpdate(current -> saturatingAdd(current, n));
        drain();
    }

    @Override
    public void cancel() {
        cancelRequested.set(true);
        drain();
    }

    private static long saturatingAdd(long current, long n) {
        long sum = current + n;
        return sum < 0L ? Long.MAX_VALUE : sum;
    }

    private void drain() {
        if (workInProgress.getAndIncrement() != 0) {
            return;
        }
        int missed = 1;
        do {
            drainOnce();
            missed = workInProgress.addAndGet(-missed);
        } while (missed != 0);
    }

    /** Performs the signals recorded so far. Only the draining thread calls it. */
    private void drainOnce() {
        if (cancelled) {
            pendingRequests.set(0L);
            return;
        }
        if (cancelRequested.get()) {
            cancelled = true;
            pendingRequests.set(0L);
            try {
                upstream.cancel();
            } catch (Throwable failure) {
                // Rule 3.15 requires cancel to return normally, and no caller can receive
                // this failure.
                ChannelHooks.onUndeliverableError(failure);
            }
            return;
        }
        long amount = pendingRequests.getAndSet(0L);
        if (amount > 0L) {
            try {
                upstream.request(amount);
            } catch (Throwable failure) {
                // Rule 3.16 requires request to return normally, and no caller can receive
                // this failure.
                ChannelHooks.onUndeliverableError(failure);
            }
        }
    }
}
