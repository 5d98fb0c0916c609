package chanstream.bench;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Locale;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The kind of thread that runs a benchmark's senders, receivers and waiters: the value of the
 * {@code threads} JMH parameter.
 *
 * <p>The JDK 17 build compiles this class at release 17, so it reaches virtual threads through
 * reflection. On JDK 17 {@link #VIRTUAL} fails in the benchmark's setup. The scripts pass
 * {@code -p threads=platform} there, so that the virtual cells are left out of the run.
 */
public enum ThreadKind {
    PLATFORM,
    VIRTUAL;

    /** The {@code threads} parameter value for {@link #PLATFORM}. */
    public static final String PARAM_PLATFORM = "platform";

    /** The {@code threads} parameter value for {@link #VIRTUAL}. */
    public static final String PARAM_VIRTUAL = "virtual";

    /**
     * Parses the {@code threads} parameter.
     *
     * @throws IllegalArgumentException if {@code name} is neither "platform" nor "virtual"
     */
    public static ThreadKind parse(String name) {
        switch (name.toLowerCase(Locale.ROOT)) {
            case PARAM_PLATFORM:
                return PLATFORM;
            case PARAM_VIRTUAL:
                return VIRTUAL;
            default:
                throw new IllegalArgumentException("invalid threads parameter '" + name
                        + "': expected '" + PARAM_PLATFORM + "' or '" + PARAM_VIRTUAL + "'");
        }
    }

    /** Returns whether this JVM can start virtual threads (JDK 21 or later). */
    public static boolean virtualThreadsAvailable() {
        return Runtime.version().feature() >= 21;
    }

    /**
     * Returns a factory for daemon threads of this kind named {@code name-0}, {@code name-1}, and
     * so on. Virtual threads are always daemon threads.
     *
     * @throws UnsupportedOperationException if this is {@link #VIRTUAL} and the JVM is older than
     *     JDK 21
     */
    public ThreadFactory factory(String name) {
        if (this == PLATFORM) {
            return new PlatformThreadFactory(name);
        }
        return virtualThreadFactory(name);
    }

    private static ThreadFactory virtualThreadFactory(String name) {
        if (!virtualThreadsAvailable()) {
            throw new UnsupportedOperationException("virtual threads need JDK 21 or later, but this"
                    + " JVM is " + Runtime.version() + ": run with -p threads=platform");
        }
        try {
            Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
            Class<?> builderType = Class.forName("java.lang.Thread$Builder");
            builder = builderType.getMethod("name", String.class, long.class)
                    .invoke(builder, name + "-", 0L);
            Method factory = builderType.getMethod("factory");
            return (ThreadFactory) factory.invoke(builder);
        } catch (ClassNotFoundException | NoSuchMethodException | IllegalAccessException
                | InvocationTargetException e) {
            throw new IllegalStateException("failed to create a virtual thread factory on "
                    + Runtime.version(), e);
        }
    }

    private static final class PlatformThreadFactory implements ThreadFactory {
        private final String name;
        private final AtomicInteger next = new AtomicInteger();

        PlatformThreadFactory(String name) {
            this.name = name;
        }

        @Override
        public Thread newThread(Runnable task) {
            Thread thread = new Thread(task, name + "-" + next.getAndIncrement());
            thread.setDaemon(true);
            return thread;
        }
    }
}
