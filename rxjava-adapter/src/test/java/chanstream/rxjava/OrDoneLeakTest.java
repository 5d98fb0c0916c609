package chanstream.rxjava;

import static chanstream.rxjava.TestChannels.queueLengths;
import static org.assertj.core.api.Assertions.assertThat;

import chanstream.core.Channel;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import io.reactivex.rxjava3.processors.PublishProcessor;
import io.reactivex.rxjava3.subscribers.DisposableSubscriber;

/**
 * Repeated subscribe, take one element, dispose: every round must release both the
 * channel reader and the done watch, so that nothing accumulates on a long-lived done
 * signal.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class OrDoneLeakTest {

    private static final int ROUNDS = 10_000;

    @ParameterizedTest(name = "{0} threads")
    @MethodSource("chanstream.rxjava.TestChannels#threadKinds")
    void takeOneLeavesNoWaiterOnEitherChannel(ThreadKind kind) throws Throwable {
        kind.run(() -> {
            Channel<Integer> src = Channel.buffered(ROUNDS);
            Channel<String> done = Channel.unbuffered();
            for (int i = 0; i < ROUNDS; i++) {
                src.trySend(i);
            }

            for (int round = 0; round < ROUNDS; round++) {
                Integer element = RxChannels.orDone(RxChannels.toFlowable(src), done)
                        .take(1)
                        .blockingLast();
                assertThat(element).as("element of round %d", round).isEqualTo(round);
            }

            assertThat(queueLengths(done)).as("senders, receivers, watchers of done")
                    .containsExactly(0, 0, 0);
            assertThat(queueLengths(src)).as("senders, receivers, watchers of the source")
                    .containsExactly(0, 0, 0);
        });
    }

    @ParameterizedTest(name = "{0} threads")
    @MethodSource("chanstream.rxjava.TestChannels#threadKinds")
    void disposeAfterOneElementLeavesNoWaiterOnEitherChannel(ThreadKind kind) throws Throwable {
        kind.run(() -> {
            Channel<Integer> src = Channel.buffered(ROUNDS);
            Channel<String> done = Channel.unbuffered();
            for (int i = 0; i < ROUNDS; i++) {
                src.trySend(i);
            }
            AtomicInteger received = new AtomicInteger();
            List<Throwable> errors = new CopyOnWriteArrayList<>();

            for (int round = 0; round < ROUNDS; round++) {
                DisposableSubscriber<Integer> subscriber = new DisposableSubscriber<>() {
                    @Override
                    protected void onStart() {
                        request(1);
                    }

                    @Override
                    public void onNext(Integer element) {
                        received.incrementAndGet();
                    }

                    @Override
                    public void onError(Throwable failure) {
                        errors.add(failure);
                    }

                    @Override
                    public void onComplete() {
                    }
                };
                RxChannels.orDone(RxChannels.toFlowable(src), done).subscribe(subscriber);
                subscriber.dispose();
            }

            assertThat(errors).as("errors").isEmpty();
            assertThat(received).as("elements received").hasValue(ROUNDS);
            assertThat(queueLengths(done)).as("senders, receivers, watchers of done")
                    .containsExactly(0, 0, 0);
            assertThat(queueLengths(src)).as("senders, receivers, watchers of the source")
                    .containsExactly(0, 0, 0);
            assertThat(src.size()).as("elements left in the source").isZero();
        });
    }

    @ParameterizedTest(name = "{0} threads")
    @MethodSource("chanstream.rxjava.TestChannels#threadKinds")
    void takeUntilOnHotSignalEndsWithoutSubscribers(ThreadKind kind) throws Throwable {
        kind.run(() -> {
            Channel<Integer> src = Channel.buffered(ROUNDS);
            for (int i = 0; i < ROUNDS; i++) {
                src.trySend(i);
            }
            PublishProcessor<String> lifecycle = PublishProcessor.create();

            for (int round = 0; round < ROUNDS; round++) {
                RxChannels.toFlowable(src).takeUntil(lifecycle).take(1).blockingLast();
            }

            assertThat(lifecycle.hasSubscribers()).as("hot signal has subscribers").isFalse();
            assertThat(queueLengths(src)).as("senders, receivers, watchers of the source")
                    .containsExactly(0, 0, 0);
        });
    }
}
