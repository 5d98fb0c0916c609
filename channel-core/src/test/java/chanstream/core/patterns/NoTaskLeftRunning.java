package chanstream.core.patterns;

import chanstream.core.Tasks;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test that leaves behind a task started by {@link Tasks}: after the test, every task
 * that was not running before it must end within {@link #WAIT_SECONDS} seconds. The wait is a
 * liveness bound for tasks that end on their own once their done channel fired.
 */
final class NoTaskLeftRunning implements BeforeEachCallback, AfterEachCallback {

    private static final long WAIT_SECONDS = 10;

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(NoTaskLeftRunning.class);

    @Override
    public void beforeEach(ExtensionContext context) {
        context.getStore(NAMESPACE).put("before", Tasks.running());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        @SuppressWarnings("unchecked")
        Set<Thread> before = (Set<Thread>) context.getStore(NAMESPACE).get("before", Set.class);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        Set<Thread> left;
        while (!(left = leftBehind(before)).isEmpty() && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
        if (!left.isEmpty()) {
            StringBuilder message = new StringBuilder("tasks still running " + WAIT_SECONDS
                    + " s after the test:");
            for (Thread thread : left) {
                message.append("\n  ").append(thread);
                for (StackTraceElement frame : thread.getStackTrace()) {
                    message.append("\n      at ").append(frame);
                }
            }
            throw new AssertionError(message.toString());
        }
    }

    private static Set<Thread> leftBehind(Set<Thread> before) {
        Set<Thread> left = new HashSet<>(Tasks.running());
        left.removeAll(before);
        return left;
    }
}
