package chanstream.test;

import chanstream.core.BlockedOperation;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Thrown by a leak check that found channel operations still blocked, or tasks still running,
 * after its grace period. The message lists them with their stacks, and the accessors return
 * them as data, as they were when the check gave up.
 */
public final class ChannelLeakError extends AssertionError {

    private static final long serialVersionUID = 1L;

    /** Not serialized: threads and stacks belong to this JVM. */
    private final transient @Nullable List<BlockedOperation> blockedOperations;

    /** Not serialized: threads belong to this JVM. */
    private final transient @Nullable List<Thread> runningTasks;

    ChannelLeakError(String message, List<BlockedOperation> blockedOperations,
            List<Thread> runningTasks) {
        super(message);
        this.blockedOperations = List.copyOf(blockedOperations);
        this.runningTasks = List.copyOf(runningTasks);
    }

    /**
     * Returns the operations that were still blocked on channels.
     *
     * @return the operations, oldest first, or an empty list after deserialization
     */
    public List<BlockedOperation> blockedOperations() {
        List<BlockedOperation> operations = blockedOperations;
        return operations == null ? List.of() : operations;
    }

    /**
     * Returns the tasks started by {@link chanstream.core.Tasks} that were still running and not
     * blocked on a channel. Tasks blocked on a channel are in {@link #blockedOperations()}.
     *
     * @return the threads of those tasks, or an empty list after deserialization
     */
    public List<Thread> runningTasks() {
        List<Thread> tasks = runningTasks;
        return tasks == null ? List.of() : tasks;
    }
}
