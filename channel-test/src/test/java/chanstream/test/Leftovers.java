package chanstream.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import chanstream.core.BlockedOperation;
import chanstream.core.ChannelDiagnostics;
import chanstream.core.ReceiveChannel;
import chanstream.core.SendChannel;
import chanstream.core.Tasks;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * What the deliberately leaking test classes leave behind, and the means to end it: each test of
 * the extension runs such a class, then calls {@link #release()} so that no leak outlives it.
 */
final class Leftovers {

    static final Duration WAIT = Duration.ofSeconds(10);

    private static final Queue<ReceiveChannel<?>> CHANNELS = new ConcurrentLinkedQueue<>();
    private static final Queue<CountDownLatch> LATCHES = new ConcurrentLinkedQueue<>();
    private static final Queue<Thread> THREADS = new ConcurrentLinkedQueue<>();

    private Leftovers() {
    }

    /**
     * Starts a task that receives from {@code channel} until it is closed, and returns once the
     * task is parked in the receive.
     */
    static Thread blockedReceiverTask(String name, ReceiveChannel<?> channel) {
        CHANNELS.add(channel);
        Thread task = Tasks.start(name, () -> receiveQuietly(channel));
        THREADS.add(task);
        awaitBlocked(task);
        return task;
    }

    /**
     * Starts a platform thread, not a task, that sends on {@code channel} until it is cancelled,
     * and returns once the thread is parked in the send.
     */
    static Thread blockedSenderThread(String name, SendChannel<String> channel,
            ReceiveChannel<?> receiveSide) {
        CHANNELS.add(receiveSide);
        Thread thread = new Thread(() -> sendQuietly(channel), name);
        thread.setDaemon(true);
        THREADS.add(thread);
        thread.start();
        awaitBlocked(thread);
        return thread;
    }

    /** Starts a task that waits on a latch, not on a channel, until {@link #release()}. */
    static Thread taskWaitingOnLatch(String name) {
        CountDownLatch latch = new CountDownLatch(1);
        LATCHES.add(latch);
        Thread task = Tasks.start(name, () -> awaitQuietly(latch));
        THREADS.add(task);
        return task;
    }

    /**
     * Starts a platform thread that cancels {@code channel} once {@code checker} is waiting
     * inside a leak check, which it does only after the check found a leak. A check that then
     * passes has therefore waited for the leak to go away.
     */
    static Thread cancelWhileChecking(Thread checker, ReceiveChannel<?> channel) {
        Thread releaser = new Thread(() -> {
            awaitCondition(() -> isWaitingInLeakCheck(checker), checker + " waiting in a check");
            channel.cancel();
        }, "leftovers-releaser");
        releaser.setDaemon(true);
        THREADS.add(releaser);
        releaser.start();
        return releaser;
    }

    /** Cancels the channels and opens the latches, then waits for every thread to end. */
    static void release() throws InterruptedException {
        ReceiveChannel<?> channel;
        while ((channel = CHANNELS.poll()) != null) {
            channel.cancel();
        }
        CountDownLatch latch;
        while ((latch = LATCHES.poll()) != null) {
            latch.countDown();
        }
        Thread thread;
        while ((thread = THREADS.poll()) != null) {
            thread.join(WAIT.toMillis());
            assertThat(thread.isAlive()).as("%s ended after release", thread).isFalse();
        }
    }

    /** Waits until {@code thread} is parked in a channel operation. */
    static void awaitBlocked(Thread thread) {
        awaitCondition(() -> isBlocked(thread), thread + " blocked on a channel");
    }

    /** Polls {@code condition} until it holds, failing after {@link #WAIT}. */
    static void awaitCondition(BooleanSupplier condition, String description) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0L) {
                fail("timed out after %s waiting for %s", WAIT, description);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }

    private static boolean isWaitingInLeakCheck(Thread thread) {
        if (thread.getState() != Thread.State.TIMED_WAITING) {
            return false;
        }
        for (StackTraceElement frame : thread.getStackTrace()) {
            if (frame.getClassName().startsWith(ChannelLeaks.class.getName())) {
                return true;
            }
        }
        return false;
    }

    private static boolean isBlocked(Thread thread) {
        for (BlockedOperation operation : ChannelDiagnostics.blockedOperations()) {
            if (operation.thread() == thread) {
                return true;
            }
        }
        return false;
    }

    private static void receiveQuietly(ReceiveChannel<?> channel) {
        try {
            channel.receiveOrNull();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sendQuietly(SendChannel<String> channel) {
        try {
            channel.send("never received");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (chanstream.core.ChannelClosedException cancelled) {
            // release() cancelled the channel: the thread ends.
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
