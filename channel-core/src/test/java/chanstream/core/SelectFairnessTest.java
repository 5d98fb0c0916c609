package chanstream.core;

import static org.assertj.core.api.Assertions.assertThat;

import chanstream.core.internal.ChannelProbe;
import chanstream.core.testing.Rounds;
import chanstream.core.testing.ThreadKind;
import chanstream.core.testing.Workers;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The choice {@link Select#select} makes among ready clauses: uniform at random, as Go's is. The
 * bounds are loose on purpose: each clause's count must lie within 15% of its expectation,
 * which is at least eight standard deviations for the round counts used here.
 */
@Timeout(60)
class SelectFairnessTest {

    private static final int ROUNDS_PER_CLAUSE = 2_000;

    @ParameterizedTest(name = "{0} ready clauses")
    @ValueSource(ints = {2, 3, 4})
    void randomChoiceIsRoughlyUniformOverReadyReceiveClauses(int clauses) throws Exception {
        List<Channel<Integer>> channels = new ArrayList<>();
        List<SelectClause<Integer>> receives = new ArrayList<>();
        for (int i = 0; i < clauses; i++) {
            Channel<Integer> ch = Channel.buffered(1);
            ch.send(i);
            channels.add(ch);
            receives.add(ch.onReceive(value -> value));
        }
        int rounds = ROUNDS_PER_CLAUSE * clauses;
        int[] chosen = new int[clauses];

        for (int round = 0; round < rounds; round++) {
            int index = Select.select(receives);
            chosen[index]++;
            channels.get(index).send(index);
        }

        assertRoughlyUniform(chosen, rounds);
    }

    @Test
    void randomChoiceIgnoresClausesThatAreNotReady() throws Exception {
        Channel<Integer> readyA = Channel.buffered(1);
        Channel<Integer> readyB = Channel.buffered(1);
        Channel<Integer> idle = Channel.unbuffered();
        Channel<Integer> full = Channel.buffered(1);
        readyA.send(0);
        readyB.send(1);
        full.send(-1);
        int rounds = 2 * ROUNDS_PER_CLAUSE;
        int[] chosen = new int[2];

        for (int round = 0; round < rounds; round++) {
            int index = Select.select(idle.onReceive(v -> 2), readyA.onReceive(v -> v),
                    full.onSend(-2, () -> 3), readyB.onReceive(v -> v));
            chosen[index]++;
            (index == 0 ? readyA : readyB).send(index);
        }

        assertRoughlyUniform(chosen, rounds);
        assertThat(full.size()).isOne();
        assertThat(ChannelProbe.queues(idle)).isEqualTo(ChannelProbe.Queues.EMPTY);
    }

    @Test
    void randomChoiceMixesSendAndReceive() throws Exception {
        Channel<Integer> in = Channel.buffered(1);
        Channel<Integer> out = Channel.buffered(1);
        in.send(0);
        int rounds = 2 * ROUNDS_PER_CLAUSE;
        int[] chosen = new int[2];

        for (int round = 0; round < rounds; round++) {
            int index = Select.select(in.onReceive(v -> 0), out.onSend(1, () -> 1));
            chosen[index]++;
            if (index == 0) {
                in.send(0);
            } else {
                out.receive();
            }
        }

        assertRoughlyUniform(chosen, rounds);
    }

    @Test
    void randomChoiceTreatsClosedChannelLikeAnyReadyClause() throws Exception {
        Channel<Integer> closed = Channel.unbuffered();
        closed.close();
        Channel<Integer> ready = Channel.buffered(1);
        ready.send(1);
        int rounds = 2 * ROUNDS_PER_CLAUSE;
        int[] chosen = new int[2];

        for (int round = 0; round < rounds; round++) {
            int index = Select.select(closed.onReceiveOrNull(v -> 0), ready.onReceive(v -> 1));
            chosen[index]++;
            if (index == 1) {
                ready.send(1);
            }
        }

        assertRoughlyUniform(chosen, rounds);
    }

    @Test
    void biasedChoiceAlwaysTakesTheFirstReadyClause() throws Exception {
        Channel<Integer> first = Channel.buffered(1);
        Channel<Integer> second = Channel.buffered(1);
        first.send(0);
        second.send(1);

        for (int round = 0; round < 1_000; round++) {
            int index = Select.selectBiased(first.onReceive(v -> v), second.onReceive(v -> v));
            assertThat(index).as("round %d", round).isZero();
            first.send(0);
        }
        assertThat(second.size()).isOne();
    }

    /**
     * A waiting select registers its clauses in random order. With two receive clauses on one
     * channel, the clause registered first is the one a later sender completes, so both clauses
     * must win about half of the rounds.
     */
    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void waitingSelectRegistersItsClausesInRandomOrder(ThreadKind threads) throws Exception {
        int[] chosen = countWinnersOfWaitingSelect(threads, false, 400);

        assertThat(chosen[0]).as("rounds won by the first clause").isBetween(120, 280);
        assertThat(chosen[1]).as("rounds won by the second clause").isBetween(120, 280);
    }

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void waitingBiasedSelectRegistersItsClausesInArgumentOrder(ThreadKind threads)
            throws Exception {
        int[] chosen = countWinnersOfWaitingSelect(threads, true, 100);

        assertThat(chosen[0]).as("rounds won by the first clause").isEqualTo(100);
    }

    /**
     * Runs {@code rounds} selects, each with two receive clauses on one unbuffered channel, on a
     * selector thread; each round waits until the select has registered both clauses, then sends.
     */
    private static int[] countWinnersOfWaitingSelect(ThreadKind threads, boolean biased,
            int rounds) throws Exception {
        Channel<Integer> ch = Channel.unbuffered();
        int[] chosen = new int[2];

        try (Workers selector = Workers.startOne(threads, "selector", i -> {
            SelectClause<Integer> first = ch.onReceive(v -> 0);
            SelectClause<Integer> second = ch.onReceive(v -> 1);
            for (int round = 0; round < rounds; round++) {
                int index = biased ? Select.selectBiased(first, second)
                        : Select.select(first, second);
                chosen[index]++;
            }
        })) {
            Rounds.run(rounds, round -> {
                ChannelProbe.awaitReceivers(ch, 2);
                ch.send(round);
            });
            selector.join();
        }
        return chosen;
    }

    private static void assertRoughlyUniform(int[] chosen, int rounds) {
        double expected = (double) rounds / chosen.length;
        for (int i = 0; i < chosen.length; i++) {
            assertThat(chosen[i]).as("times clause %d of %d was chosen in %d rounds", i,
                    chosen.length, rounds)
                    .isBetween((int) (expected * 0.85), (int) (expected * 1.15));
        }
    }
}
