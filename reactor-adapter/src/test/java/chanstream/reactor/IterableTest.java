package chanstream.reactor;

import static chanstream.reactor.TestChannels.channel;
import static chanstream.reactor.TestChannels.queueLengths;
import static org.assertj.core.api.Assertions.assertThat;

import chanstream.core.Channel;
import chanstream.core.Channels;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/**
 * {@code Flux.fromIterable} over {@link Channels#iterable}: Reactor asks the iterable for
 * a spliterator and an iterator, so the view must be lazy and single-pass; on a
 * non-blocking thread its blocking {@code hasNext} fails fast, and
 * {@link ReactorChannels#toFlux} is the path that works there.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class IterableTest {

    private static final int COUNT = 1_000;

    private static final Duration VERIFY_TIMEOUT = Duration.ofSeconds(20);

    @ParameterizedTest(name = "capacity {0}, {1} threads")
    @MethodSource("chanstream.reactor.TestChannels#capacitiesAndThreadKinds")
    void fromIterableReceivesEveryElementOnce(int capacity, ThreadKind kind) throws Throwable {
        kind.run(() -> {
            Channel<Integer> ch = channel(capacity);
            CompletableFuture<Void> producer = sendRangeAndClose(kind, ch);

            List<Integer> received = Flux.fromIterable(Channels.iterable(ch))
                    .collectList()
                    .block(VERIFY_TIMEOUT);

            ThreadKind.await(producer);
            assertThat(received).hasSize(COUNT).isSorted();
            assertThat(new HashSet<>(received)).as("distinct elements").hasSize(COUNT);
        });
    }

    @Test
    void blockingHasNextOnParallelSchedulerFailsFast() {
        Channel<Integer> ch = Channel.unbuffered();

        StepVerifier.create(Flux.fromIterable(Channels.iterable(ch))
                        .subscribeOn(Schedulers.parallel()))
                .expectErrorSatisfies(error -> assertThat(error)
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("toFlux"))
                .verify(VERIFY_TIMEOUT);

        assertThat(queueLengths(ch)).as("senders, receivers, watchers")
                .containsExactly(0, 0, 0);
    }

    @ParameterizedTest(name = "capacity {0}, {1} threads")
    @MethodSource("chanstream.reactor.TestChannels#capacitiesAndThreadKinds")
    void toFluxOnParallelSchedulerReceivesEveryElementOnce(int capacity, ThreadKind kind)
            throws Throwable {
        kind.assumeAvailable();
        Channel<Integer> ch = channel(capacity);

        CompletableFuture<List<Integer>> received = ReactorChannels.toFlux(ch)
                .subscribeOn(Schedulers.parallel())
                .publishOn(Schedulers.parallel(), 8)
                .collectList()
                .toFuture();
        ThreadKind.await(sendRangeAndClose(kind, ch));

        assertThat(received.get(20, TimeUnit.SECONDS)).hasSize(COUNT).isSorted();
    }

    private static CompletableFuture<Void> sendRangeAndClose(ThreadKind kind,
            Channel<Integer> ch) {
        return kind.start("producer", () -> {
            for (int i = 0; i < COUNT; i++) {
                ch.send(i);
            }
            ch.close();
        });
    }
}
