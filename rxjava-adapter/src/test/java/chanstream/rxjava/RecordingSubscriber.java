package chanstream.rxjava;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * A plain Reactive Streams {@link Subscriber}, deliberately not an RxJava
 * {@code FlowableSubscriber}, that records every signal and lets a test act in
 * {@code onSubscribe} and {@code onNext}.
 *
 * @param <T> the element type
 */
final class RecordingSubscriber<T> implements Subscriber<T> {

    final List<T> elements = Collections.synchronizedList(new ArrayList<>());
    final List<Throwable> errors = new CopyOnWriteArrayList<>();
    private final CountDownLatch terminated = new CountDownLatch(1);
    private final Consumer<Subscription> onSubscribe;
    private final BiConsumer<Subscription, T> onNext;
    private volatile @Nullable Subscription subscription;
    private volatile int completions;

    RecordingSubscriber(Consumer<Subscription> onSubscribe, BiConsumer<Subscription, T> onNext) {
        this.onSubscribe = onSubscribe;
        this.onNext = onNext;
    }

    /** Creates a subscriber that requests nothing by itself. */
    static <T> RecordingSubscriber<T> passive() {
        return new RecordingSubscriber<>(subscription -> { }, (subscription, element) -> { });
    }

    @Override
    public void onSubscribe(Subscription subscription) {
        this.subscription = subscription;
        onSubscribe.accept(subscription);
    }

    @Override
    public void onNext(T element) {
        elements.add(element);
        onNext.accept(subscription(), element);
    }

    @Override
    public void onError(Throwable failure) {
        errors.add(failure);
        terminated.countDown();
    }

    @Override
    public void onComplete() {
        completions++;
        terminated.countDown();
    }

    Subscription subscription() {
        Subscription current = subscription;
        if (current == null) {
            throw new AssertionError("onSubscribe was not called");
        }
        return current;
    }

    int completions() {
        return completions;
    }

    /** Waits, with a bound, for {@code onComplete} or {@code onError}. */
    boolean awaitTermination() throws InterruptedException {
        return terminated.await(20, TimeUnit.SECONDS);
    }
}
