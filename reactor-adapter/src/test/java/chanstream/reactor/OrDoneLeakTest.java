package chanstream.reactor;

import static chanstream.reactor.TestChannels.queueLengths;
import static org.assertj.core.api.Assertions.assertThat;

import chanstream.core.Channel;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Sinks;

/**
 * Repeated subscribe, take one element, dispose: every round must release both the
 * channel reader and the done watch, so that nothing accumulates on a long-lived done
 * signal.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class OrDoneLeakTest {

    private static final int ROUNDS = 10_000;

    private static final Duration BLOCK_TIMEOUT = Duration.ofSeconds(20);

    @ParameterizedTest(name = "{0} threads")
    @MethodSource("chanstream.reactor.TestChannels#threadKinds")
    void takeOneLeavesNoWaiterOnEitherChannel(ThreadKind kind) throws Throwable {
        kind.run(() -> {
            Channel<Integer> src = Channel.buffered(ROUNDS);
            Channel<String> done = Channel.unbuffered();
            for (int i = 0; i < ROUNDS; i++) {
                src.trySend(i);
            }

            for (int round = 0; round < ROUNDS; round++) {
                Integer element = ReactorChannels.orDone(ReactorChannels.toFlux(src), done)
                        .take(1)
                        .blockLast(BLOCK_TIMEOUT);
                assertThat(element).as("element of round %d", round).isEqualTo(round);
            }

            assertThat(queueLengths(done)).as("senders, receivers, watchers of done")
                    .containsExactly(0, 0, 0);
            assertThat(queueLengths(src)).as("senders, receivers, watchers of the source")
                    .containsExactly(0, 0, 0);
        });
    }

    @ParameterizedTest(name = "{0} threads")
    @MethodSource("chanstream.reactor.TestChannels#threadKinds")
    void disposeAfterOneElementLeavesNoWaiterOnEitherChannel(ThreadKind kind) throws Throwable {
        kind.run(() -> {
            Channel<Integer> src = Channel.buffered(ROUNDS);
            Channel<String> done = Channel.unbuffered();
            for (int i = 0; i < ROUNDS; i++) {
                src.trySend(i);
            }
            AtomicInteger received = new AtomicInteger();

            for (int round = 0; round < ROUNDS; round++) {
                BaseSubscriber<Integer> subscriber = new BaseSubscriber<>() {
                    @Override
                    protected void hookOnSubscribe(Subscription subscription) {
                        subscription.request(1);
                    }

                    @Override
                    protected void hookOnNext(Integer element) {
                        received.incrementAndGet();
                    }
                };
                ReactorChannels.orDone(ReactorChannels.toFlux(src), done).subscribe(subscriber);
                subscriber.dispose();
            }

            assertThat(received).as("elements received").hasValue(ROUNDS);
            assertThat(queueLengths(done)).as("senders, receivers, watchers of done")
                    .containsExactly(0, 0, 0);
            assertThat(queueLengths(src)).as("senders, receivers, watchers of the source")
                    .containsExactly(0, 0, 0);
            assertThat(src.size()).as("elements left in the source").isZero();
        });
    }

    @ParameterizedTest(name = "{0} threads")
    @MethodSource("chanstream.reactor.TestChannels#threadKinds")
    void takeUntilOtherOnHotSignalEndsWithoutSubscribers(ThreadKind kind) throws Throwable {
        kind.run(() -> {
            Channel<Integer> src = Channel.buffered(ROUNDS);
            for (int i = 0; i < ROUNDS; i++) {
                src.trySend(i);
            }
            Sinks.Many<String> lifecycle = Sinks.many().multicast().directBestEffort();

            for (int round = 0; round < ROUNDS; round++) {
                ReactorChannels.toFlux(src)
                        .takeUntilOther(lifecycle.asFlux())
                        .take(1)
                        .blockLast(BLOCK_TIMEOUT);
            }

            assertThat(lifecycle.currentSubscriberCount()).as("subscribers of the hot signal")
                    .isZero();
            assertThat(queueLengths(src)).as("senders, receivers, watchers of the source")
                    .containsExactly(0, 0, 0);
        });
    }
}
