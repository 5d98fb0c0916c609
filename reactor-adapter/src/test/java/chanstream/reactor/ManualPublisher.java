package chanstream.reactor;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * A publisher driven by the test: it accepts one subscriber, records demand and
 * cancellation, and signals only when the test calls {@link #emit}, {@link #complete} or
 * {@link #fail}. It does not check demand, so a test can make it misbehave on purpose.
 *
 * @param <T> the element type
 */
final class ManualPublisher<T> implements Publisher<T> {

    private final AtomicLong requested = new AtomicLong();
    private volatile @Nullable Subscriber<? super T> subscriber;
    private volatile boolean cancelled;
    private volatile LongConsumer onRequest = n -> { };

    @Override
    public void subscribe(Subscriber<? super T> subscriber) {
        Objects.requireNonNull(subscriber, "subscriber is null");
        this.subscriber = subscriber;
        subscriber.onSubscribe(new Subscription() {
            @Override
            public void request(long n) {
                requested.getAndUpdate(current -> current + n < 0 ? Long.MAX_VALUE : current + n);
                onRequest.accept(n);
            }

            @Override
            public void cancel() {
                cancelled = true;
            }
        });
    }

    /** Sets what runs inside each {@code request(n)}, after the demand is recorded. */
    void onRequest(LongConsumer action) {
        this.onRequest = action;
    }

    /** Returns the subscriber, failing if none subscribed. */
    Subscriber<? super T> subscriber() {
        Subscriber<? super T> current = subscriber;
        if (current == null) {
            throw new AssertionError("no subscriber subscribed to the manual publisher");
        }
        return current;
    }

    void emit(T element) {
        subscriber().onNext(element);
    }

    void complete() {
        subscriber().onComplete();
    }

    void fail(Throwable failure) {
        subscriber().onError(failure);
    }

    /** Returns the total demand requested so far. */
    long requested() {
        return requested.get();
    }

    boolean isCancelled() {
        return cancelled;
    }
}
