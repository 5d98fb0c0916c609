package chanstream.reactor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chanstream.core.ChannelClosedException;
import chanstream.core.ReceiveChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.core.Exceptions;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.publisher.SignalType;

/** {@link ReactorChannels#toChannel}: backpressure is the buffer capacity. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ToChannelTest {

    @ParameterizedTest(name = "capacity {0}, {1} threads")
    @MethodSource("chanstream.reactor.TestChannels#boundedCapacitiesAndThreadKinds")
    void keepsOutstandingPlusBufferedWithinCapacity(int capacity, ThreadKind kind)
            throws Throwable {
        kind.run(() -> {
            int count = 100;
            int bound = Math.max(capacity, 1);
            DemandLedger ledger = new DemandLedger();
            AtomicReference<ReceiveChannel<Integer>> channel = new AtomicReference<>();
            Flux<Integer> source = Flux.range(0, count)
                    .doOnNext(element -> ledger.emitted++)
                    .doOnRequest(n -> {
                        ledger.requested += n;
                        ReceiveChannel<Integer> ch = channel.get();
                        int buffered = ch == null ? 0 : ch.size();
                        assertThat(ledger.outstanding() + buffered)
                                .as("outstanding + buffered after request(%d)", n)
                                .isLessThanOrEqualTo(bound);
                    });

            ReceiveChannel<Integer> ch = ReactorChannels.toChannel(source, capacity);
            channel.set(ch);

            for (int i = 0; i < count; i++) {
                assertThat(ledger.outstanding() + ch.size())
                        .as("outstanding + buffered after %d receives", i)
                        .isLessThanOrEqualTo(bound);
                assertThat(ch.receive()).isEqualTo(i);
            }
            assertThat(ch.receiveOrNull()).as("receive after completion").isNull();
        });
    }

    @ParameterizedTest(name = "{0} threads")
    @MethodSource("chanstream.reactor.TestChannels#threadKinds")
    void unbufferedRequestsOnlyWhileReceiverWaits(ThreadKind kind) throws Throwable {
        kind.run(() -> {
            DemandLedger ledger = new DemandLedger();
            Flux<Integer> source = Flux.range(0, 10).doOnRequest(n -> ledger.requested += n);

            ReceiveChannel<Integer> ch = ReactorChannels.toChannel(source, 0);
            assertThat(ledger.requested).as("requested before any receive").isZero();
            assertThat(ch.tryReceive()).as("tryReceive with nothing requested").isNull();
            assertThat(ledger.requested).as("requested after tryReceive").isZero();

            for (int i = 0; i < 10; i++) {
                assertThat(ch.receive()).isEqualTo(i);
                assertThat(ledger.requested).as("requested after %d receives", i + 1)
                        .isEqualTo(i + 1);
            }
        });
    }

    @Test
    void abandonedReceiveKeepsLateElement() throws Exception {
        ManualPublisher<String> source = new ManualPublisher<>();
        ReceiveChannel<String> ch = ReactorChannels.toChannel(source, 0);

        CompletableFuture<String> abandoned = ch.receiveAsync();
        assertThat(source.requested()).as("requested while the receive waits").isEqualTo(1);
        abandoned.cancel(false);
        source.emit("late");

        assertThat(ch.size()).as("elements held for the next receiver").isEqualTo(1);
        assertThat(ch.receive()).isEqualTo("late");
        assertThat(source.requested()).as("requested after the second receive").isEqualTo(1);
    }

    @Test
    void unlimitedRequestsLongMaxOnce() throws InterruptedException {
        List<Long> requests = new ArrayList<>();
        Flux<Integer> source = Flux.range(0, 1_000).doOnRequest(requests::add);

        ReceiveChannel<Integer> ch = ReactorChannels.toChannel(source, TestChannels.UNLIMITED);

        assertThat(requests).containsExactly(Long.MAX_VALUE);
        assertThat(ch.size()).isEqualTo(1_000);
        assertThat(ch.receive()).isZero();
    }

    @ParameterizedTest(name = "capacity {0}")
    @MethodSource("chanstream.reactor.TestChannels#capacities")
    void completionClosesChannelAfterBufferedElements(int capacity) throws InterruptedException {
        ReceiveChannel<Integer> ch = ReactorChannels.toChannel(Flux.range(0, 3), capacity);

        assertThat(receive(ch, 3)).containsExactly(0, 1, 2);
        assertThat(ch.receiveOrNull()).as("receive after completion").isNull();
        assertThat(ch.isClosedForReceive()).as("closed for receive").isTrue();
    }

    @ParameterizedTest(name = "capacity {0}")
    @MethodSource("chanstream.reactor.TestChannels#capacities")
    void errorClosesChannelWithCauseAfterBufferedElements(int capacity)
            throws InterruptedException {
        IllegalStateException cause = new IllegalStateException("source failed");
        Flux<Integer> source = Flux.concat(Flux.range(0, 2), Flux.error(cause));

        ReceiveChannel<Integer> ch = ReactorChannels.toChannel(source, capacity);

        assertThat(receive(ch, 2)).containsExactly(0, 1);
        assertThatThrownBy(ch::receive).isInstanceOf(ChannelClosedException.class)
                .cause().isSameAs(cause);
    }

    @ParameterizedTest(name = "capacity {0}")
    @MethodSource("chanstream.reactor.TestChannels#capacities")
    void cancelCancelsTheSubscription(int capacity) {
        AtomicBoolean cancelled = new AtomicBoolean();
        Flux<Integer> source = Flux.<Integer>never().doOnCancel(() -> cancelled.set(true));
        ReceiveChannel<Integer> ch = ReactorChannels.toChannel(source, capacity);

        ch.cancel();

        assertThat(cancelled).as("source cancelled").isTrue();
        assertThat(ch.isClosedForReceive()).as("closed for receive").isTrue();
    }

    /**
     * A hot source that ignores backpressure overflows the channel: the bridge closes the
     * channel with an error after the buffered elements, cancels the source, and the
     * producer thread stops.
     */
    @ParameterizedTest(name = "capacity {0}, {1} threads")
    @MethodSource("chanstream.reactor.TestChannels#boundedCapacitiesAndThreadKinds")
    void hotSourceIgnoringBackpressureIsCancelledAndClosesChannel(int capacity, ThreadKind kind)
            throws Throwable {
        kind.run(() -> {
            CountDownLatch finished = new CountDownLatch(1);
            AtomicReference<SignalType> finalSignal = new AtomicReference<>();
            AtomicReference<CompletableFuture<Void>> producer = new AtomicReference<>();
            Flux<Integer> hot = Flux.<Integer>create(sink -> producer.set(kind.start("hot",
                            () -> {
                                for (int i = 0; i < 1_000_000 && !sink.isCancelled(); i++) {
                                    sink.next(i);
                                }
                            })), FluxSink.OverflowStrategy.IGNORE)
                    .doFinally(signal -> {
                        finalSignal.set(signal);
                        finished.countDown();
                    });

            ReceiveChannel<Integer> ch = ReactorChannels.toChannel(hot, capacity);
            // The slowest receiver: it receives nothing until the source has ended.
            assertThat(finished.await(20, TimeUnit.SECONDS)).as("doFinally ran").isTrue();

            assertThat(finalSignal).as("final signal of the source").hasValue(SignalType.CANCEL);
            ThreadKind.await(producer.get());
            List<Integer> drained = new ArrayList<>();
            Throwable closed = null;
            try {
                for (int i = 0; i <= capacity + 1; i++) {
                    drained.add(ch.receive());
                }
            } catch (ChannelClosedException expected) {
                closed = expected;
            }
            assertThat(drained).as("elements buffered before the overflow")
                    .hasSizeLessThanOrEqualTo(capacity);
            assertThat(closed).as("receive after the overflow")
                    .isInstanceOf(ChannelClosedException.class);
            assertThat(closed.getCause()).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("1.1");
        });
    }

    @Test
    void intervalOverflowErrorClosesChannel() throws Exception {
        int capacity = 4;
        CountDownLatch finished = new CountDownLatch(1);
        AtomicReference<SignalType> finalSignal = new AtomicReference<>();
        Flux<Long> ticks = Flux.interval(Duration.ofMillis(1)).doFinally(signal -> {
            finalSignal.set(signal);
            finished.countDown();
        });

        ReceiveChannel<Long> ch = ReactorChannels.toChannel(ticks, capacity);
        // No receiver takes an element, so the interval runs out of demand after `capacity` ticks.
        assertThat(finished.await(20, TimeUnit.SECONDS)).as("doFinally ran").isTrue();

        assertThat(finalSignal).as("final signal of the interval").hasValue(SignalType.ON_ERROR);
        assertThat(receive(ch, capacity)).containsExactly(0L, 1L, 2L, 3L);
        assertThatThrownBy(ch::receive).isInstanceOf(ChannelClosedException.class)
                .cause().matches(Exceptions::isOverflow, "is Reactor's overflow error");
    }

    @Test
    void rejectsNegativeCapacity() {
        assertThatThrownBy(() -> ReactorChannels.toChannel(Flux.just(1), -1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static <T> List<T> receive(ReceiveChannel<T> ch, int count)
            throws InterruptedException {
        List<T> received = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            received.add(ch.receive());
        }
        return received;
    }

    /** Demand requested from, and elements emitted by, a source; read on one thread. */
    private static final class DemandLedger {

        long requested;
        long emitted;

        long outstanding() {
            return requested - emitted;
        }
    }
}
