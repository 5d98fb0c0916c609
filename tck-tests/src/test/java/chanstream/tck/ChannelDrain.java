package chanstream.tck;

import chanstream.core.ReceiveChannel;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A consumer of a channel that receives only as many elements as were requested of it,
 * one receive at a time, with no thread of its own: each receive is a
 * {@code receiveAsync} whose completion starts the next one.
 *
 * <p>The subscriber behind {@code toChannel} requests from its publisher only as
 * receivers take elements (and, at capacity 0, only while a receiver waits), so the
 * subscriber verifications need a consumer. The elements are dropped: the verifications
 * record what the subscriber received at its own boundary.
 *
 * <p>The drain stops for good once a receive fails, that is once the channel is closed
 * and drained, or cancelled.
 */
final class ChannelDrain {

    private final ReceiveChannel<?> channel;
    private final AtomicLong demand = new AtomicLong();
    private final AtomicInteger wip = new AtomicInteger();
    private volatile boolean receiving;
    private volatile boolean stopped;

    ChannelDrain(ReceiveChannel<?> channel) {
        this.channel = channel;
    }

    /**
     * Adds {@code n} receives to the demand. {@link Long#MAX_VALUE} means without bound.
     *
     * @throws IllegalArgumentException if {@code n} is not positive
     */
    void request(long n) {
        if (n <= 0) {
            throw new IllegalArgumentException("n must be > 0, was " + n);
        }
        demand.getAndUpdate(current -> current + n < 0 ? Long.MAX_VALUE : current + n);
        drain();
    }

    /**
     * Starts receives while there is demand and none is in flight. A receive that
     * completes at once calls back into this method, which then only counts a missed
     * pass, so the loop does not recurse.
     */
    private void drain() {
        if (wip.getAndIncrement() != 0) {
            return;
        }
        int missed = 1;
        for (;;) {
            while (!receiving && !stopped && takeOneDemand()) {
                receiving = true;
                channel.receiveAsync().whenComplete(this::onReceived);
            }
            missed = wip.addAndGet(-missed);
            if (missed == 0) {
                return;
            }
        }
    }

    private boolean takeOneDemand() {
        for (;;) {
            long current = demand.get();
            if (current == 0) {
                return false;
            }
            if (current == Long.MAX_VALUE || demand.compareAndSet(current, current - 1)) {
                return true;
            }
        }
    }

    private void onReceived(Object element, Throwable failure) {
        if (failure != null) {
            stopped = true;
        }
        receiving = false;
        drain();
    }
}
