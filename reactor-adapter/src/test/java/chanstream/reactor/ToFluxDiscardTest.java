package chanstream.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import chanstream.core.Channel;
import chanstream.core.ReactiveChannels;
import chanstream.core.ReceiveChannel;
import java.lang.ref.Reference;
import java.lang.ref.WeakReference;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;
import reactor.test.subscriber.TestSubscriber;

/**
 * What happens to an element that {@link ReactorChannels#toFlux} took from the channel
 * while its subscriber cancelled: it goes to the channel's undelivered handler, or else
 * to Reactor's discard hook, and never nowhere; a cancelled subscription keeps no
 * reference to it.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ToFluxDiscardTest {

    private static final int ELEMENTS = 20_000;
    private static final int STRESS_ELEMENTS = 100_000;

    /**
     * Builds the interleaving deterministically: the channel is fed by {@code toChannel}
     * with capacity 0, so the subscription's waiting receive makes the bridge request one
     * element; inside that request the test cancels the subscriber and then emits, so the
     * element reaches a receive that was claimed for a cancelled subscription.
     */
    @Test
    void elementTakenDuringCancelGoesToDiscardHook() {
        ManualPublisher<String> source = new ManualPublisher<>();
        ReceiveChannel<String> ch = ReactorChannels.toChannel(source, 0);
        List<Object> discarded = new CopyOnWriteArrayList<>();
        TestSubscriber<String> subscriber = TestSubscriber.create();
        source.onRequest(n -> {
            subscriber.cancel();
            source.emit("claimed during the cancel");
        });

        ReactorChannels.toFlux(ch).doOnDiscard(String.class, discarded::add).subscribe(subscriber);

        assertThat(source.requested()).as("requested from the source").isEqualTo(1);
        assertThat(subscriber.getReceivedOnNext()).as("delivered").isEmpty();
        assertThat(discarded).as("discarded").containsExactly("claimed during the cancel");
        assertThat(ch.tryReceive()).as("left in the channel").isNull();
    }

    @Test
    void channelUndeliveredHandlerTakesPrecedenceOverDiscardHook() {
        ManualPublisher<String> source = new ManualPublisher<>();
        List<String> undelivered = new CopyOnWriteArrayList<>();
        ReceiveChannel<String> ch = ReactiveChannels.toChannel(source, 0, undelivered::add);
        List<Object> discarded = new CopyOnWriteArrayList<>();
        TestSubscriber<String> subscriber = TestSubscriber.create();
        source.onRequest(n -> {
            subscriber.cancel();
            source.emit("claimed during the cancel");
        });

        ReactorChannels.toFlux(ch).doOnDiscard(String.class, discarded::add).subscribe(subscriber);

        assertThat(undelivered).as("passed to the undelivered handler")
                .containsExactly("claimed during the cancel");
        assertThat(discarded).as("passed to the discard hook").isEmpty();
    }

    @ParameterizedTest(name = "{0} threads")
    @MethodSource("chanstream.reactor.TestChannels#threadKinds")
    void cancelRacingDeliveryLosesNoElement(ThreadKind kind) throws Throwable {
        kind.run(() -> runCancelRace(kind, ELEMENTS, false));
    }

    @ParameterizedTest(name = "{0} threads")
    @MethodSource("chanstream.reactor.TestChannels#threadKinds")
    void cancelRacingDeliveryLosesNoElementWithUndeliveredHandler(ThreadKind kind)
            throws Throwable {
        kind.run(() -> runCancelRace(kind, ELEMENTS, true));
    }

    @Tag("stress")
    @ParameterizedTest(name = "{0} threads")
    @MethodSource("chanstream.reactor.TestChannels#threadKinds")
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
     * element must have been delivered, discarded or left in the channel, exactly once.
     */
    private static void runCancelRace(ThreadKind kind, int total, boolean channelHandler)
            throws Throwable {
        AtomicIntegerArray outcomes = new AtomicIntegerArray(total);
        AtomicLong delivered = new AtomicLong();
        AtomicLong discarded = new AtomicLong();
        IntConsumer discard = element -> {
            discarded.incrementAndGet();
            outcomes.incrementAndGet(element);
        };
        Channel<Integer> ch = channelHandler
                ? Channel.<Integer>builder().capacity(16).onUndelivered(discard::accept).build()
                : Channel.buffered(16);
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
                racer.race(
                        () -> ReactorChannels.toFlux(ch)
                                .doOnDiscard(Integer.class, discard::accept)
                                .subscribe(subscriber),
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
        System.out.printf("cancel race, %d elements, %d rounds: %d delivered, %d discarded,"
                + " %d remaining%n", total, round, delivered.get(), discarded.get(), remaining);
        assertThat(delivered.get() + discarded.get() + remaining)
                .as("delivered + discarded + remaining").isEqualTo(total);
        for (int i = 0; i < total; i++) {
            assertThat(outcomes.get(i)).as("times element %d was delivered, discarded or left", i)
                    .isEqualTo(1);
        }
    }

    @Test
    void cancelledSubscriptionKeepsNoReferenceToDeliveredElement() {
        Channel<Object> ch = Channel.buffered(4);
        WeakReference<Object> element = sendFreshObject(ch);
        CountingSubscriber subscriber = new CountingSubscriber(1, ignored -> { });
        ReactorChannels.toFlux(ch).map(Object::hashCode).subscribe(subscriber);
        assertThat(subscriber.received()).as("delivered").isEqualTo(1);

        subscriber.cancel();

        assertThat(collected(element)).as("element collected after the cancel").isTrue();
        Reference.reachabilityFence(subscriber);
        Reference.reachabilityFence(ch);
    }

    @Test
    void cancelledSubscriptionKeepsNoReferenceToDiscardedElement() {
        ManualPublisher<Object> source = new ManualPublisher<>();
        ReceiveChannel<Object> ch = ReactorChannels.toChannel(source, 0);
        AtomicReference<Subscription> subscription = new AtomicReference<>();
        AtomicReference<WeakReference<Object>> element = new AtomicReference<>();
        source.onRequest(n -> {
            subscription.get().cancel();
            Object fresh = new Object();
            element.set(new WeakReference<>(fresh));
            source.emit(fresh);
        });
        List<Object> discarded = new CopyOnWriteArrayList<>();

        ReactorChannels.toFlux(ch)
                .doOnDiscard(Object.class, discardedElement -> discarded.add("discarded"))
                .subscribe(new BaseSubscriber<Object>() {
                    @Override
                    protected void hookOnSubscribe(Subscription upstream) {
                        subscription.set(upstream);
                        upstream.request(1);
                    }
                });

        assertThat(discarded).as("discard hook calls").hasSize(1);
        assertThat(collected(element.get())).as("element collected after the discard").isTrue();
        Reference.reachabilityFence(subscription.get());
        Reference.reachabilityFence(ch);
    }

    @Test
    void cancelledSubscriptionKeepsNoReferenceToSubscriber() {
        Channel<Object> ch = Channel.buffered(4);
        AtomicReference<Subscription> subscription = new AtomicReference<>();
        WeakReference<Object> subscriber = subscribeAndForget(ch, subscription);

        subscription.get().cancel();

        assertThat(collected(subscriber)).as("subscriber collected after the cancel (rule 3.13)")
                .isTrue();
        Reference.reachabilityFence(subscription.get());
        Reference.reachabilityFence(ch);
    }

    private static WeakReference<Object> sendFreshObject(Channel<Object> ch) {
        Object fresh = new Object();
        ch.trySend(fresh);
        return new WeakReference<>(fresh);
    }

    private static WeakReference<Object> subscribeAndForget(Channel<Object> ch,
            AtomicReference<Subscription> subscription) {
        BaseSubscriber<Object> subscriber = new BaseSubscriber<>() {
            @Override
            protected void hookOnSubscribe(Subscription upstream) {
                subscription.set(upstream);
                upstream.request(1);
            }
        };
        ReactorChannels.toFlux(ch).subscribe(subscriber);
        return new WeakReference<>(subscriber);
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
    private static final class CountingSubscriber extends BaseSubscriber<Integer> {

        private final int request;
        private final IntConsumer onElement;
        private volatile int received;

        CountingSubscriber(int request, IntConsumer onElement) {
            this.request = request;
            this.onElement = onElement;
        }

        @Override
        protected void hookOnSubscribe(Subscription subscription) {
            subscription.request(request);
        }

        @Override
        protected void hookOnNext(Integer element) {
            onElement.accept(element);
            received++;
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
            while (received == 0 && !isDisposed() && System.nanoTime() - deadline < 0) {
                Thread.yield();
            }
            cancel();
        }
    }
}
