package chanstream.examples;

import chanstream.core.Tasks;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/**
 * The chanstream tasks started since this object was created: the difference between the
 * current {@link Tasks#running()} and the snapshot taken at creation. Tasks that were already
 * running before (another example's, another test's) are not counted.
 */
final class StartedTasks {

    private final Set<Thread> before = Tasks.running();

    /** Returns the tasks started since creation that are still running. */
    Set<Thread> running() {
        Set<Thread> now = new HashSet<>(Tasks.running());
        now.removeAll(before);
        return now;
    }

    /**
     * Waits until every task started since creation has ended, at most {@code timeout} in all.
     *
     * <p>A task that counted itself down on a {@code WaitGroup} is still listed in
     * {@link Tasks#running()} for the few instructions until its thread ends, so a check right
     * after {@code WaitGroup.await()} can see it. Joining the threads closes that window.
     *
     * @return the tasks still running when the time ran out; empty if none is left
     */
    Set<Thread> awaitAllEnded(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Thread task : running()) {
            long remainingMillis = Math.max(1L, (deadline - System.nanoTime()) / 1_000_000L);
            task.join(remainingMillis);
        }
        return running();
    }
}
