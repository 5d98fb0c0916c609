package chanstream.core.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.reflect.Method;
import java.util.concurrent.ThreadFactory;

/**
 * The kind of thread a test runs its senders and receivers on. Virtual threads exist on JDK 21+
 * only; tests compile with {@code --release 17}, so they are created by reflection, and a test
 * asking for them on JDK 17 is skipped through a JUnit assumption.
 */
public enum ThreadKind {

    PLATFORM,
    VIRTUAL;

    private static final ThreadFactory VIRTUAL_FACTORY = virtualFactory();

    /** Skips the calling test if this kind of thread is not available on the running JDK. */
    public void assumeAvailable() {
        assumeTrue(this == PLATFORM || VIRTUAL_FACTORY != null,
                "virtual threads need JDK 21+, running " + Runtime.version());
    }

    /**
     * Creates an unstarted thread of this kind. Platform threads are daemons, so a test that
     * fails with threads still blocked does not keep the test JVM alive.
     *
     * @param name the thread's name
     * @param task the thread's body
     * @return the new thread
     */
    public Thread newThread(String name, Runnable task) {
        Thread thread;
        if (this == VIRTUAL) {
            assumeAvailable();
            thread = VIRTUAL_FACTORY.newThread(task);
            thread.setName(name);
        } else {
            thread = new Thread(task, name);
            thread.setDaemon(true);
        }
        return thread;
    }

    /**
     * Creates and starts a thread of this kind.
     *
     * @param name the thread's name
     * @param task the thread's body
     * @return the started thread
     */
    public Thread start(String name, Runnable task) {
        Thread thread = newThread(name, task);
        thread.start();
        return thread;
    }

    @Override
    public String toString() {
        return this == VIRTUAL ? "virtual threads" : "platform threads";
    }

    private static ThreadFactory virtualFactory() {
        try {
            Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
            Method factory = Class.forName("java.lang.Thread$Builder").getMethod("factory");
            return (ThreadFactory) factory.invoke(builder);
        } catch (ReflectiveOperationException beforeJdk21) {
            return null;
        }
    }
}
