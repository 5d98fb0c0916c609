package chanstream.core.scale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import chanstream.core.Channel;
import chanstream.core.ChannelDiagnostics;
import chanstream.core.Select;
import chanstream.core.Tasks;
import chanstream.core.WaitGroup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Many tasks blocked on channels at once, then released: every one completes, and none is
 * left parked. A third of the tasks receive on an unbuffered channel, a third send on another,
 * and a third select over both. The test thread releases them with one select per task. That
 * select offers a send and a receive, so it pairs with exactly one blocked operation.
 */
class BlockedTasksScaleTest {

    @Test
    @Timeout(60)
    void thousandBlockedTasksAllComplete() throws InterruptedException {
        blockThenRelease(1_000, Duration.ofSeconds(30));
    }

    @Test
    @Tag("stress")
    @Timeout(600)
    void hundredThousandBlockedVirtualThreadsAllComplete() throws InterruptedException {
        assumeThat(Tasks.usesVirtualThreads())
                .as("100,000 blocked tasks need virtual threads (JDK 21+)").isTrue();

        blockThenRelease(100_000, Duration.ofMinutes(5));
    }

    private static void blockThenRelease(int tasks, Duration limit) throws InterruptedException {
        Channel<Integer> in = Channel.<Integer>builder().name("scale.in").build();
        Channel<Integer> out = Channel.<Integer>builder().name("scale.out").build();
        AtomicInteger received = new AtomicInteger();
        AtomicInteger sent = new AtomicInteger();
        Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
        WaitGroup group = new WaitGroup();
        List<Thread> threads = new ArrayList<>(tasks);
        // Zero unless an earlier test in this JVM left operations blocked.
        int blockedBefore = ChannelDiagnostics.blockedCount();
        long heapBefore = Scale.usedHeapAfterGc();

        long start = System.nanoTime();
        for (int i = 0; i < tasks; i++) {
            int value = i;
            Body body;
            switch (i % 3) {
                case 0:
                    body = () -> {
                        in.receive();
                        received.incrementAndGet();
                    };
                    break;
                case 1:
                    body = () -> {
                        out.send(value);
                        sent.incrementAndGet();
                    };
                    break;
                default:
                    body = () -> Select.select(
                            in.onReceive(element -> received.incrementAndGet()),
                            out.onSend(value, sent::incrementAndGet));
                    break;
            }
            threads.add(group.go(recording(body, failures)));
        }
        Scale.awaitCondition(limit,
                () -> ChannelDiagnostics.blockedCount() + " of " + tasks + " tasks blocked",
                () -> ChannelDiagnostics.blockedCount() >= tasks && Scale.allParked(threads));
        long blockedMillis = Scale.millisSince(start);
        long heapBlocked = Scale.usedHeapAfterGc() - heapBefore;

        long release = System.nanoTime();
        int sentByTest = 0;
        Set<Integer> receivedByTest = new HashSet<>();
        for (int k = 0; k < tasks; k++) {
            boolean wasSend = Select.select(
                    in.onSend(-1 - k, () -> true),
                    out.onReceive(element -> {
                        receivedByTest.add(element);
                        return false;
                    }));
            if (wasSend) {
                sentByTest++;
            }
        }
        boolean completed = group.await(limit);
        long releaseMillis = Scale.millisSince(release);

        assertThat(completed).as("all %s tasks completed; %s still counted", tasks, group.count())
                .isTrue();
        assertThat(failures).as("failures in tasks").isEmpty();
        assertThat(received.get() + sent.get()).as("operations the tasks completed")
                .isEqualTo(tasks);
        assertThat(received.get()).as("elements the tasks received").isEqualTo(sentByTest);
        assertThat(receivedByTest).as("distinct elements the test received")
                .hasSize(tasks - sentByTest);
        Scale.awaitCondition(limit, () -> "tasks to leave Tasks.running()",
                () -> noneRunning(threads));
        assertThat(ChannelDiagnostics.blockedCount()).as("operations blocked, %s before the test",
                blockedBefore).isLessThanOrEqualTo(blockedBefore);
        assertThat(in.size() + out.size()).as("elements left in the channels").isZero();

        Scale.report("%,d tasks on %s blocked on channels (1/3 receive, 1/3 send, 1/3 select) "
                + "in %,d ms; heap while blocked %s above baseline (%,d bytes per task); "
                + "released by %,d selects and all completed in %,d ms; blockedCount back to %d "
                + "(%d before the test)",
                tasks, Scale.threadKind(Tasks.usesVirtualThreads()), blockedMillis,
                Scale.megabytes(heapBlocked), heapBlocked / tasks, tasks, releaseMillis,
                ChannelDiagnostics.blockedCount(), blockedBefore);
    }

    /** A task body that may throw, as channel operations do. */
    @FunctionalInterface
    private interface Body {
        void run() throws Exception;
    }

    private static Runnable recording(Body body, Queue<Throwable> failures) {
        return () -> {
            try {
                body.run();
            } catch (Throwable failure) {
                failures.add(failure);
            }
        };
    }

    private static boolean noneRunning(List<Thread> threads) {
        Set<Thread> running = Tasks.running();
        for (Thread thread : threads) {
            if (running.contains(thread)) {
                return false;
            }
        }
        return true;
    }
}
