package chanstream.core.scale;

import static org.assertj.core.api.Assertions.assertThat;

import chanstream.core.Channel;
import chanstream.core.ChannelDiagnostics;
import chanstream.core.Select;
import chanstream.core.Tasks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openjdk.jol.info.GraphLayout;

/**
 * Waiters that give up must leave nothing behind. Three kinds give up here. Senders parked on
 * a full channel, receivers parked on an empty unbuffered one, and selects over both are
 * interrupted. Async sends and receives are cancelled. Selects time out.
 *
 * <p>Afterwards the channels retain what fresh channels in the same state retain (measured with
 * JOL), the heap after GC has not grown with the number of waiters, no withdrawn element was
 * delivered, and the channels still work.
 *
 * <p>Thread-based waiters run in batches: a batch of threads parks, is interrupted and joined,
 * so the wait queues hold up to one batch of nodes at a time.
 */
class CancelledWaitersScaleTest {

    private static final int BATCH = 1_000;

    /**
     * How many bytes a used channel may retain beyond a fresh one. Its lock keeps a queue head
     * node after the first contended acquire: 32 bytes measured on JDK 17 and 25.
     */
    private static final long RETAINED_SLACK_BYTES = 256;

    /** How much the heap after GC may grow over a run, whatever the number of waiters. */
    private static final long HEAP_GROWTH_LIMIT_BYTES = 32L * 1024 * 1024;

    static {
        // JOL's sizes do not need the Serviceability Agent, and attaching it starts a second JVM:
        // on a loaded 2-core machine JOL's first call took 10 s with that attach, 2 s without.
        if (System.getProperty("jol.skipHotspotSAAttach") == null) {
            System.setProperty("jol.skipHotspotSAAttach", "true");
        }
    }

    @Test
    @Timeout(120)
    void tenThousandWithdrawnWaitersLeaveNothing() throws InterruptedException {
        withdrawWaiters(3_000, 10_000, 1_000);
    }

    @Test
    @Tag("stress")
    @Timeout(1_800)
    void millionWithdrawnWaitersLeaveNothing() throws InterruptedException {
        // A million platform threads, started a batch at a time, would take minutes on JDK 17.
        int interrupted = Tasks.usesVirtualThreads() ? 1_000_002 : 30_000;

        withdrawWaiters(interrupted, 1_000_000, 100_000);
    }

    /**
     * Runs the three kinds of withdrawal.
     *
     * @param interrupted thread-based waiters to interrupt, a third each sending, receiving and
     *     selecting
     * @param cancelled async operations to cancel, half sends and half receives
     * @param timedOut selects that time out
     */
    private static void withdrawWaiters(int interrupted, int cancelled, int timedOut)
            throws InterruptedException {
        Channel<String> full = Channel.<String>builder().capacity(1).name("scale.full").build();
        Channel<String> empty = Channel.<String>builder().name("scale.empty").build();
        full.send("x");
        long freshFull = retainedBytes(full);
        long freshEmpty = retainedBytes(empty);
        long heapBefore = Scale.usedHeapAfterGc();

        long start = System.nanoTime();
        interruptWaiters(full, empty, interrupted);
        long interruptMillis = Scale.millisSince(start);

        start = System.nanoTime();
        cancelFutures(full, empty, cancelled);
        long cancelMillis = Scale.millisSince(start);

        start = System.nanoTime();
        timeOutSelects(full, empty, timedOut);
        long timeoutMillis = Scale.millisSince(start);

        long heapGrowth = Scale.usedHeapAfterGc() - heapBefore;
        long usedFull = retainedBytes(full);
        long usedEmpty = retainedBytes(empty);

        assertThat(usedFull).as("bytes retained by the full channel, fresh %s", freshFull)
                .isLessThanOrEqualTo(freshFull + RETAINED_SLACK_BYTES);
        assertThat(usedEmpty).as("bytes retained by the empty channel, fresh %s", freshEmpty)
                .isLessThanOrEqualTo(freshEmpty + RETAINED_SLACK_BYTES);
        assertThat(heapGrowth).as("heap growth after GC").isLessThan(HEAP_GROWTH_LIMIT_BYTES);
        assertStillUsable(full, empty);

        Scale.report("%,d waiters on %s interrupted (senders on a full channel, receivers on an "
                + "empty unbuffered one, selects over both; batches of %,d) in %,d ms; %,d async "
                + "sends and receives cancelled in %,d ms; %,d selects timed out in %,d ms",
                interrupted, Scale.threadKind(Tasks.usesVirtualThreads()), BATCH,
                interruptMillis, cancelled, cancelMillis, timedOut, timeoutMillis);
        Scale.report("retained by the full channel: %,d bytes fresh, %,d after; by the empty "
                + "channel: %,d fresh, %,d after; heap after GC grew by %s",
                freshFull, usedFull, freshEmpty, usedEmpty, Scale.megabytes(heapGrowth));
    }

    private static void interruptWaiters(Channel<String> full, Channel<String> empty, int count)
            throws InterruptedException {
        AtomicInteger interruptedCount = new AtomicInteger();
        AtomicInteger completedCount = new AtomicInteger();
        for (int first = 0; first < count; first += BATCH) {
            int size = Math.min(BATCH, count - first);
            List<Thread> batch = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                Waiter kind = Waiter.values()[(first + i) % 3];
                batch.add(Tasks.start("scale-" + kind, () -> {
                    try {
                        kind.await(full, empty);
                        completedCount.incrementAndGet();
                    } catch (InterruptedException expected) {
                        interruptedCount.incrementAndGet();
                    }
                }));
            }
            int round = first / BATCH;
            Scale.awaitCondition(Duration.ofSeconds(60),
                    () -> "batch " + round + " to park; " + ChannelDiagnostics.blockedCount()
                            + " operations blocked",
                    () -> ChannelDiagnostics.blockedCount() >= size && Scale.allParked(batch));
            for (Thread thread : batch) {
                thread.interrupt();
            }
            for (Thread thread : batch) {
                thread.join(TimeUnit.SECONDS.toMillis(60));
                assertThat(thread.isAlive()).as("%s alive in batch %s", thread, round).isFalse();
            }
        }
        assertThat(completedCount).as("waiters that completed instead of withdrawing").hasValue(0);
        assertThat(interruptedCount).as("waiters that threw InterruptedException")
                .hasValue(count);
    }

    /** The three thread-based waiters. */
    private enum Waiter {
        SENDER {
            @Override
            void await(Channel<String> full, Channel<String> empty) throws InterruptedException {
                full.send("y");
            }
        },
        RECEIVER {
            @Override
            void await(Channel<String> full, Channel<String> empty) throws InterruptedException {
                empty.receive();
            }
        },
        SELECTOR {
            @Override
            void await(Channel<String> full, Channel<String> empty) throws InterruptedException {
                Select.select(empty.onReceive(element -> element), full.onSend("y", () -> "y"));
            }
        };

        abstract void await(Channel<String> full, Channel<String> empty)
                throws InterruptedException;
    }

    private static void cancelFutures(Channel<String> full, Channel<String> empty, int count) {
        List<CompletableFuture<?>> batch = new ArrayList<>(BATCH);
        int notWithdrawn = 0;
        for (int first = 0; first < count; first += BATCH) {
            int size = Math.min(BATCH, count - first);
            for (int i = 0; i < size; i++) {
                batch.add((first + i) % 2 == 0 ? full.sendAsync("y") : empty.receiveAsync());
            }
            for (CompletableFuture<?> future : batch) {
                if (!future.cancel(false) || !future.isCancelled()) {
                    notWithdrawn++;
                }
            }
            batch.clear();
        }
        assertThat(notWithdrawn).as("futures whose cancel did not withdraw the operation")
                .isZero();
    }

    private static void timeOutSelects(Channel<String> full, Channel<String> empty, int count)
            throws InterruptedException {
        Duration timeout = Duration.ofNanos(50_000);
        for (int i = 0; i < count; i++) {
            String outcome = Select.select(
                    empty.onReceive(element -> "received " + element),
                    full.onSend("y", () -> "sent y"),
                    Select.onTimeout(timeout, () -> "timed out"));
            assertThat(outcome).as("select %s", i).isEqualTo("timed out");
        }
    }

    private static void assertStillUsable(Channel<String> full, Channel<String> empty)
            throws InterruptedException {
        assertThat(full.size()).as("size of the full channel").isEqualTo(1);
        assertThat(full.receive()).as("the element buffered before the run").isEqualTo("x");
        assertThat(full.tryReceive()).as("an element withdrawn senders left behind").isNull();
        assertThat(full.trySend("z")).as("send into the drained channel").isTrue();
        assertThat(full.receive()).isEqualTo("z");

        CompletableFuture<Void> sent = empty.sendAsync("pair");
        assertThat(empty.receive()).as("receive paired with a new send").isEqualTo("pair");
        assertThat(sent).isCompleted();
        assertThat(empty.tryReceive()).as("an element left in the unbuffered channel").isNull();
    }

    private static long retainedBytes(Object channel) {
        return GraphLayout.parseInstance(channel).totalSize();
    }
}
