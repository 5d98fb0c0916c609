package chanstream.tck;

import java.util.concurrent.Flow;
import org.reactivestreams.FlowAdapters;

/**
 * A {@link Flow.Subscriber} that forwards every signal to another one.
 *
 * <p>The Flow subscriber verifications turn the {@code Flow.Subscriber} under test back
 * into a Reactive Streams subscriber with {@link FlowAdapters#toSubscriber}, which
 * unwraps an adapter of its own and would hand the TCK the original subscriber. Wrapping
 * the adapter in this class keeps it in place, so every signal crosses the {@code Flow}
 * interfaces in both directions.
 *
 * @param <T> the element type
 */
final class ForwardingFlowSubscriber<T> implements Flow.Subscriber<T> {

    private final Flow.Subscriber<T> delegate;

    ForwardingFlowSubscriber(Flow.Subscriber<T> delegate) {
        this.delegate = delegate;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        delegate.onSubscribe(subscription);
    }

    @Override
    public void onNext(T item) {
        delegate.onNext(item);
    }

    @Override
    public void onError(Throwable throwable) {
        delegate.onError(throwable);
    }

    @Override
    public void onComplete() {
        delegate.onComplete();
    }

    @Override
    public String toString() {
        return "ForwardingFlowSubscriber(" + delegate + ")";
    }
}
