package chanstream.core.internal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
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
 * a hypervisor, so the second phase lasts from about a microsecond to several. It spins only on
 * a multi-core machine.
 *
 * <p>A virtual thread spins differently, because while it spins it holds its carrier, and the
 * partner it waits for may be queued on that same carrier. It re-reads a few times and then
 * calls {@link Thread#yield()}, which lets a partner queued on the carrier run without the
 * scheduler round trip of a park and an unpark. On a 2-core machine with JDK 25 this cut a
 * virtual-thread ping-pong from about 1.5 us to about 0.4 us per hand-off in JMH runs, where
 * PAUSE rounds only added time.
 *
 * <p>The counts can be set with the system properties {@code chanstream.spins},
 * {@code chanstream.pauses}, {@code chanstream.virtualSpins}, {@code chanstream.virtualPauses}
 * and {@code chanstream.virtualYields}.
 */
final class Spin {

    private static final boolean MULTI_CORE = Runtime.getRuntime().availableProcessors() > 1;

    /** Plain re-reads before pausing, for platform threads. */
    static final int READS = MULTI_CORE ? Integer.getInteger("chanstream.spins", 1 << 6) : 0;

    /** {@link Thread#onSpinWait()} rounds before parking, for platform threads. */
    static final int PAUSES = MULTI_CORE ? Integer.getInteger("chanstream.pauses", 1 << 5) : 0;

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
        for (int round = virtual ? VIRTUAL_PAUSES : PAUSES; current == null && round > 0;
                round--) {
            Thread.onSpinWait();
            current = waiter.state;
        }
        for (int round = virtual ? VIRTUAL_YIELDS : 0; current == null && round > 0; round--) {
            Thread.yield();
            current = waiter.state;
        }
        return current;
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
