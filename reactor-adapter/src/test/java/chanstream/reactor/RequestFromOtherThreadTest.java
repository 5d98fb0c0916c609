package chanstream.reactor;

import static chanstream.reactor.TestChannels.channel;
import static org.assertj.core.api.Assertions.assertThat;

import chanstream.core.Channel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;

/**
 * {@link ReactorChannels#toFlux} emits on the sending thread while the subscriber
 * requests one element at a time from another executor: at every {@code onNext}, the
 * delivered count must not exceed the demand requested so far (rule 1.1), and no element
 * may be lost or repeated.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class RequestFromOtherThreadTest {

    private static final int ELEMENTS = 20_000;
    private static final int STRESS_ELEMENTS = 1_000_000;

    @ParameterizedTest(name = "capacity {0}, {1} threads")
    @MethodSource("chanstream.reactor.TestChannels#capacitiesAndThreadKinds")
    void deliversNoMoreThanRequestedFromAnotherThread(int capacity, ThreadKind kind)
            throws Throwable {
        kind.run(() -> streamWithRemoteRequests(capacity, kind, ELEMENTS));
    }

    @Tag("stress")
    @ParameterizedTest(name = "capacity {0}, {1} threads")
    @MethodSource("chanstream.reactor.TestChannels#capacitiesAndThreadKinds")
    void deliversNoMoreThanRequestedFromAnotherThreadUnderStress(int capacity, ThreadKind kind)
            throws Throwable {
        kind.run(() -> streamWithRemoteRequests(capacity, kind, STRESS_ELEMENTS));
    }

    private static void streamWithRemoteRequests(int capacity, ThreadKind kind, int count)
            throws Throwable {
        Channel<Integer> ch = channel(capacity);
        ExecutorService requester = Executors.newSingleThreadExecutor(kind.factory());
        try {
            RemoteRequester subscriber = new RemoteRequester(requester);
            ReactorChannels.toFlux(ch).subscribe(subscriber);
            CompletableFuture<Void> producer = kind.start("producer", () -> {
                for (int i = 0; i < count; i++) {
                    ch.send(i);
                }
                ch.close();
            });

            assertThat(subscriber.completed.await(120, TimeUnit.SECONDS)).as("completed")
                    .isTrue();
            ThreadKind.await(producer);
            assertThat(subscriber.violation).as("first rule violation").hasValue(null);
            assertThat(subscriber.delivered).as("elements delivered").isEqualTo(count);
        } finally {
            requester.shutdownNow();
        }
    }

    /**
     * Requests one element in {@code onSubscribe}, then one more from the requester
     * executor after each element, after a short random pause.
     */
    private static final class RemoteRequester extends BaseSubscriber<Integer> {

        final AtomicLong requested = new AtomicLong();
        final AtomicReference<@Nullable String> violation = new AtomicReference<>();
        final CountDownLatch completed = new CountDownLatch(1);
        private final ExecutorService requester;
        volatile long delivered;

        RemoteRequester(ExecutorService requester) {
            this.requester = requester;
        }

        @Override
        protected void hookOnSubscribe(Subscription subscription) {
            requestOne();
        }

        @Override
        protected void hookOnNext(Integer element) {
            long count = delivered + 1;
            delivered = count;
            if (count > requested.get()) {
                violation.compareAndSet(null, "onNext #" + count + " with only "
                        + requested.get() + " requested");
            }
            if (element != count - 1) {
                violation.compareAndSet(null, "onNext #" + count + " carried " + element);
            }
            requester.execute(() -> {
                pause();
                requestOne();
            });
        }

        @Override
        protected void hookOnComplete() {
            completed.countDown();
        }

        @Override
        protected void hookOnError(Throwable failure) {
            violation.compareAndSet(null, "onError(" + failure + ")");
            completed.countDown();
        }

        private void requestOne() {
            // Counted before the request, so that an onNext it causes reads the new total.
            requested.incrementAndGet();
            request(1);
        }

        private static void pause() {
            int spins = ThreadLocalRandom.current().nextInt(64);
            for (int i = 0; i < spins; i++) {
                Thread.onSpinWait();
            }
        }
    }
}
