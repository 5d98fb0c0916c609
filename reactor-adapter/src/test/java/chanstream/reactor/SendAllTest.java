package chanstream.reactor;

import static chanstream.reactor.TestChannels.channel;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chanstream.core.Channel;
import chanstream.core.ChannelClosedException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** {@link ReactorChannels#sendAll}: a cold transfer with one send in flight at a time. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SendAllTest {

    private static final Duration VERIFY_TIMEOUT = Duration.ofSeconds(20);

    @Test
    void subscribesToSourceOnlyWhenSubscribed() throws Exception {
        Channel<Integer> ch = Channel.unlimited();
        AtomicInteger subscriptions = new AtomicInteger();
        Flux<Integer> source = Flux.range(0, 3).doOnSubscribe(s -> subscriptions.incrementAndGet());

        Mono<Void> transfer = ReactorChannels.sendAll(source, ch);
        assertThat(subscriptions).as("subscriptions before subscribe").hasValue(0);
        transfer.toFuture().get(20, TimeUnit.SECONDS);
        transfer.toFuture().get(20, TimeUnit.SECONDS);

        assertThat(subscriptions).as("subscriptions after two subscribes").hasValue(2);
        assertThat(ch.size()).as("elements sent by two transfers").isEqualTo(6);
    }

    @ParameterizedTest(name = "capacity {0}, {1} threads")
    @MethodSource("chanstream.reactor.TestChannels#capacitiesAndThreadKinds")
    void keepsAtMostOneSendInFlight(int capacity, ThreadKind kind) throws Throwable {
        kind.run(() -> {
            int count = 40;
            Channel<Integer> ch = channel(capacity);
            List<Long> requests = new CopyOnWriteArrayList<>();
            Flux<Integer> source = Flux.range(0, count).doOnRequest(requests::add);

            CompletableFuture<Void> transfer = ReactorChannels.sendAll(source, ch).toFuture();

            for (int received = 0; received < count; received++) {
                // Every requested element committed except one whose send may wait. The
                // range may complete after its last element without a further request.
                int committed = received + ch.size();
                assertThat(requests).as("requests after %d receives", received)
                        .hasSizeBetween(Math.min(count, committed + 1), committed + 1)
                        .containsOnly(1L);
                assertThat(ch.receive()).isEqualTo(received);
            }
            transfer.get(20, TimeUnit.SECONDS);
            assertThat(requests).as("requests at the end").hasSizeBetween(count, count + 1);
        });
    }

    @ParameterizedTest(name = "capacity {0}, {1} threads")
    @MethodSource("chanstream.reactor.TestChannels#boundedCapacitiesAndThreadKinds")
    void completesOnlyAfterLastSendCommits(int bounded, ThreadKind kind) throws Throwable {
        kind.run(() -> {
            Channel<Integer> ch = channel(bounded);
            // Fills the buffer, leaves one send waiting, one element unrequested.
            int count = bounded + 2;

            CompletableFuture<Void> transfer =
                    ReactorChannels.sendAll(Flux.range(0, count), ch).toFuture();
            ch.receive();
            assertThat(transfer).as("transfer with its last send waiting").isNotDone();
            ch.receive();

            assertThat(transfer).as("transfer after the last send committed")
                    .isCompletedWithValue(null);
            List<Integer> rest = new ArrayList<>();
            for (Integer element; (element = ch.tryReceive()) != null; ) {
                rest.add(element);
            }
            assertThat(rest).hasSize(bounded).isSorted();
        });
    }

    @ParameterizedTest(name = "capacity {0}")
    @MethodSource("chanstream.reactor.TestChannels#capacities")
    void failsWithTheSourceErrorItself(int capacity) {
        Channel<Integer> ch = channel(capacity);
        IllegalStateException cause = new IllegalStateException("source failed");

        StepVerifier.create(ReactorChannels.sendAll(Flux.error(cause), ch))
                .expectErrorSatisfies(error -> assertThat(error).isSameAs(cause))
                .verify(VERIFY_TIMEOUT);

        assertThat(ch.isClosedForSend()).as("target closed by the transfer").isFalse();
    }

    @ParameterizedTest(name = "capacity {0}")
    @MethodSource("chanstream.reactor.TestChannels#boundedCapacities")
    void sourceErrorWithdrawsPendingSend(int capacity) {
        List<Integer> undelivered = new CopyOnWriteArrayList<>();
        Channel<Integer> ch = TestChannels.channel(capacity, undelivered::add);
        IllegalStateException cause = new IllegalStateException("source failed");
        // Fills the buffer, then fails while the send of element `capacity` waits.
        Flux<Integer> source = Flux.concat(Flux.range(0, capacity + 1), Flux.error(cause));

        StepVerifier.create(ReactorChannels.sendAll(source, ch))
                .expectErrorSatisfies(error -> assertThat(error).isSameAs(cause))
                .verify(VERIFY_TIMEOUT);

        assertThat(undelivered).as("the pending send's element").containsExactly(capacity);
        assertThat(ch.size()).as("elements committed before the error").isEqualTo(capacity);
    }

    @ParameterizedTest(name = "capacity {0}")
    @MethodSource("chanstream.reactor.TestChannels#capacities")
    void failsAndCancelsSourceWhenTargetIsAlreadyClosed(int capacity) {
        Channel<Integer> ch = channel(capacity);
        ch.close();
        AtomicBoolean cancelled = new AtomicBoolean();
        Flux<Integer> source = Flux.range(0, 100).doOnCancel(() -> cancelled.set(true));

        StepVerifier.create(ReactorChannels.sendAll(source, ch))
                .expectError(ChannelClosedException.class)
                .verify(VERIFY_TIMEOUT);

        assertThat(cancelled).as("source cancelled").isTrue();
    }

    @ParameterizedTest(name = "capacity {0}, {1} threads")
    @MethodSource("chanstream.reactor.TestChannels#boundedCapacitiesAndThreadKinds")
    void failsAndCancelsSourceWhenTargetClosesWhileSending(int capacity, ThreadKind kind)
            throws Throwable {
        kind.run(() -> {
            Channel<Integer> ch = channel(capacity);
            AtomicBoolean cancelled = new AtomicBoolean();
            // Without bound, so that the transfer never ends by itself.
            Flux<Integer> source = Flux.range(0, Integer.MAX_VALUE)
                    .doOnCancel(() -> cancelled.set(true));

            StepVerifier.create(ReactorChannels.sendAll(source, ch))
                    .then(() -> receive(ch, 3))
                    .then(ch::close)
                    .expectError(ChannelClosedException.class)
                    .verify(VERIFY_TIMEOUT);

            assertThat(cancelled).as("source cancelled").isTrue();
        });
    }

    @ParameterizedTest(name = "capacity {0}, {1} threads")
    @MethodSource("chanstream.reactor.TestChannels#boundedCapacitiesAndThreadKinds")
    void disposingCancelsSourceAndWithdrawsPendingSend(int bounded, ThreadKind kind)
            throws Throwable {
        kind.run(() -> {
            List<Integer> undelivered = new CopyOnWriteArrayList<>();
            Channel<Integer> ch = TestChannels.channel(bounded, undelivered::add);
            AtomicBoolean cancelled = new AtomicBoolean();
            Flux<Integer> source = Flux.range(0, 100).doOnCancel(() -> cancelled.set(true));

            Disposable transfer = ReactorChannels.sendAll(source, ch).subscribe();
            transfer.dispose();

            assertThat(cancelled).as("source cancelled").isTrue();
            assertThat(undelivered).as("the pending send's element").containsExactly(bounded);
            assertThat(ch.size()).as("elements committed before the dispose").isEqualTo(bounded);
            assertThat(ch.isClosedForSend()).as("target closed by the dispose").isFalse();
            ch.close();
            List<Integer> committed = new ArrayList<>();
            ch.forEach(committed::add);
            assertThat(committed).hasSize(bounded).isSorted().doesNotContain(bounded);
        });
    }

    @Test
    void rejectsNullArguments() {
        Channel<Integer> ch = Channel.buffered(1);

        assertThatThrownBy(() -> ReactorChannels.sendAll(null, ch))
                .isInstanceOf(NullPointerException.class).hasMessage("source is null");
        assertThatThrownBy(() -> ReactorChannels.sendAll(Flux.just(1), null))
                .isInstanceOf(NullPointerException.class).hasMessage("target is null");
    }

    private static void receive(Channel<Integer> ch, int count) {
        try {
            for (int i = 0; i < count; i++) {
                ch.receive();
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while receiving", interrupted);
        }
    }
}
