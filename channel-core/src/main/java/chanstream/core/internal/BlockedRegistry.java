package chanstream.core.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The threads currently parked in a channel operation. A waiter joins when it stops spinning and
 * parks, and leaves when it resumes, so the cost is paid only on the slow path.
 */
public final class BlockedRegistry {

    private static final Set<ThreadWaiter> PARKED = ConcurrentHashMap.newKeySet();

    private BlockedRegistry() {
    }

    static void add(ThreadWaiter waiter) {
        PARKED.add(waiter);
    }

    static void remove(ThreadWaiter waiter) {
        PARKED.remove(waiter);
    }

    /** Returns a snapshot of the parked operations, oldest first. */
    public static List<BlockedOperationInfo> snapshot() {
        List<BlockedOperationInfo> result = new ArrayList<>();
        long nowNanos = System.nanoTime();
        long nowMillis = System.currentTimeMillis();
        for (ThreadWaiter waiter : PARKED) {
            if (!waiter.isWaiting()) {
                continue;
            }
            List<String> channels = new ArrayList<>();
            List<String> arms = new ArrayList<>();
            for (Node node : waiter.registeredNodes()) {
                arms.add(node.describe());
                channels.add(node.channel.toString());
            }
            long sinceNanos = waiter.sinceNanos;
            long sinceMillis = nowMillis - (nowNanos - sinceNanos) / 1_000_000L;
            result.add(new BlockedOperationInfo(waiter.thread, waiter.operation, channels, arms,
                    sinceNanos, sinceMillis));
        }
        result.sort((a, b) -> Long.compare(a.sinceNanos, b.sinceNanos));
        return result;
    }

    /** Returns the number of parked operations. */
    public static int count() {
        return PARKED.size();
    }
}
