package chanstream.rxjava;

import io.reactivex.rxjava3.internal.schedulers.NonBlockingThread;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * Makes BlockHound treat RxJava 3's computation and single scheduler threads as
 * non-blocking. RxJava marks those threads with its {@link NonBlockingThread} interface;
 * BlockHound only ships an integration for RxJava 2's package.
 *
 * <p>Those threads are workers of a {@link ScheduledThreadPoolExecutor}: an idle worker
 * parks in its work queue, and scheduling or cancelling a task takes the queue's lock.
 * The allowances below are the ones reactor-core's own integration grants to the same
 * executor internals.
 */
public final class RxJavaBlockHoundIntegration implements BlockHoundIntegration {

    private static final String WORK_QUEUE =
            ScheduledThreadPoolExecutor.class.getName() + "$DelayedWorkQueue";

    @Override
    public void applyTo(BlockHound.Builder builder) {
        builder.nonBlockingThreadPredicate(
                current -> current.or(NonBlockingThread.class::isInstance));
        builder.allowBlockingCallsInside(WORK_QUEUE, "take");
        builder.allowBlockingCallsInside(WORK_QUEUE, "poll");
        builder.allowBlockingCallsInside(WORK_QUEUE, "offer");
        builder.allowBlockingCallsInside(WORK_QUEUE, "remove");
        builder.allowBlockingCallsInside(ThreadPoolExecutor.class.getName(), "processWorkerExit");
        builder.allowBlockingCallsInside(FutureTask.class.getName(),
                "handlePossibleCancellationInterrupt");
    }
}
