package chanstream.core.internal;

import chanstream.core.ChannelClosedException;
import chanstream.core.Overflow;
import chanstream.core.ReceiveChannel;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import org.jspecify.annotations.Nullable;

/**
 * Go's {@code time.After} and {@code time.Tick} on the {@link SharedTimer}. Each returns a
 * channel of capacity 1; cancelling the channel removes its timer from the queue.
 */
public final class Timers {

    private Timers() {
    }

    /** Returns a channel that receives the time once after {@code delayNanos}, then closes. */
    public static ReceiveChannel<Instant> after(long delayNanos, String name) {
        ChannelImpl<Instant> channel = new ChannelImpl<>(1, Overflow.BLOCK, null, name);
        TimerLink link = new TimerLink();
        channel.linkUpstream(link, 1);
        ScheduledFuture<?> timer = SharedTimer.schedule(() -> {
            try {
                channel.trySend(Instant.now());
            } catch (ChannelClosedException cancelled) {
                return;
            }
            channel.close();
        }, delayNanos);
        link.start(() -> timer.cancel(false));
        return channel;
    }

    /**
     * Returns a channel that receives the time every {@code periodNanos}, the first time after one
     * period. A tick that finds the previous one still unreceived is dropped, and a tick the timer
     * thread runs late skips the ticks already past.
     */
    public static ReceiveChannel<Instant> tick(long periodNanos, String name) {
        ChannelImpl<Instant> channel = new ChannelImpl<>(1, Overflow.BLOCK, null, name);
        TimerLink link = new TimerLink();
        channel.linkUpstream(link, 1);
        SharedTimer.Repeating timer = SharedTimer.scheduleRepeating(() -> {
            try {
                channel.trySend(Instant.now());
            } catch (ChannelClosedException cancelled) {
                link.stop();
            }
        }, periodNanos);
        link.start(timer::cancel);
        return channel;
    }

    /** Stops the timer when its channel is cancelled. */
    private static final class TimerLink extends UpstreamLink {

        /** Cancels the timer. */
        private volatile @Nullable Runnable canceller;
        private volatile boolean stopped;

        void start(Runnable cancel) {
            canceller = cancel;
            if (stopped) {
                cancel.run();
            }
        }

        void stop() {
            stopped = true;
            Runnable cancel = canceller;
            if (cancel != null) {
                cancel.run();
            }
        }

        @Override
        void onTakenLocked(ChannelImpl<?> channel) {
        }

        @Override
        void onReceiverQueuedLocked(ChannelImpl<?> channel) {
        }

        @Override
        void onCancelLocked(ChannelImpl<?> channel) {
            channel.defer(this::stop);
        }
    }
}
