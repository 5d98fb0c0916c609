package chanstream.rxjava;

import static org.assertj.core.api.Assertions.assertThat;

import chanstream.core.Channel;
import chanstream.core.ChannelBuilder;
import chanstream.core.ChannelHooks;
import chanstream.core.ReactiveChannels;
import chanstream.core.ReceiveChannel;
import io.reactivex.rxjava3.subscribers.DisposableSubscriber;
import io.reactivex.rxjava3.subscribers.TestSubscriber;
import java.lang.ref.Reference;
import java.lang.ref.WeakReference;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What happens to an element that {@link RxChannels#toFlowable} took from the channel
 * while its subscriber cancelled: RxJava has no discard hook, so it goes to the channel's
 * undelivered handler; every other element stays in the channel, and a cancelled
 * subscription keeps no reference to any of them.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CancelRaceTest {

    private static final int ELEMENTS = 20_000;
    private static final int STRESS_ELEMENTS = 100_000;

    /**
     * Builds the interleaving deterministically: the channel is fed with capacity 0, so
     * the subscription's waiting receive makes the bridge request one element; inside
     * that request the test cancels the subscriber and then emits.
     */
    @Test
    void elementTakenDuringCancelGoesToUndeliveredHandler() {
        ManualPublisher<String> source = new ManualPublisher<>();
        List<String> undelivered = new CopyOnWriteArrayList<>();
        ReceiveChannel<String> ch = ReactiveChannels.toChannel(source, 0, undelivered::add);
        TestSubscriber<String> subscriber = new TestSubscriber<>();
        source.onRequest(n -> {
            subscriber.cancel();
            source.emit("claimed during the cancel");
        });

        RxChannels.toFlowable(ch).subscribe(subscriber);

        assertThat(source.requested()).as("requested from the source").isEqualTo(1);
        subscriber.assertEmpty();
        assertThat(undelivered).as("undelivered").containsExactly("claimed during the cancel");
        assertThat(ch.tryReceive()).as("left in the channel").isNull();
    }

    @ParameterizedTest(name = "{0} threads")
    @MethodSource("chanstream.rxjava.TestChannels#threadKinds")
    void cancelRacingDeliveryLosesNoElement(ThreadKind kind) throws Throwable {
        kind.run(() -> runCancelRace(kind, ELEMENTS, false));
    }

    @ParameterizedTest(name = "{0} threads")
    @MethodSource("chanstream.rxjava.TestChannels#threadKinds")
    void cancelRacingDeliveryReachesGlobalHookWithoutHandler(ThreadKind kind) throws Throwable {
        kind.run(() -> runCancelRace(kind, ELEMENTS, true));
    }

    @Tag("stress")
    @ParameterizedTest(name = "{0} threads")
    @MethodSource("chanstream.rxjava.TestChannels#threadKinds")
    void cancelRacingDeliveryLosesNoElementUnderStress(ThreadKind kind) throws Throwable {
        kind.run(() -> {
            runCancelRace(kind, STRESS_ELEMENTS, false);
            runCancelRace(kind, STRESS_ELEMENTS, true);
        });
    }

    /**
     * Sends {@code total} elements into a {@code buffered(16)} channel from a producer
     * thread, while this thread subscribes again and again, requests a few elements, and
     * a second thread cancels each subscription after its first element. At the end every
     * element must have been delivered, passed to the undelivered handler (the channel's, or
     * with {@code globalHook} the one of {@link ChannelHooks}) or left in the channel, exactly
     * once.
     */
    private static void runCancelRace(ThreadKind kind, int total, boolean globalHook)
            throws Throwable {
        AtomicIntegerArray outcomes = new AtomicIntegerArray(total);
        AtomicLong delivered = new AtomicLong();
        AtomicLong undelivered = new AtomicLong();
        Consumer<Object> count = element -> {
            undelivered.incrementAndGet();
            outcomes.incrementAndGet((Integer) element);
        };
        ChannelBuilder<Integer> builder = Channel.<Integer>builder().capacity(16);
        if (globalHook) {
            ChannelHooks.setUndeliveredElementHandler(count);
        } else {
            builder.onUndelivered(count::accept);
        }
        Channel<Integer> ch = builder.build();
        try {
            runCancelRace(kind, total, ch, outcomes, delivered, undelivered);
        } finally {
            ChannelHooks.setUndeliveredElementHandler(null);
        }
    }

    private static void runCancelRace(ThreadKind kind, int total, Channel<Integer> ch,
            AtomicIntegerArray outcomes, AtomicLong delivered, AtomicLong undelivered)
            throws Throwable {
        CompletableFuture<Void> producer = kind.start("producer", () -> {
            for (int i = 0; i < total; i++) {
                ch.send(i);
            }
            ch.close();
        });
        int round = 0;
        try (Racer racer = new Racer(kind)) {
            while (!ch.isClosedForReceive() && round < total + 1_000) {
                round++;
                CountingSubscriber subscriber = new CountingSubscriber(
                        1 + ThreadLocalRandom.current().nextInt(4), element -> {
                            delivered.incrementAndGet();
                            outcomes.incrementAndGet(element);
                        });
                racer.race(() -> RxChannels.toFlowable(ch).subscribe(subscriber),
                        subscriber::cancelAfterFirstElement);
            }
        } catch (Throwable failure) {
            throw new AssertionError("round " + round + " failed", failure);
        }
        ThreadKind.await(producer);

        long remaining = 0;
        for (Integer element; (element = ch.tryReceive()) != null; ) {
            remaining++;
            outcomes.incrementAndGet(element);
        }
        assertThat(delivered.get() + undelivered.get() + remaining)
                .as("delivered + undelivered + remaining after %d rounds", round)
                .isEqualTo(total);
        for (int i = 0; i < total; i++) {
            assertThat(outcomes.get(i)).as("times element %d was delivered or dropped", i)
                    .isEqualTo(1);
        }
    }

    @Test
    void cancelledSubscriptionKeepsNoReferenceToDeliveredElement() {
        Channel<Object> ch = Channel.buffered(4);
        WeakReference<Object> element = sendFreshObject(ch);
        CountingSubscriber subscriber = new CountingSubscriber(1, ignored -> { });
        RxChannels.toFlowable(ch).map(Object::hashCode).subscribe(subscriber);
        assertThat(subscriber.received()).as("delivered").isEqualTo(1);

        subscriber.dispose();

        assertThat(collected(element)).as("element collected after the cancel").isTrue();
        Reference.reachabilityFence(subscriber);
        Reference.reachabilityFence(ch);
    }

    private static WeakReference<Object> sendFreshObject(Channel<Object> ch) {
        Object fresh = new Object();
        ch.trySend(fresh);
        return new WeakReference<>(fresh);
    }

    /** Runs the garbage collector, a bounded number of times, until {@code ref} is cleared. */
    private static boolean collected(WeakReference<?> ref) {
        for (int attempt = 0; attempt < 50 && ref.get() != null; attempt++) {
            System.gc();
            byte[] pressure = new byte[1 << 20];
            Reference.reachabilityFence(pressure);
        }
        return ref.get() == null;
    }

    /**
     * Requests a fixed number of elements, counts what it receives, and can be cancelled
     * from another thread once the first element arrived.
     */
    private static final class CountingSubscriber extends DisposableSubscriber<Integer> {

        private final int request;
        private final IntConsumer onElement;
        private volatile int received;
        private volatile boolean terminated;

        CountingSubscriber(int request, IntConsumer onElement) {
            this.request = request;
            this.onElement = onElement;
        }

        @Override
        protected void onStart() {
            request(request);
        }

        @Override
        public void onNext(Integer element) {
            onElement.accept(element);
            received++;
        }

        @Override
        public void onError(Throwable failure) {
            terminated = true;
        }

        @Override
        public void onComplete() {
            terminated = true;
        }

        int received() {
            return received;
        }

        /**
         * Waits, with a bound, for the first element or the end of the stream, then
         * cancels; the cancel races with the delivery of the remaining requested
         * elements.
         */
        void cancelAfterFirstElement() {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (received == 0 && !terminated && System.nanoTime() - deadline < 0) {
                Thread.yield();
            }
            dispose();
        }
    }
}
