package chanstream.core.patterns;

import static org.assertj.core.api.Assertions.assertThat;

import chanstream.core.Channels;
import chanstream.core.Context;
import chanstream.core.ReceiveChannel;
import chanstream.core.Select;
import chanstream.core.internal.SharedTimer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link Channels#after} and {@link Channels#tick}: one shared timer thread, a value kept for a
 * late receiver, ticks dropped for a slow receiver, and a ticker that stops when cancelled.
 */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
@ExtendWith(NoTaskLeftRunning.class)
class TimerChannelsTest {

    private static long timerThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().equals(SharedTimer.THREAD_NAME))
                .count();
    }

    /** Waits until {@code count} is at most {@code expected}; returns the last value. */
    private static int awaitAtMost(IntSupplier count, int expected) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        int value;
        while ((value = count.getAsInt()) > expected && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
        return value;
    }

    @Test
    void afterDeliversOneValueThenCloses() throws Exception {
        Instant before = Instant.now();
        ReceiveChannel<Instant> timer = Channels.after(Duration.ofMillis(5));

        Instant fired = timer.receive();

        assertThat(fired).isAfterOrEqualTo(before);
        assertThat(timer.receiveOrNull()).as("after the value").isNull();
        assertThat(timer.isClosedForReceive()).isTrue();
    }

    @Test
    void afterKeepsItsValueForALateReceiver() throws Exception {
        ReceiveChannel<Instant> timer = Channels.after(Duration.ZERO);
        assertThat(awaitAtMost(() -> timer.size() == 1 ? 0 : 1, 0)).as("fired").isZero();

        assertThat(timer.tryReceive()).isNotNull();
        assertThat(timer.receiveOrNull()).isNull();
    }

    @Test
    void manyTimersShareOneThread() throws Exception {
        List<ReceiveChannel<Instant>> timers = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            timers.add(Channels.after(Duration.ofMillis(1 + i % 20)));
        }
        List<ReceiveChannel<Instant>> tickers = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            tickers.add(Channels.tick(Duration.ofMillis(2)));
        }

        assertThat(timerThreads()).as("threads named %s", SharedTimer.THREAD_NAME).isEqualTo(1);
        for (ReceiveChannel<Instant> timer : timers) {
            assertThat(timer.receive()).isNotNull();
        }
        for (ReceiveChannel<Instant> ticker : tickers) {
            assertThat(ticker.receive()).isNotNull();
            ticker.cancel();
        }
        assertThat(timerThreads()).as("threads named %s", SharedTimer.THREAD_NAME).isEqualTo(1);
    }

    @Test
    void fastTickerDoesNotStarveTimers() throws Exception {
        // A 1 ns ticker is always late; its runs must not keep the due timers from firing.
        ReceiveChannel<Instant> ticker = Channels.tick(Duration.ofNanos(1));
        try (Context context = Context.background().withTimeout(Duration.ofMillis(50))) {
            ReceiveChannel<Instant> after = Channels.after(Duration.ofMillis(10));

            // Bounded by the class's timeout; before the fix neither fired within 20 s.
            assertThat(after.receive()).as("after(10 ms)").isNotNull();
            assertThat(context.done().receiveOrNull()).as("the 50 ms deadline").isNull();
            assertThat(context.isDone()).isTrue();
            assertThat(ticker.receive()).as("a tick").isNotNull();
        } finally {
            ticker.cancel();
        }
    }

    @Test
    void tickDropsTicksForASlowReceiver() throws Exception {
        ReceiveChannel<Instant> ticker = Channels.tick(Duration.ofMillis(1));
        try {
            Instant first = ticker.receive();
            long pauseEnd = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
            while (System.nanoTime() < pauseEnd) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
            }

            assertThat(ticker.size()).as("ticks queued during a 50 ms pause")
                    .isLessThanOrEqualTo(1);
            assertThat(ticker.capacity()).isEqualTo(1);
            assertThat(ticker.receive()).isAfter(first);
        } finally {
            ticker.cancel();
        }
    }

    @Test
    void cancellingATickerStopsIt() throws Exception {
        int pendingBefore = SharedTimer.pendingCount();
        List<ReceiveChannel<Instant>> tickers = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            tickers.add(Channels.tick(Duration.ofMillis(1)));
        }
        assertThat(SharedTimer.pendingCount()).as("pending with 20 tickers")
                .isGreaterThanOrEqualTo(pendingBefore + 20);
        for (ReceiveChannel<Instant> ticker : tickers) {
            ticker.receive();
        }

        for (ReceiveChannel<Instant> ticker : tickers) {
            ticker.cancel();
        }

        assertThat(awaitAtMost(SharedTimer::pendingCount, pendingBefore))
                .as("pending timers after cancel").isLessThanOrEqualTo(pendingBefore);
        for (ReceiveChannel<Instant> ticker : tickers) {
            assertThat(ticker.receiveOrNull()).as("cancelled ticker").isNull();
        }
    }

    @Test
    void cancellingAnAfterTimerRemovesIt() {
        int pendingBefore = SharedTimer.pendingCount();
        ReceiveChannel<Instant> timer = Channels.after(Duration.ofHours(1));
        assertThat(SharedTimer.pendingCount()).isGreaterThanOrEqualTo(pendingBefore + 1);

        timer.cancel();

        assertThat(awaitAtMost(SharedTimer::pendingCount, pendingBefore))
                .isLessThanOrEqualTo(pendingBefore);
    }

    @Test
    void timerChannelsWorkInSelect() throws Exception {
        ReceiveChannel<Instant> never = Channels.after(Duration.ofHours(1));
        ReceiveChannel<Instant> soon = Channels.after(Duration.ofMillis(5));
        try {
            String chosen = Select.select(never.onReceive(at -> "never"),
                    soon.onReceive(at -> "soon"));
            assertThat(chosen).isEqualTo("soon");
        } finally {
            never.cancel();
        }
    }
}
