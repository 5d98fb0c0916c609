package chanstream.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs blocking channel operations on virtual threads under a JFR recording of
 * {@code jdk.VirtualThreadPinned} with no duration threshold, and expects no event: a channel
 * parks with {@code LockSupport}, never inside {@code synchronized} or native code, so a waiting
 * virtual thread always unmounts. A canary proves that the recording captures pinning
 * when it happens. JDK 17 has neither virtual threads nor the event, so the tests are skipped
 * there.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class VirtualThreadPinningTest {

    private static final String PINNED = "jdk.VirtualThreadPinned";

    private static final int ELEMENTS = 500;

    @TempDir
    Path temporary;

    @BeforeEach
    void requireVirtualThreads() {
        assumeTrue(Runtime.version().feature() >= 21, "virtual threads need JDK 21+");
        assumeTrue(Tasks.usesVirtualThreads(), "virtual threads disabled");
    }

    @Test
    void channelOperationsNeverPinTheCarrier() throws Exception {
        List<RecordedEvent> pinned = recordPinning(() -> {
            for (int capacity : new int[] {0, 1, 16, Integer.MAX_VALUE}) {
                exchange(Channel.buffered(capacity));
            }
            exchange(Channel.<Integer>builder().capacity(1).overflow(Overflow.DROP_OLDEST)
                    .build());
            selects();
            timedOperations();
            asyncOperationsAndHelpers();
        });

        assertThat(pinned).as("pinned events, with stacks: %s", describe(pinned)).isEmpty();
    }

    @Test
    void recordingSeesPinningWhenItHappens() throws Exception {
        List<RecordedEvent> pinned = recordPinning(() -> {
            Thread canary = Tasks.threadFactory().newThread(pinningCanary());
            canary.start();
            canary.join();
        });

        assertThat(pinned).as("the canary's pinned park").isNotEmpty();
    }

    /**
     * Returns a task that parks its virtual thread where the JVM cannot unmount it: inside a class
     * initializer on JDK 24+, inside {@code synchronized} before that.
     */
    private static Runnable pinningCanary() {
        if (Runtime.version().feature() >= 24) {
            return () -> ParksInInitializer.touch();
        }
        Object monitor = new Object();
        return () -> {
            synchronized (monitor) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(30));
            }
        };
    }

    /** Parks for 30 ms while the JVM initializes it. */
    private static final class ParksInInitializer {

        static {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(30));
        }

        static void touch() {
            // Loading and initializing the class is the point.
        }
    }

    @FunctionalInterface
    private interface Workload {
        void run() throws Exception;
    }

    private List<RecordedEvent> recordPinning(Workload workload) throws Exception {
        Path file = Files.createTempFile(temporary, "pinning", ".jfr");
        try (Recording recording = new Recording()) {
            recording.enable(PINNED).withoutThreshold().withStackTrace();
            recording.start();
            workload.run();
            recording.stop();
            recording.dump(file);
        }
        List<RecordedEvent> pinned = new ArrayList<>();
        for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
            if (event.getEventType().getName().equals(PINNED)) {
                pinned.add(event);
            }
        }
        return pinned;
    }

    private static String describe(List<RecordedEvent> events) {
        StringBuilder text = new StringBuilder();
        for (RecordedEvent event : events) {
            text.append('\n').append(event);
        }
        return text.toString();
    }

    /** Two virtual senders and two virtual receivers pass {@link #ELEMENTS} elements. */
    private static void exchange(Channel<Integer> channel) throws InterruptedException {
        ThreadFactory virtual = Tasks.threadFactory();
        WaitGroup senders = new WaitGroup();
        List<Thread> threads = new ArrayList<>();
        for (int s = 0; s < 2; s++) {
            int first = s * ELEMENTS;
            senders.add(1);
            threads.add(virtual.newThread(() -> {
                try {
                    for (int i = first; i < first + ELEMENTS; i++) {
                        channel.send(i);
                    }
                } catch (InterruptedException unexpected) {
                    throw new AssertionError(unexpected);
                } finally {
                    senders.done();
                }
            }));
        }
        for (int r = 0; r < 2; r++) {
            threads.add(virtual.newThread(() -> {
                try {
                    channel.forEach(element -> { });
                } catch (InterruptedException unexpected) {
                    throw new AssertionError(unexpected);
                }
            }));
        }
        threads.add(virtual.newThread(() -> {
            try {
                senders.await();
            } catch (InterruptedException unexpected) {
                throw new AssertionError(unexpected);
            }
            channel.close();
        }));
        startAndJoin(threads);
    }

    /** Virtual threads meet through select on unbuffered channels, both ways. */
    private static void selects() throws InterruptedException {
        Channel<Integer> left = Channel.unbuffered();
        Channel<Integer> right = Channel.unbuffered();
        ThreadFactory virtual = Tasks.threadFactory();
        List<Thread> threads = new ArrayList<>();
        threads.add(virtual.newThread(() -> {
            try {
                for (int i = 0; i < ELEMENTS; i++) {
                    Select.select(left.onSend(i, () -> "left"), right.onSend(i, () -> "right"));
                }
            } catch (InterruptedException unexpected) {
                throw new AssertionError(unexpected);
            }
        }));
        threads.add(virtual.newThread(() -> {
            try {
                for (int i = 0; i < ELEMENTS; i++) {
                    Select.selectBiased(left.onReceive(element -> element),
                            right.onReceive(element -> element));
                }
            } catch (InterruptedException unexpected) {
                throw new AssertionError(unexpected);
            }
        }));
        startAndJoin(threads);
    }

    /** Timed sends and selects with a timeout that expire while parked. */
    private static void timedOperations() throws InterruptedException {
        Channel<Integer> full = Channel.buffered(1);
        full.trySend(0);
        Channel<Integer> empty = Channel.unbuffered();
        Thread waiter = Tasks.threadFactory().newThread(() -> {
            try {
                for (int i = 0; i < 20; i++) {
                    full.send(1, Duration.ofMillis(1));
                    Select.select(empty.onReceive(element -> element),
                            Select.onTimeout(Duration.ofMillis(1), () -> -1));
                }
            } catch (InterruptedException unexpected) {
                throw new AssertionError(unexpected);
            }
        });
        startAndJoin(List.of(waiter));
    }

    /** Futures, or-done views, a context deadline and the timer channels, on virtual threads. */
    private static void asyncOperationsAndHelpers() throws Exception {
        Channel<Integer> channel = Channel.unbuffered();
        CompletableFuture<Integer> received = channel.receiveAsync();
        Thread sender = Tasks.threadFactory().newThread(() -> {
            try {
                channel.send(1);
            } catch (InterruptedException unexpected) {
                throw new AssertionError(unexpected);
            }
        });
        startAndJoin(List.of(sender));
        assertThat(received.get(10, TimeUnit.SECONDS)).isEqualTo(1);

        try (Context context = Context.background().withTimeout(Duration.ofMillis(20))) {
            Channel<Integer> source = Channel.unbuffered();
            ReceiveChannel<Integer> view = Channels.orDone(context.done(), source);
            Thread reader = Tasks.threadFactory().newThread(() -> {
                try {
                    view.receiveOrNull();
                    Channels.after(Duration.ofMillis(1)).receive();
                    ReceiveChannel<?> ticker = Channels.tick(Duration.ofMillis(1));
                    ticker.receive();
                    ticker.cancel();
                } catch (InterruptedException unexpected) {
                    throw new AssertionError(unexpected);
                }
            });
            startAndJoin(List.of(reader));
        }
    }

    private static void startAndJoin(List<Thread> threads) throws InterruptedException {
        for (Thread thread : threads) {
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join(TimeUnit.SECONDS.toMillis(60));
            assertThat(thread.isAlive()).as("%s still running", thread).isFalse();
        }
    }
}
