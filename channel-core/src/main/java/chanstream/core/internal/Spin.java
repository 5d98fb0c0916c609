package chanstream.core.internal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import org.jspecify.annotations.Nullable;

/**
 * How long a waiter spins before it parks, and whether the current thread is virtual.
 *
 * <p>A hand-off between two running threads costs well under a microsecond when the waiter
 * spins, and several microseconds through park and unpark, so a waiter first re-reads its state
 * for a bounded number of rounds. A round is one volatile read and nothing else: under a
 * hypervisor {@link Thread#onSpinWait()} (the x86 PAUSE instruction) can trap and cost hundreds
 * of nanoseconds, which made a PAUSE-based spin cost more than the park it avoided. It spins
 * only on a multi-core machine. A virtual thread spins for fewer rounds because it holds a
 * carrier thread while it spins, and its park is cheap. The counts can be set with the system
 * properties {@code chanstream.spins} and {@code chanstream.virtualSpins}.
 */
final class Spin {

    private static final int CPUS = Runtime.getRuntime().availableProcessors();

    static final int PLATFORM = CPUS > 1 ? Integer.getInteger("chanstream.spins", 1 << 8) : 0;

    static final int VIRTUAL = CPUS > 1 ? Integer.getInteger("chanstream.virtualSpins", 1 << 5) : 0;

    private static final @Nullable MethodHandle IS_VIRTUAL = isVirtualHandle();

    private Spin() {
    }

    /** Returns the number of spin rounds for a waiter on the current thread. */
    static int rounds() {
        return isVirtual(Thread.currentThread()) ? VIRTUAL : PLATFORM;
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
