package chanstream.rxjava;

import static chanstream.rxjava.TestChannels.channel;
import static org.assertj.core.api.Assertions.assertThat;

import chanstream.core.Channel;
import io.reactivex.rxjava3.core.Flowable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * A {@code request} made from another thread while {@link RxChannels#toFlowable} is still
 * wiring the subscription must not be lost: every round has one element ready and must
 * deliver it, and the demand must never deliver more.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class RequestRaceTest {

    private static final int ROUNDS = 2_000;
    private static final int STRESS_ROUNDS = 100_000;

    @ParameterizedTest(name = "capacity {0}, {1} threads")
    @MethodSource("chanstream.rxjava.TestChannels#capacitiesAndThreadKinds")
    void requestRacingSubscribeIsNeverLost(int capacity, ThreadKind kind) throws Throwable {
        kind.run(() -> raceRequestWithSubscribe(capacity, kind, ROUNDS));
    }

    @Tag("stress")
    @ParameterizedTest(name = "capacity {0}, {1} threads")
    @MethodSource("chanstream.rxjava.TestChannels#capacitiesAndThreadKinds")
    void requestRacingSubscribeIsNeverLostUnderStress(int capacity, ThreadKind kind)
            throws Throwable {
        kind.run(() -> raceRequestWithSubscribe(capacity, kind, STRESS_ROUNDS));
    }

    private static void raceRequestWithSubscribe(int capacity, ThreadKind kind, int rounds)
            throws Throwable {
        try (Racer racer = new Racer(kind)) {
            for (int round = 0; round < rounds; round++) {
                Channel<Integer> ch = channel(capacity);
                ch.sendAsync(round);
                Flowable<Integer> flux = RxChannels.toFlowable(ch);
                LateRequester subscriber = new LateRequester();
                try {
                    racer.race(() -> flux.subscribe(subscriber), subscriber::requestOne);
                    assertThat(subscriber.received.await(20, TimeUnit.SECONDS))
                            .as("element delivered").isTrue();
                    assertThat(subscriber.element).as("element").isEqualTo(round);
                    assertThat(subscriber.deliveries).as("deliveries").hasValue(1);
                    assertThat(subscriber.terminal).as("terminal signal").hasValue(null);
                } catch (Throwable failure) {
                    throw new AssertionError("round " + round + " failed", failure);
                }
            }
        }
    }

    /**
     * A plain subscriber that requests nothing in {@code onSubscribe}: another thread
     * requests one element as soon as the subscription is visible.
     */
    private static final class LateRequester implements Subscriber<Integer> {

        final AtomicReference<@Nullable Subscription> subscription = new AtomicReference<>();
        final CountDownLatch received = new CountDownLatch(1);
        final AtomicLong deliveries = new AtomicLong();
        final AtomicReference<@Nullable String> terminal = new AtomicReference<>();
        volatile @Nullable Integer element;

        @Override
        public void onSubscribe(Subscription s) {
            subscription.set(s);
        }

        @Override
        public void onNext(Integer next) {
            element = next;
            deliveries.incrementAndGet();
            received.countDown();
        }

        @Override
        public void onError(Throwable failure) {
            terminal.set("onError(" + failure + ")");
        }

        @Override
        public void onComplete() {
            terminal.set("onComplete");
        }

        void requestOne() {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            Subscription s;
            while ((s = subscription.get()) == null) {
                if (System.nanoTime() - deadline > 0) {
                    throw new AssertionError("onSubscribe was not called");
                }
                Thread.yield();
            }
            s.request(1);
        }
    }
}
