package chanstream.core.internal;

/**
 * Recognises the non-blocking threads of Project Reactor (whose classes implement the marker
 * interface {@code reactor.core.scheduler.NonBlocking}) without depending on Reactor, so that a
 * blocking receive there fails fast instead of stalling an event loop.
 */
final class NonBlockingThreads {

    private static final String MARKER = "reactor.core.scheduler.NonBlocking";

    private NonBlockingThreads() {
    }

    static boolean isNonBlocking(Thread thread) {
        for (Class<?> type = thread.getClass(); type != null; type = type.getSuperclass()) {
            for (Class<?> marker : type.getInterfaces()) {
                if (marker.getName().equals(MARKER)) {
                    return true;
                }
            }
        }
        return false;
    }

    static void rejectBlockingOn(Object channel) {
        Thread current = Thread.currentThread();
        if (isNonBlocking(current)) {
            throw new IllegalStateException("blocking receive on " + channel
                    + " from the non-blocking thread " + current.getName()
                    + "; use ReactorChannels.toFlux(channel) instead of iterating it");
        }
    }
}
