package chanstream.core;

import static org.assertj.core.api.Assertions.assertThat;

import chanstream.core.testing.Await;
import chanstream.core.testing.ThreadKind;
import chanstream.core.testing.Workers;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A closed channel is always ready to receive, so a select loop that keeps its clause spins:
 * it gets the buffered values, then "closed" on every pass without blocking. Replacing the
 * clause with {@link Select#never()} (Go's nil channel) takes it out of the select; the loop
 * then blocks on its other clauses only.
 */
@Timeout(60)
class ClosedChannelInSelectLoopTest {

    private static final Duration PERIOD = Duration.ofMillis(10);

    @Test
    void closedChannelIsChosenOnEveryPassWithoutBlocking() throws Exception {
        Channel<Integer> a = Channel.buffered(4);
        a.send(1);
        a.send(2);
        a.close();
        ReceiveChannel<Instant> tick = Channels.tick(PERIOD);
        List<Integer> values = new ArrayList<>();
        int closed = 0;
        int ticks = 0;

        try {
            for (int pass = 0; pass < 1_000; pass++) {
                String chosen = Select.select(
                        a.onReceiveOrNull(v -> v == null ? "closed" : "value " + v),
                        tick.onReceive(t -> "tick"));
                if (chosen.equals("tick")) {
                    ticks++;
                } else if (chosen.equals("closed")) {
                    closed++;
                } else {
                    assertThat(closed).as("closed passes before value %s", chosen).isZero();
                    values.add(Integer.valueOf(chosen.substring("value ".length())));
                }
            }
        } finally {
            tick.cancel();
        }

        assertThat(values).containsExactly(1, 2);
        assertThat(closed + ticks).isEqualTo(998);
        assertThat(closed).as("passes that chose the closed channel, with %d ticks", ticks)
                .isGreaterThan(ticks);
    }

    @Test
    void closedChannelReplacedByNeverIsNotChosenAgain() throws Exception {
        Channel<Integer> a = Channel.buffered(4);
        a.send(1);
        a.send(2);
        a.close();
        ReceiveChannel<Instant> tick = Channels.tick(PERIOD);
        List<Integer> values = new ArrayList<>();
        int closed = 0;
        int ticks = 0;
        int passes = 0;

        try {
            SelectClause<String> fromA =
                    a.onReceiveOrNull(v -> v == null ? "closed" : "value " + v);
            SelectClause<String> fromTick = tick.onReceive(t -> "tick");
            while (ticks < 10) {
                passes++;
                String chosen = Select.select(fromA, fromTick);
                if (chosen.equals("tick")) {
                    ticks++;
                } else if (chosen.equals("closed")) {
                    closed++;
                    fromA = Select.never();
                } else {
                    values.add(Integer.valueOf(chosen.substring("value ".length())));
                }
            }
        } finally {
            tick.cancel();
        }

        assertThat(values).containsExactly(1, 2);
        assertThat(closed).as("passes that chose the closed channel").isOne();
        assertThat(passes).as("passes to see 10 ticks").isEqualTo(13);
    }

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void selectOverOnlyNeverClausesBlocksUntilInterrupted(ThreadKind threads) throws Exception {
        AtomicReference<Throwable> failure = new AtomicReference<>();

        try (Workers loop = Workers.startOne(threads, "loop", i -> {
            try {
                Select.select(Select.never(), Select.never());
            } catch (InterruptedException expected) {
                failure.set(expected);
            }
        })) {
            Await.parked(loop.thread(0));
            loop.interruptAll();
            loop.join();
        }

        assertThat(failure.get()).isInstanceOf(InterruptedException.class);
    }

    @Test
    void selectOverOnlyNeverClausesEndsAtItsTimeout() throws Exception {
        String chosen = Select.select(Select.never(), Select.never(),
                Select.onTimeout(PERIOD, () -> "timeout"));

        assertThat(chosen).isEqualTo("timeout");
    }
}
