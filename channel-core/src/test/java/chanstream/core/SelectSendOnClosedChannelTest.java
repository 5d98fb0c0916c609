package chanstream.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chanstream.core.internal.ChannelProbe;
import chanstream.core.testing.Await;
import chanstream.core.testing.Rounds;
import chanstream.core.testing.ThreadKind;
import chanstream.core.testing.Workers;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A writer guards each send with a select on a stop channel. When both the stop channel and the
 * data channel are closed, both clauses are ready and {@link Select#select} may pick the send:
 * the select then throws {@link ChannelClosedException}, as Go panics, and nothing is enqueued.
 * The safe pattern closes only the stop channel from outside; the writer, which owns the data
 * channel, closes it after it stopped.
 */
@Timeout(120)
class SelectSendOnClosedChannelTest {

    private static final int ITERATIONS = 300;

    private static final int STRESS_ITERATIONS = 100_000;

    /** What the writer's select returns when the stop clause is chosen. */
    private static final int STOPPED = -1;

    @Test
    void closedSendClauseThrowsAndEnqueuesNothing() {
        Channel<Integer> stop = Channel.unbuffered();
        Channel<Integer> data = Channel.<Integer>builder().capacity(1).name("data").build();
        stop.close();
        data.close();
        AtomicInteger stopped = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();

        Rounds.run(200, round -> {
            try {
                int chosen = Select.select(stop.onReceiveOrNull(v -> STOPPED),
                        data.onSend(round, () -> round));
                assertThat(chosen).isEqualTo(STOPPED);
                stopped.incrementAndGet();
            } catch (ChannelClosedException expected) {
                assertThat(expected).hasMessageContaining("send on closed")
                        .hasMessageContaining("'data'");
                failed.incrementAndGet();
            }
            assertThat(data.size()).as("elements enqueued on the closed data channel").isZero();
        });

        assertThat(stopped.get()).as("rounds that chose the stop clause").isPositive();
        assertThat(failed.get()).as("rounds that chose the send clause and threw").isPositive();
        assertThat(data.tryReceive()).isNull();
        assertThat(data.isClosedForReceive()).isTrue();
    }

    @Test
    void biasedStopFirstNeverThrows() throws Exception {
        Channel<Integer> stop = Channel.unbuffered();
        Channel<Integer> data = Channel.buffered(1);
        stop.close();
        data.close();

        for (int round = 0; round < 200; round++) {
            int chosen = Select.selectBiased(stop.onReceiveOrNull(v -> STOPPED),
                    data.onSend(round, () -> 0));
            assertThat(chosen).as("round %d", round).isEqualTo(STOPPED);
        }
        assertThat(data.size()).isZero();
    }

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void ownerClosingDataRunsWithoutErrors(ThreadKind threads) throws Exception {
        runShutdowns(threads, ITERATIONS, false);
    }

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    @Tag("stress")
    @Timeout(3_600)
    void ownerClosingDataRunsWithoutErrorsUnderStress(ThreadKind threads) throws Exception {
        runShutdowns(threads, STRESS_ITERATIONS, false);
    }

    /**
     * The unsafe shutdown (the closer closes stop, then data) may make the writer's select throw.
     * Whether it does depends on timing, so this test asserts what must hold either way: the
     * select never reports the send on the closed channel as a success, the failure is a
     * {@link ChannelClosedException}, and the reader receives exactly the sends that committed.
     */
    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void closerClosingDataNeverReportsFailedSendAsSent(ThreadKind threads) throws Exception {
        runShutdowns(threads, ITERATIONS, true);
    }

    /**
     * Runs {@code iterations} shutdowns with one writer and one reader thread reused across
     * iterations. Each iteration makes a new {@code stop} (unbuffered) and {@code data}
     * (buffered(1)); the writer sends 0, 1, 2, ... through its select until stop fires, the
     * reader receives data until it is closed, and the test thread closes stop after a random
     * spin (and, when {@code closerClosesData}, data too).
     */
    private static void runShutdowns(ThreadKind threads, int iterations, boolean closerClosesData)
            throws Exception {
        CyclicBarrier start = new CyclicBarrier(3);
        CyclicBarrier end = new CyclicBarrier(3);
        AtomicReference<Channel<Integer>> stopRef = new AtomicReference<>();
        AtomicReference<Channel<Integer>> dataRef = new AtomicReference<>();
        AtomicInteger committed = new AtomicInteger();
        AtomicReference<Throwable> writerFailure = new AtomicReference<>();
        List<Integer> received = new ArrayList<>();

        try (Workers writer = Workers.startOne(threads, "writer", i -> {
            for (int iteration = 0; iteration < iterations; iteration++) {
                start.await();
                Channel<Integer> stop = stopRef.get();
                Channel<Integer> data = dataRef.get();
                try {
                    for (int value = 0; ; value++) {
                        int sent = value;
                        int chosen = Select.select(stop.onReceiveOrNull(v -> STOPPED),
                                data.onSend(value, () -> sent));
                        if (chosen == STOPPED) {
                            break;
                        }
                        committed.incrementAndGet();
                    }
                } catch (ChannelClosedException failure) {
                    writerFailure.set(failure);
                } finally {
                    data.close();
                }
                end.await();
            }
        }); Workers reader = Workers.startOne(threads, "reader", i -> {
            for (int iteration = 0; iteration < iterations; iteration++) {
                start.await();
                dataRef.get().forEach(received::add);
                end.await();
            }
        })) {
            Rounds.run(iterations, iteration -> {
                Channel<Integer> stop = Channel.unbuffered();
                Channel<Integer> data = Channel.buffered(1);
                stopRef.set(stop);
                dataRef.set(data);
                committed.set(0);
                writerFailure.set(null);
                received.clear();
                start.await(Await.LIVENESS.toSeconds(), TimeUnit.SECONDS);

                int spins = ThreadLocalRandom.current().nextInt(2_000);
                for (int spin = 0; spin < spins; spin++) {
                    Thread.onSpinWait();
                }
                stop.close();
                if (closerClosesData) {
                    data.close();
                }
                end.await(Await.LIVENESS.toSeconds(), TimeUnit.SECONDS);

                if (closerClosesData) {
                    if (writerFailure.get() != null) {
                        assertThat(writerFailure.get()).isInstanceOf(ChannelClosedException.class);
                    }
                } else {
                    assertThat(writerFailure.get()).as("writer failure").isNull();
                }
                List<Integer> expected = new ArrayList<>();
                for (int value = 0; value < committed.get(); value++) {
                    expected.add(value);
                }
                assertThat(received).as("values the reader received")
                        .containsExactlyElementsOf(expected);
                assertThat(ChannelProbe.queues(stop)).isEqualTo(ChannelProbe.Queues.EMPTY);
                assertThat(ChannelProbe.queues(data)).isEqualTo(ChannelProbe.Queues.EMPTY);
            });
            writer.join();
            reader.join();
        }
    }

    @Test
    void closedSendClauseNeverReportsSent() {
        Channel<Integer> data = Channel.buffered(4);
        data.close();

        assertThatThrownBy(() -> Select.select(data.onSend(1, () -> "sent")))
                .isInstanceOf(ChannelClosedException.class);

        assertThat(data.size()).isZero();
    }
}
