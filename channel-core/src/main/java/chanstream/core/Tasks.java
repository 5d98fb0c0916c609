package chanstream.core;

import chanstream.core.internal.ChannelImpl;
import java.lang.reflect.Method;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * Starts tasks the way Go starts goroutines: on a virtual thread on JDK 21+, on a daemon
 * platform thread on JDK 17.
 *
 * <pre>{@code
 * Tasks.start(() -> produce(ch));                       // go produce(ch)
 * ReceiveChannel<Report> report = Tasks.async(this::build);
 * }</pre>
 *
 * <p>Set the system property {@code chanstream.virtualThreads} to {@code false} to use platform
 * threads on JDK 21+ too. Tasks started here are tracked while they run, so that a test can
 * check that none was left behind ({@link #running()}). An exception that escapes a task goes to
 * {@link ChannelHooks#onUndeliverableError}.
 */
public final class Tasks {

    private static final @Nullable ThreadFactory VIRTUAL = virtualFactory();

    private static final AtomicLong COUNTER = new AtomicLong();

    private static final Set<Thread> RUNNING = ConcurrentHashMap.newKeySet();

    private Tasks() {
    }

    /**
     * Starts {@code task} on a new thread: virtual on JDK 21+, daemon platform otherwise.
     *
     * @param task the work to run
     * @return the started thread
     */
    public static Thread start(Runnable task) {
        return start(nextName(), task);
    }

    /**
     * Starts {@code task} on a new thread with the given name.
     *
     * @param name the thread's name, shown in thread dumps and the dump of blocked operations
     * @param task the work to run
     * @return the started thread
     */
    public static Thread start(String name, Runnable task) {
        Objects.requireNonNull(name, "name is null");
        Objects.requireNonNull(task, "task is null");
        return startTracked(name, task, null);
    }

    /** Returns a fresh default task name. */
    static String nextName() {
        return "chanstream-task-" + COUNTER.incrementAndGet();
    }

    /**
     * Starts a tracked task; {@code afterExit} runs on the task's thread once the task is no
     * longer listed by {@link #running()}, even if the task threw.
     */
    static Thread startTracked(String name, Runnable task, @Nullable Runnable afterExit) {
        Thread thread = newThread(name, task, afterExit);
        RUNNING.add(thread);
        try {
            thread.start();
        } catch (Throwable failure) {
            RUNNING.remove(thread);
            throw failure;
        }
        return thread;
    }

    /**
     * Runs {@code task} on a new thread and returns a channel that receives its result: one
     * element, then closed. If the task throws, the channel is closed with that exception as its
     * cause. The channel has capacity 1, so the task never blocks on delivering its result, and a
     * caller that stops waiting (a select that timed out) leaks no thread.
     *
     * @param task the computation
     * @param <T> the result type
     * @return the result channel
     */
    public static <T> ReceiveChannel<T> async(Callable<? extends T> task) {
        Objects.requireNonNull(task, "task is null");
        Channel<T> result = new ChannelImpl<>(1, Overflow.BLOCK, null, "async result");
        start(() -> {
            T value;
            try {
                value = Objects.requireNonNull(task.call(), "task returned null");
            } catch (Throwable failure) {
                result.close(failure);
                return;
            }
            if (!result.isClosedForSend()) {
                try {
                    result.trySend(value);
                } catch (ChannelClosedException cancelled) {
                    return;
                }
            }
            result.close();
        });
        return result;
    }

    /**
     * Returns a thread factory with the same choice of thread kind as {@link #start}; its threads
     * are not tracked.
     *
     * @return the factory
     */
    public static ThreadFactory threadFactory() {
        ThreadFactory virtual = VIRTUAL;
        if (virtual != null) {
            return virtual;
        }
        return task -> {
            Thread thread = new Thread(task, "chanstream-thread-" + COUNTER.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /**
     * Returns whether tasks run on virtual threads: JDK 21+ and not disabled.
     *
     * @return {@code true} for virtual threads
     */
    public static boolean usesVirtualThreads() {
        return VIRTUAL != null;
    }

    /**
     * Returns the tasks started by {@link #start} or {@link #async} that are still running.
     *
     * @return a snapshot
     */
    public static Set<Thread> running() {
        return Set.copyOf(RUNNING);
    }

    private static Thread newThread(String name, Runnable task, @Nullable Runnable afterExit) {
        Runnable tracked = () -> {
            try {
                task.run();
            } catch (Throwable failure) {
                ChannelHooks.onUndeliverableError(failure);
            } finally {
                RUNNING.remove(Thread.currentThread());
                if (afterExit != null) {
                    afterExit.run();
                }
            }
        };
        ThreadFactory virtual = VIRTUAL;
        Thread thread;
        if (virtual != null) {
            thread = virtual.newThread(tracked);
            thread.setName(name);
        } else {
            thread = new Thread(tracked, name);
            thread.setDaemon(true);
        }
        return thread;
    }

    private static @Nullable ThreadFactory virtualFactory() {
        if (!Boolean.parseBoolean(System.getProperty("chanstream.virtualThreads", "true"))) {
            return null;
        }
        try {
            Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
            Method factory = Class.forName("java.lang.Thread$Builder").getMethod("factory");
            return (ThreadFactory) factory.invoke(builder);
        } catch (ReflectiveOperationException beforeJdk21) {
            return null;
        }
    }
}
