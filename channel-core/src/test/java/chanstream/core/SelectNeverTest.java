package chanstream.core;

import static org.assertj.core.api.Assertions.assertThat;

import chanstream.core.internal.ChannelProbe;
import chanstream.core.testing.Await;
import chanstream.core.testing.Rounds;
import chanstream.core.testing.SelectVariant;
import chanstream.core.testing.ThreadKind;
import chanstream.core.testing.Workers;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@link Select#never()}: Go's nil channel, a clause that is never ready. */
@Timeout(60)
class SelectNeverTest {

    @ParameterizedTest
    @EnumSource(SelectVariant.class)
    void neverIsNotChosenOverReadyClause(SelectVariant variant) {
        Rounds.run(100, round -> {
            Channel<String> ready = Channel.buffered(1);
            ready.send("x");

            String chosen = variant.select(List.of(Select.<String>never(),
                    ready.onReceive(v -> "ready"), Select.<String>never()));

            assertThat(chosen).isEqualTo("ready");
        });
    }

    @ParameterizedTest
    @EnumSource(SelectVariant.class)
    void neverWithDefaultChoosesDefault(SelectVariant variant) throws Exception {
        String chosen = variant.select(List.of(Select.<String>never(),
                Select.onDefault(() -> "default")));

        assertThat(chosen).isEqualTo("default");
    }

    @ParameterizedTest
    @EnumSource(SelectVariant.class)
    void onlyNeverClausesWaitForTheTimeout(SelectVariant variant) throws Exception {
        Duration timeout = Duration.ofMillis(20);

        long start = System.nanoTime();
        String chosen = variant.select(List.of(Select.<String>never(), Select.<String>never(),
                Select.onTimeout(timeout, () -> "timeout")));

        assertThat(chosen).isEqualTo("timeout");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(timeout);
    }

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void onlyNeverClausesBlockUntilInterrupted(ThreadKind threads) throws Exception {
        AtomicReference<Throwable> failure = new AtomicReference<>();

        try (Workers selector = Workers.startOne(threads, "selector", i -> {
            try {
                Select.select(Select.never());
            } catch (InterruptedException expected) {
                failure.set(expected);
            }
        })) {
            Await.parked(selector.thread(0));
            assertThat(failure.get()).isNull();
            selector.interruptAll();
            selector.join();
        }

        assertThat(failure.get()).isInstanceOf(InterruptedException.class);
    }

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void waitingSelectWithNeverIsCompletedByPartner(ThreadKind threads) throws Exception {
        Channel<String> ch = Channel.unbuffered();
        AtomicReference<String> chosen = new AtomicReference<>();

        try (Workers selector = Workers.startOne(threads, "selector", i -> chosen.set(
                Select.select(Select.never(), ch.onReceive(v -> v))))) {
            ChannelProbe.awaitReceivers(ch, 1);
            ch.send("partner");
            selector.join();
        }

        assertThat(chosen.get()).isEqualTo("partner");
        assertThat(ChannelProbe.queues(ch)).isEqualTo(ChannelProbe.Queues.EMPTY);
    }
}
