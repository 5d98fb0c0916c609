package chanstream.rxjava;

import static org.assertj.core.api.Assertions.assertThat;

import chanstream.core.Channel;
import chanstream.core.ChannelClosedException;
import chanstream.core.ChannelHooks;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import io.reactivex.rxjava3.subscribers.DisposableSubscriber;

/**
 * Reference-counted items sent into a channel while the {@link RxChannels#toFlowable}
 * subscriber cancels at the same moment: each item must be released exactly once, by the
 * consumer, the channel's undelivered handler, the next receiver or the producer that
 * could not send it.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class RefCountRaceTest {

    private static final int ROUNDS = 5_000;
    private static final int STRESS_ROUNDS = 100_000;

    @ParameterizedTest(name = "capacity {0}, {1} threads")
    @MethodSource("chanstream.rxjava.TestChannels#capacitiesAndThreadKinds")
    void itemRacingCancelIsReleasedOnce(int capacity, ThreadKind kind) throws Throwable {
        kind.run(() -> raceSendWithCancel(capacity, kind, ROUNDS));
    }

    @Tag("stress")
    @ParameterizedTest(name = "capacity {0}, {1} threads")
    @MethodSource("chanstream.rxjava.TestChannels#capacitiesAndThreadKinds")
    void itemRacingCancelIsReleasedOnceUnderStress(int capacity, ThreadKind kind)
            throws Throwable {
        kind.run(() -> raceSendWithCancel(capacity, kind, STRESS_ROUNDS));
    }

    private static void raceSendWithCancel(int capacity, ThreadKind kind, int rounds)
            throws Throwable {
        try (Racer racer = new Racer(kind)) {
            for (int round = 0; round < rounds; round++) {
                Channel<Item> ch = TestChannels.channel(capacity, Item::release);
                ReleasingSubscriber subscriber = new ReleasingSubscriber();
                RxChannels.toFlowable(ch).subscribe(subscriber);
                Item item = new Item();

                racer.race(() -> {
                    if (!ch.trySend(item)) {
                        item.release();
                    }
                }, subscriber::dispose);

                Item left = ch.tryReceive();
                if (left != null) {
                    left.release();
                }
                assertThat(item.releases()).as("releases of the item in round %d", round)
                        .isEqualTo(1);
            }
        }
    }

    @ParameterizedTest(name = "capacity {0}, {1} threads")
    @MethodSource("chanstream.rxjava.TestChannels#capacitiesAndThreadKinds")
    void closeWithCauseRacingCancelNeverThrowsIntoCloser(int capacity, ThreadKind kind)
            throws Throwable {
        kind.run(() -> {
            List<Throwable> undeliverable = new CopyOnWriteArrayList<>();
            ChannelHooks.setUndeliverableErrorHandler(undeliverable::add);
            try (Racer racer = new Racer(kind)) {
                for (int round = 0; round < ROUNDS; round++) {
                    Channel<Item> ch = TestChannels.channel(capacity);
                    ReleasingSubscriber subscriber = new ReleasingSubscriber();
                    RxChannels.toFlowable(ch).subscribe(subscriber);
                    IllegalStateException cause = new IllegalStateException("round " + round);

                    racer.race(() -> ch.close(cause), subscriber::dispose);

                    assertThat(subscriber.errors).as("errors delivered in round %d", round)
                            .allSatisfy(error -> assertThat(error).isSameAs(cause));
                    assertThat(ch.isClosedForReceive()).as("closed in round %d", round).isTrue();
                    try {
                        ch.receive();
                        throw new AssertionError("receive after the close returned in round "
                                + round);
                    } catch (ChannelClosedException expected) {
                        assertThat(expected.getCause()).as("close cause in round %d", round)
                                .isSameAs(cause);
                    }
                }
            } finally {
                ChannelHooks.setUndeliverableErrorHandler(null);
            }
            assertThat(undeliverable).as("errors reported to ChannelHooks").isEmpty();
        });
    }

    /** A reference-counted resource that records how often it was released. */
    private static final class Item {

        private final AtomicInteger releases = new AtomicInteger();

        void release() {
            releases.incrementAndGet();
        }

        int releases() {
            return releases.get();
        }
    }

    /** Requests without bound and releases every item it receives. */
    private static final class ReleasingSubscriber extends DisposableSubscriber<Item> {

        final List<Throwable> errors = new CopyOnWriteArrayList<>();

        @Override
        public void onNext(Item item) {
            item.release();
        }

        @Override
        public void onError(Throwable failure) {
            errors.add(failure);
        }

        @Override
        public void onComplete() {
        }
    }
}
