package chanstream.core.internal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * How long a waiter spins before it parks, and whether the current thread is virtual.
 *
 * <p>A hand-off between two running threads costs well under a microsecond when the waiter
 * spins, and several microseconds through park and unpark, so a waiter first spins. It spins in
 * two phases: a few plain re-reads of its state, which catch a partner that answers at once, then
 * a bounded number of {@link Thread#onSpinWait()} rounds, which yield the core's pipeline to
 * a hyper-thread sibling and, under a hypervisor that traps the x86 PAUSE instruction, to other
 * guests. A PAUSE round costs from tens of nanoseconds on bare metal to a few hundred under such
 * a hypervisor. It spins only on a multi-core machine.
 *
 * <p>The second phase must outlast a park and unpark of the partner, several microseconds:
 * otherwise, once one side parks, the other side's wait for the wake-up also ends in a park, and a
 * ping-pong stays in that mode. In short trial JMH runs on an idle 2-core machine with JDK 25, 32
 * PAUSE rounds left platform-thread ping-pong and rendezvous hand-offs at 1 to 6 us each, while
 * 1,024 rounds brought them to 0.12 to 0.5 us. Only {@link #MAX_SPINNERS} waiters, one per core by
 * default, pause that long at a time. The others pause for {@link #SHORT_PAUSES} rounds only and
 * try to take a place meanwhile, because the partner that just completed their hand-off may still
 * hold one. None pauses that long while as many threads as there are cores are parked in channel
 * operations: 1,000 pairs of platform threads were six times slower with long spins, which delayed
 * the partners they waited for.
 *
 * <p>A virtual thread spins differently, because while it spins it holds its carrier, and the
 * partner it waits for may be queued on that same carrier. It re-reads a few times and then
 * calls {@link Thread#yield()}, which lets a partner queued on the carrier run without the
 * scheduler round trip of a park and an unpark. Long PAUSE phases helped a lone virtual-thread
 * ping-pong in the same runs but made 10,000 pairs of virtual threads up to twice as slow,
 * because a spinning virtual thread keeps the others queued on its carrier from running. So by
 * default virtual threads do not pause.
 *
 * <p>The counts can be set with the system properties {@code chanstream.spins},
 * {@code chanstream.pauses}, {@code chanstream.virtualSpins}, {@code chanstream.virtualPauses},
 * {@code chanstream.virtualYields}, {@code chanstream.maxSpinners} and
 * {@code chanstream.shortPauses}.
 */
final class Spin {

    private static final boolean MULTI_CORE = Runtime.getRuntime().availableProcessors() > 1;

    /** Plain re-reads before pausing, for platform threads. */
    static final int READS = MULTI_CORE ? Integer.getInteger("chanstream.spins", 1 << 6) : 0;

    /** {@link Thread#onSpinWait()} rounds before parking, for platform threads. */
    static final int PAUSES = MULTI_CORE ? Integer.getInteger("chanstream.pauses", 1 << 10) : 0;

    /** Plain re-reads before pausing, for virtual threads. */
    static final int VIRTUAL_READS =
            MULTI_CORE ? Integer.getInteger("chanstream.virtualSpins", 1 << 3) : 0;

    /** {@link Thread#onSpinWait()} rounds before parking, for virtual threads. */
    static final int VIRTUAL_PAUSES =
            MULTI_CORE ? Integer.getInteger("chanstream.virtualPauses", 0) : 0;

    /**
     * {@link Thread#yield()} rounds before parking, for virtual threads: a yield lets a partner
     * queued on the same carrier run, without the scheduler round trip of park and unpark.
     */
    static final int VIRTUAL_YIELDS = Integer.getInteger("chanstream.virtualYields", 1);

    /** How many waiters may be in the long {@link Thread#onSpinWait()} phase at once. */
    static final int MAX_SPINNERS = Integer.getInteger("chanstream.maxSpinners",
            Runtime.getRuntime().availableProcessors());

    /**
     * {@link Thread#onSpinWait()} rounds of a waiter that finds no free place among the
     * {@link #MAX_SPINNERS}; it keeps trying for one meanwhile.
     */
    static final int SHORT_PAUSES = Integer.getInteger("chanstream.shortPauses", 1 << 5);

    /** The waiters that hold a place in the {@link Thread#onSpinWait()} phase now. */
    private static final AtomicInteger SPINNERS = new AtomicInteger();

    private static final @Nullable MethodHandle IS_VIRTUAL = isVirtualHandle();

    private Spin() {
    }

    /**
     * Spins until {@code waiter} is claimed or the spin budget of the current thread kind is
     * spent.
     *
     * @return the waiter's state: the claiming node, or {@code null} if still waiting
     */
    static @Nullable Object awaitClaim(Waiter waiter) {
        boolean virtual = isVirtual(Thread.currentThread());
        Object current = waiter.state;
        for (int round = virtual ? VIRTUAL_READS : READS; current == null && round > 0; round--) {
            current = waiter.state;
        }
        int pauses = virtual ? VIRTUAL_PAUSES : PAUSES;
        int shortPauses = Math.min(pauses, SHORT_PAUSES);
        // With more threads parked in channel operations than cores, the cores are better left
        // to the threads that run: a long spin would delay the partner it waits for.
        boolean crowded = current == null && pauses > shortPauses
                && BlockedRegistry.count() >= MAX_SPINNERS;
        boolean permit = false;
        try {
            for (int round = 0; current == null && round < pauses; round++) {
                if (!permit) {
                    // Retried each round, because the partner that just completed the hand-off
                    // may still hold a place.
                    permit = !crowded && acquireSpinPermit();
                    if (!permit && round >= shortPauses) {
                        break;
                    }
                }
                Thread.onSpinWait();
                current = waiter.state;
            }
        } finally {
            if (permit) {
                SPINNERS.decrementAndGet();
            }
        }
        for (int round = virtual ? VIRTUAL_YIELDS : 0; current == null && round > 0; round--) {
            Thread.yield();
            current = waiter.state;
        }
        return current;
    }

    /** Takes one of the {@link #MAX_SPINNERS} places in the long pause phase, if one is free. */
    private static boolean acquireSpinPermit() {
        while (true) {
            int spinners = SPINNERS.get();
            if (spinners >= MAX_SPINNERS) {
                return false;
            }
            if (SPINNERS.compareAndSet(spinners, spinners + 1)) {
                return true;
            }
        }
    }

    /** Returns whether {@code thread} is a virtual thread; always {@code false} before JDK 21. */
    static boolean isVirtual(Thread thread) {
        MethodHandle isVirtual = IS_VIRTUAL;
        if (isVirtual == null) {
            return false;
        }
        try {
            return (boolean) isVirtual.invokeExact(thread);
        } catch (Throwable unexpected) {
            return false;
        }
    }

    private static @Nullable MethodHandle isVirtualHandle() {
        try {
            return MethodHandles.publicLookup()
                    .findVirtual(Thread.class, "isVirtual", MethodType.methodType(boolean.class));
        } catch (ReflectiveOperationException beforeJdk21) {
            return null;
        }
    }
}
