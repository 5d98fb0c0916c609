package chanstream.core;

import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The global hook for errors that have nowhere to go: an undelivered handler that threw, a
 * Reactive Streams subscriber that threw from {@code onNext}, an upstream error that arrived
 * after the channel it feeds was cancelled. chanstream never logs; it reports such errors here.
 *
 * <p>Without a handler, an error goes to the current thread's
 * {@link Thread.UncaughtExceptionHandler}, as RxJava's {@code RxJavaPlugins.onError} does.
 */
public final class ChannelHooks {

    private static volatile @Nullable Consumer<? super Throwable> undeliverableErrorHandler;

    private ChannelHooks() {
    }

    /**
     * Sets the handler for undeliverable errors, replacing any previous one.
     *
     * @param handler called with each undeliverable error, on the thread that hit it; {@code null}
     *     restores the default
     */
    public static void setUndeliverableErrorHandler(
            @Nullable Consumer<? super Throwable> handler) {
        undeliverableErrorHandler = handler;
    }

    /**
     * Returns the current handler for undeliverable errors.
     *
     * @return the handler, or {@code null} when the default applies
     */
    public static @Nullable Consumer<? super Throwable> getUndeliverableErrorHandler() {
        return undeliverableErrorHandler;
    }

    /**
     * Reports an error that cannot be delivered to any caller or subscriber.
     *
     * @param error the error
     */
    public static void onUndeliverableError(Throwable error) {
        Objects.requireNonNull(error, "error is null");
        Consumer<? super Throwable> handler = undeliverableErrorHandler;
        if (handler != null) {
            try {
                handler.accept(error);
                return;
            } catch (Throwable handlerFailure) {
                handlerFailure.addSuppressed(error);
                error = handlerFailure;
            }
        }
        Thread current = Thread.currentThread();
        current.getUncaughtExceptionHandler().uncaughtException(current, error);
    }
}
