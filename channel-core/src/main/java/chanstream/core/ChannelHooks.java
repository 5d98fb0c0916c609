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
 *
 * <p>It is also the last resort for elements: an element that a bridge subscription took from
 * a channel for a subscriber that cancelled before it could be delivered goes to the channel's
 * {@code onUndelivered} handler, else to the adapter's discard hook (Reactor's
 * {@code doOnDiscard}), else to {@link #setUndeliveredElementHandler the undelivered element
 * handler} here. Without any of them the element is dropped, as an element buffered in a
 * cancelled channel with no {@code onUndelivered} handler is.
 */
public final class ChannelHooks {

    private static volatile @Nullable Consumer<? super Throwable> undeliverableErrorHandler;

    private static volatile @Nullable Consumer<Object> undeliveredElementHandler;

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
     * Sets the handler for elements that a bridge took for a cancelled subscriber and that neither
     * the channel's {@code onUndelivered} handler nor an adapter's discard hook received,
     * replacing any previous one.
     *
     * @param handler called with each such element, on the thread that cancelled or that took the
     *     element; {@code null} restores the default, which drops the element
     */
    public static void setUndeliveredElementHandler(@Nullable Consumer<Object> handler) {
        undeliveredElementHandler = handler;
    }

    /**
     * Returns the current handler for undelivered elements.
     *
     * @return the handler, or {@code null} when elements are dropped
     */
    public static @Nullable Consumer<Object> getUndeliveredElementHandler() {
        return undeliveredElementHandler;
    }

    /**
     * Passes an undelivered element to the handler set with
     * {@link #setUndeliveredElementHandler}; an exception it throws goes to
     * {@link #onUndeliverableError}.
     *
     * @param element the element
     */
    public static void onUndeliveredElement(Object element) {
        Objects.requireNonNull(element, "element is null");
        Consumer<Object> handler = undeliveredElementHandler;
        if (handler != null) {
            try {
                handler.accept(element);
            } catch (Throwable failure) {
                onUndeliverableError(failure);
            }
        }
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
