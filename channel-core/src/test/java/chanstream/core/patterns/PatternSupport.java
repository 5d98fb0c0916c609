package chanstream.core.patterns;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import chanstream.core.Channel;
import chanstream.core.ReceiveChannel;
import chanstream.core.Tasks;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/** Parameters and small helpers shared by the pattern tests. */
final class PatternSupport {

    static final int UNLIMITED = Integer.MAX_VALUE;

    /** A liveness bound for joins and waits; never a speed assertion. */
    static final long WAIT_SECONDS = 10;

    private PatternSupport() {
    }

    /** Returns capacities 0, 1, 16 and unlimited. */
    static Stream<Integer> capacities() {
        return Stream.of(0, 1, 16, UNLIMITED);
    }

    /** Returns every capacity paired with platform threads and with virtual threads. */
    static Stream<Arguments> capacitiesAndThreads() {
        List<Arguments> arguments = new ArrayList<>();
        capacities().forEach(capacity -> {
            arguments.add(Arguments.of(capacity, false));
            arguments.add(Arguments.of(capacity, true));
        });
        return arguments.stream();
    }

    /** Returns a factory of platform or virtual threads; skips the test for virtual on JDK 17. */
    static ThreadFactory threads(boolean virtual) {
        if (!virtual) {
            return task -> {
                Thread thread = new Thread(task);
                thread.setDaemon(true);
                return thread;
            };
        }
        assumeTrue(Runtime.version().feature() >= 21, "virtual threads need JDK 21+");
        assumeTrue(Tasks.usesVirtualThreads(), "virtual threads disabled");
        return Tasks.threadFactory();
    }

    /** A task body that may block or throw. */
    @FunctionalInterface
    interface Body {
        void run() throws Exception;
    }

    /** Starts {@code body} on a new thread of {@code threads}; a failure goes to {@code errors}. */
    static Thread start(ThreadFactory threads, List<Throwable> errors, Body body) {
        Thread thread = threads.newThread(() -> {
            try {
                body.run();
            } catch (Throwable failure) {
                errors.add(failure);
            }
        });
        thread.start();
        return thread;
    }

    /** Joins {@code thread} within {@link #WAIT_SECONDS}; returns whether it ended. */
    static boolean joined(Thread thread) throws InterruptedException {
        thread.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
        return !thread.isAlive();
    }

    /** Creates a channel of {@code capacity}. */
    static <T> Channel<T> channel(int capacity) {
        return Channel.buffered(capacity);
    }

    /** Receives every element until {@code channel} is closed and drained. */
    static <T> List<T> drain(ReceiveChannel<T> channel) throws InterruptedException {
        List<T> elements = new ArrayList<>();
        channel.forEach(elements::add);
        return elements;
    }
}
