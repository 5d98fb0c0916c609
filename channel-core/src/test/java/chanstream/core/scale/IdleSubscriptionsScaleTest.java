package chanstream.core.scale;

import static org.assertj.core.api.Assertions.assertThat;

import chanstream.core.Channel;
import chanstream.core.ChannelDiagnostics;
import chanstream.core.ReactiveChannels;
import chanstream.core.Tasks;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * Many {@link ReactiveChannels#toPublisher} subscriptions with outstanding demand, idle on empty
 * channels: an idle subscription is a registered callback, so subscribing starts no thread and
 * parks none. Each subscription then receives one element on the sending thread, and closing
 * the channels completes every subscriber.
 */
class IdleSubscriptionsScaleTest {

    private static final long DEMAND = 16;

    @Test
    @Timeout(60)
    void thousandIdleSubscriptionsHoldNoThread() throws InterruptedException {
        subscribeIdleThenClose(1_000);
    }

    @Test
    @Tag("stress")
    @Timeout(600)
    void tenThousandIdleSubscriptionsHoldNoThread() throws InterruptedException {
        subscribeIdleThenClose(10_000);
    }

    private static void subscribeIdleThenClose(int count) throws InterruptedException {
        List<Channel<Integer>> channels = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            channels.add(Channel.unbuffered());
        }
        CountDownLatch completed = new CountDownLatch(count);
        List<CountingSubscriber> subscribers = new ArrayList<>(count);
        Set<Thread> threadsBefore = Scale.platformThreads();
        Set<Thread> tasksBefore = Tasks.running();
        int blockedBefore = ChannelDiagnostics.blockedCount();
        long heapBefore = Scale.usedHeapAfterGc();

        long start = System.nanoTime();
        for (Channel<Integer> channel : channels) {
            CountingSubscriber subscriber = new CountingSubscriber(completed);
            subscribers.add(subscriber);
            ReactiveChannels.toPublisher(channel).subscribe(subscriber);
        }
        long subscribeMillis = Scale.millisSince(start);
        long heapPerSubscription = (Scale.usedHeapAfterGc() - heapBefore) / count;

        assertThat(Scale.newThreadNames(threadsBefore, Scale.platformThreads()))
                .as("platform threads started by %s subscriptions", count).isEmpty();
        assertThat(Scale.newThreadNames(tasksBefore, Tasks.running()))
                .as("tasks started by %s subscriptions", count).isEmpty();
        assertThat(ChannelDiagnostics.blockedCount())
                .as("operations blocked while idle, %s before", blockedBefore)
                .isLessThanOrEqualTo(blockedBefore);
        for (int i = 0; i < count; i++) {
            CountingSubscriber subscriber = subscribers.get(i);
            assertThat(subscriber.subscribed).as("onSubscribe of subscriber %s", i).isTrue();
            assertThat(subscriber.received).as("elements of idle subscriber %s", i).hasValue(0);
        }

        start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            assertThat(channels.get(i).trySend(i))
                    .as("trySend to the waiting subscription of channel %s", i).isTrue();
        }
        long sendMillis = Scale.millisSince(start);
        Thread caller = Thread.currentThread();
        for (int i = 0; i < count; i++) {
            CountingSubscriber subscriber = subscribers.get(i);
            assertThat(subscriber.received).as("elements of subscriber %s", i).hasValue(1);
            assertThat(subscriber.lastValue).as("element of subscriber %s", i).hasValue(i);
            assertThat(subscriber.onNextThread).as("onNext thread of subscriber %s", i)
                    .hasValue(caller);
        }

        start = System.nanoTime();
        for (Channel<Integer> channel : channels) {
            channel.close();
        }
        boolean allCompleted = completed.await(30, TimeUnit.SECONDS);
        long closeMillis = Scale.millisSince(start);

        assertThat(allCompleted).as("all completed; %s subscribers still waiting",
                completed.getCount()).isTrue();
        for (int i = 0; i < count; i++) {
            assertThat(subscribers.get(i).error).as("error of subscriber %s", i).hasValue(null);
        }
        assertThat(Scale.newThreadNames(threadsBefore, Scale.platformThreads()))
                .as("platform threads started over the whole run").isEmpty();
        assertThat(Scale.newThreadNames(tasksBefore, Tasks.running()))
                .as("tasks started over the whole run").isEmpty();

        Scale.report("%,d toPublisher subscriptions with demand %d idle on empty unbuffered "
                + "channels: subscribed in %,d ms, %,d heap bytes each, 0 threads started, "
                + "0 operations blocked; one element each sent in %,d ms; all completed "
                + "%,d ms after closing", count, DEMAND, subscribeMillis, heapPerSubscription,
                sendMillis, closeMillis);
    }

    /** A plain Reactive Streams subscriber that requests {@link #DEMAND} and counts signals. */
    private static final class CountingSubscriber implements Subscriber<Integer> {

        private final CountDownLatch completed;

        volatile boolean subscribed;
        final AtomicInteger received = new AtomicInteger();
        final AtomicReference<Integer> lastValue = new AtomicReference<>();
        final AtomicReference<Thread> onNextThread = new AtomicReference<>();
        final AtomicReference<Throwable> error = new AtomicReference<>();

        CountingSubscriber(CountDownLatch completed) {
            this.completed = completed;
        }

        @Override
        public void onSubscribe(Subscription subscription) {
            subscribed = true;
            subscription.request(DEMAND);
        }

        @Override
        public void onNext(Integer element) {
            received.incrementAndGet();
            lastValue.set(element);
            onNextThread.set(Thread.currentThread());
        }

        @Override
        public void onError(Throwable failure) {
            error.set(failure);
            completed.countDown();
        }

        @Override
        public void onComplete() {
            completed.countDown();
        }
    }
}
