package chanstream.core;

import static chanstream.core.testing.ThreadKind.PLATFORM;
import static org.assertj.core.api.Assertions.assertThat;

import chanstream.core.testing.Await;
import chanstream.core.testing.Capacity;
import chanstream.core.testing.Rounds;
import chanstream.core.testing.Workers;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * {@link ReactiveChannels#toChannel(Publisher, int)} calls its upstream subscription's
 * {@code request} and {@code cancel} serially (Reactive Streams rule 2.7), never requests after
 * cancelling, and cancels once, while the publisher's {@code onSubscribe} signal, two receivers and
 * a cancelling thread race on the channel.
 */
@Timeout(120)
class ToChannelSubscriptionCallsTest {

    private static final int ROUNDS = 300;
    private static final int RECEIVES_PER_RECEIVER = 100;
    private static final int MAX_CANCEL_DELAY_SPINS = 20_000;
    private static final int SPINS_INSIDE_CALL = 200;
    private static final int ELEMENTS = 1_000;

    /**
     * A subscription that records calls entering while another call is inside, requests after
     * cancel, and non-positive requests. It emits up to {@link #ELEMENTS} consecutive integers,
     * more than the receivers take, and never completes. It emits from a drain loop outside the
     * checked window, on the thread that requested.
     */
    static final class CheckingSubscription implements Subscription {

        private final Subscriber<? super Integer> subscriber;
        private final AtomicInteger inside = new AtomicInteger();
        private final AtomicInteger overlappingCalls = new AtomicInteger();
        private final AtomicInteger requestsAfterCancel = new AtomicInteger();
        private final AtomicInteger nonPositiveRequests = new AtomicInteger();
        private final AtomicInteger cancels = new AtomicInteger();
        private final AtomicLong demand = new AtomicLong();
        private final AtomicInteger emitting = new AtomicInteger();
        private volatile boolean cancelled;
        private volatile boolean requestEntered;
        private int next;

        CheckingSubscription(Subscriber<? super Integer> subscriber) {
            this.subscriber = subscriber;
        }

        private void enter() {
            if (inside.incrementAndGet() > 1) {
                overlappingCalls.incrementAndGet();
            }
            // Stays inside for a while, so that an overlapping call is likely to be seen.
            for (int i = 0; i < SPINS_INSIDE_CALL; i++) {
                Thread.onSpinWait();
            }
        }

        private void exit() {
            inside.decrementAndGet();
        }

        @Override
        public void request(long n) {
            requestEntered = true;
            enter();
            try {
                if (n <= 0) {
                    nonPositiveRequests.incrementAndGet();
                    return;
                }
                if (cancelled) {
                    requestsAfterCancel.incrementAndGet();
                    return;
                }
                demand.getAndUpdate(current -> current + n < 0 ? Long.MAX_VALUE : current + n);
            } finally {
                exit();
            }
            emit();
        }

        private void emit() {
            if (emitting.getAndIncrement() != 0) {
                return;
            }
            int missed = 1;
            do {
                while (!cancelled && next < ELEMENTS && demand.get() > 0) {
                    demand.decrementAndGet();
                    subscriber.onNext(next++);
                }
                missed = emitting.addAndGet(-missed);
            } while (missed != 0);
        }

        @Override
        public void cancel() {
            enter();
            cancelled = true;
            cancels.incrementAndGet();
            exit();
        }
    }

    /**
     * A publisher that accepts one subscriber and signals {@code onSubscribe} with a checking
     * subscription later, when {@link #signalOnSubscribe()} is called from another thread.
     */
    static final class CheckingPublisher implements Publisher<Integer> {

        private final AtomicReference<CheckingSubscription> subscription = new AtomicReference<>();

        @Override
        public void subscribe(Subscriber<? super Integer> subscriber) {
            CheckingSubscription created = new CheckingSubscription(subscriber);
            assertThat(subscription.compareAndSet(null, created))
                    .as("first subscription to the publisher")
                    .isTrue();
        }

        void signalOnSubscribe() {
            CheckingSubscription created = subscription();
            created.subscriber.onSubscribe(created);
        }

        CheckingSubscription subscription() {
            return Objects.requireNonNull(subscription.get(), "nothing subscribed");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Capacity.class, names = {"UNBUFFERED", "ONE", "SIXTEEN", "UNLIMITED"})
    void requestAndCancelNeverOverlap(Capacity capacity) {
        Rounds.run(ROUNDS, round -> {
            CheckingPublisher publisher = new CheckingPublisher();
            ReceiveChannel<Integer> ch = ReactiveChannels.toChannel(publisher, capacity.value());
            CountDownLatch start = new CountDownLatch(1);
            int maxDelaySpins = round % 2 == 0 ? SPINS_INSIDE_CALL : MAX_CANCEL_DELAY_SPINS;
            int cancelDelaySpins = ThreadLocalRandom.current().nextInt(maxDelaySpins);

            try (Workers receivers = Workers.start(PLATFORM, "receiver", 2, index -> {
                    start.await();
                    for (int i = 0; i < RECEIVES_PER_RECEIVER; i++) {
                        if (ch.receiveOrNull() == null) {
                            return;
                        }
                    }
                });
                    Workers subscriber = Workers.startOne(PLATFORM, "subscriber", index -> {
                        start.await();
                        publisher.signalOnSubscribe();
                    });
                    Workers canceller = Workers.startOne(PLATFORM, "canceller", index -> {
                        start.await();
                        if (round % 2 == 0) {
                            // Aims at the first request, which with unlimited capacity is the
                            // only one.
                            Await.until("the first request call",
                                    () -> publisher.subscription().requestEntered);
                        }
                        for (int i = 0; i < cancelDelaySpins; i++) {
                            Thread.onSpinWait();
                        }
                        ch.cancel();
                    })) {
                start.countDown();
                subscriber.join();
                canceller.join();
                receivers.join();
            }

            // Every thread that could call the subscription has ended, so the counts are final.
            CheckingSubscription subscription = publisher.subscription();
            assertThat(subscription.overlappingCalls.get())
                    .as("request or cancel calls that entered while another call was inside")
                    .isZero();
            assertThat(subscription.requestsAfterCancel.get())
                    .as("request calls after cancel")
                    .isZero();
            assertThat(subscription.nonPositiveRequests.get())
                    .as("request calls with n <= 0")
                    .isZero();
            assertThat(subscription.cancels.get())
                    .as("cancel calls after the channel was cancelled")
                    .isEqualTo(1);
        });
    }
}
