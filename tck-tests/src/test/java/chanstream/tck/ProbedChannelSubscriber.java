package chanstream.tck;

import chanstream.core.ChannelSubscriber;
import java.util.concurrent.atomic.AtomicBoolean;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import org.reactivestreams.tck.SubscriberWhiteboxVerification.SubscriberPuppet;
import org.reactivestreams.tck.SubscriberWhiteboxVerification.WhiteboxSubscriberProbe;

/**
 * The whitebox view of a {@link ChannelSubscriber}: it forwards every signal to the
 * subscriber and then reports it to the TCK's probe, and it is the puppet through which
 * the TCK makes the subscriber request or cancel.
 *
 * <p>The subscriber requests from its publisher only as receivers take elements from its
 * channel, so {@link #triggerRequest} requests that many receives from a
 * {@link ChannelDrain}, and {@link #signalCancel} cancels the channel, which cancels the
 * upstream subscription.
 *
 * @param <T> the element type
 */
final class ProbedChannelSubscriber<T> implements Subscriber<T>, SubscriberPuppet {

    private final ChannelSubscriber<T> subscriber;
    private final WhiteboxSubscriberProbe<T> probe;
    private final ChannelDrain drain;
    private final AtomicBoolean puppetRegistered = new AtomicBoolean();

    ProbedChannelSubscriber(ChannelSubscriber<T> subscriber, WhiteboxSubscriberProbe<T> probe) {
        this.subscriber = subscriber;
        this.probe = probe;
        this.drain = new ChannelDrain(subscriber.channel());
    }

    @Override
    public void onSubscribe(Subscription subscription) {
        subscriber.onSubscribe(subscription);
        // Rule 2.5: the subscriber cancels a second subscription, so only the first
        // counts.
        if (puppetRegistered.compareAndSet(false, true)) {
            probe.registerOnSubscribe(this);
        }
    }

    @Override
    public void onNext(T element) {
        subscriber.onNext(element);
        probe.registerOnNext(element);
    }

    @Override
    public void onError(Throwable failure) {
        subscriber.onError(failure);
        probe.registerOnError(failure);
    }

    @Override
    public void onComplete() {
        subscriber.onComplete();
        probe.registerOnComplete();
    }

    @Override
    public void triggerRequest(long elements) {
        drain.request(elements);
    }

    @Override
    public void signalCancel() {
        subscriber.channel().cancel();
    }

    @Override
    public String toString() {
        return "ProbedChannelSubscriber(" + subscriber + ")";
    }
}
