package chanstream.core;

import static chanstream.core.testing.Capacity.ONE;
import static chanstream.core.testing.Capacity.SIXTEEN;
import static chanstream.core.testing.Capacity.UNBUFFERED;
import static org.assertj.core.api.Assertions.assertThat;

import chanstream.core.internal.ChannelProbe;
import chanstream.core.testing.Await;
import chanstream.core.testing.Capacity;
import chanstream.core.testing.ChannelMatrix;
import chanstream.core.testing.ThreadKind;
import chanstream.core.testing.Workers;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Select against select. Two threads that both select over the same unbuffered channels meet
 * in every round, without livelock. Several selecting senders and receivers deliver every value
 * exactly once.
 */
@Timeout(120)
class SelectRendezvousTest {

    private static final int ROUNDS = 2_000;

    private static final int STRESS_ROUNDS = 100_000;

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void selectingSenderMeetsSelectingReceiver(ThreadKind threads) throws Exception {
        meetSelectToSelect(threads, ROUNDS);
    }

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    @Tag("stress")
    @Timeout(1_200)
    void selectingSenderMeetsSelectingReceiverUnderStress(ThreadKind threads) throws Exception {
        meetSelectToSelect(threads, STRESS_ROUNDS);
    }

    private static void meetSelectToSelect(ThreadKind threads, int rounds) throws Exception {
        Channel<Integer> x = Channel.unbuffered();
        Channel<Integer> y = Channel.unbuffered();
        List<Integer> received = new ArrayList<>(rounds);
        int[] viaX = new int[1];

        try (Workers sender = Workers.startOne(threads, "select-sender", i -> {
            for (int value = 0; value < rounds; value++) {
                Select.select(x.onSend(value, () -> "x"), y.onSend(value, () -> "y"));
            }
        }); Workers receiver = Workers.startOne(threads, "select-receiver", i -> {
            for (int n = 0; n < rounds; n++) {
                int value = Select.select(x.onReceive(v -> {
                    viaX[0]++;
                    return v;
                }), y.onReceive(v -> v));
                received.add(value);
            }
        })) {
            sender.join();
            receiver.join();
        }

        for (int value = 0; value < rounds; value++) {
            assertThat(received.get(value)).as("value received in round %d", value)
                    .isEqualTo(value);
        }
        assertThat(viaX[0]).as("rounds met on x").isBetween(1, rounds - 1);
        assertThat(ChannelProbe.queues(x)).isEqualTo(ChannelProbe.Queues.EMPTY);
        assertThat(ChannelProbe.queues(y)).isEqualTo(ChannelProbe.Queues.EMPTY);
    }

    /**
     * Each thread's select offers a send on one channel and a receive on the other. Every round
     * exactly one pair forms: either the first thread sends on {@code x} and the second receives
     * it, or the second sends on {@code y} and the first receives it.
     */
    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void selectsOfferingOppositeDirectionsPairEveryRound(ThreadKind threads) throws Exception {
        pairOppositeDirections(threads, ROUNDS);
    }

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    @Tag("stress")
    @Timeout(1_200)
    void selectsOfferingOppositeDirectionsPairEveryRoundUnderStress(ThreadKind threads)
            throws Exception {
        pairOppositeDirections(threads, STRESS_ROUNDS);
    }

    private static void pairOppositeDirections(ThreadKind threads, int rounds) throws Exception {
        Channel<Integer> x = Channel.unbuffered();
        Channel<Integer> y = Channel.unbuffered();
        String[] first = new String[rounds];
        String[] second = new String[rounds];

        try (Workers one = Workers.startOne(threads, "first", i -> {
            for (int round = 0; round < rounds; round++) {
                first[round] = Select.select(x.onSend(round, () -> "sent"),
                        y.onReceive(v -> "received " + v));
            }
        }); Workers two = Workers.startOne(threads, "second", i -> {
            for (int round = 0; round < rounds; round++) {
                second[round] = Select.select(x.onReceive(v -> "received " + v),
                        y.onSend(round, () -> "sent"));
            }
        })) {
            one.join();
            two.join();
        }

        int firstSent = 0;
        for (int round = 0; round < rounds; round++) {
            if (first[round].equals("sent")) {
                firstSent++;
                assertThat(second[round]).as("second thread in round %d", round)
                        .isEqualTo("received " + round);
            } else {
                assertThat(first[round]).as("first thread in round %d", round)
                        .isEqualTo("received " + round);
                assertThat(second[round]).as("second thread in round %d", round)
                        .isEqualTo("sent");
            }
        }
        assertThat(firstSent).as("rounds in which the first thread sent").isBetween(1, rounds - 1);
    }

    /**
     * Three threads in a ring, each selecting between a send to its right neighbour and a
     * receive from its left one, on unbuffered channels. Any two neighbours can meet, so the
     * ring makes progress while two threads still select. After a fixed number of meetings the
     * test closes the channels, which ends every select. Each value sent is received exactly
     * once.
     */
    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void threeSelectsInARingMeetWithoutDeadlock(ThreadKind threads) throws Exception {
        int parties = 3;
        int perParty = 1_000;
        List<Channel<Integer>> ring = List.of(Channel.unbuffered(), Channel.unbuffered(),
                Channel.unbuffered());
        AtomicIntegerArray hits = new AtomicIntegerArray(parties * perParty);
        AtomicIntegerArray sentUpTo = new AtomicIntegerArray(parties);
        AtomicInteger meetings = new AtomicInteger();
        int stopAfter = perParty;

        try (Workers selecting = Workers.start(threads, "party", parties, p -> {
            Channel<Integer> right = ring.get(p);
            Channel<Integer> left = ring.get((p + parties - 1) % parties);
            int next = p * perParty;
            try {
                while (next < (p + 1) * perParty) {
                    int received = Select.select(right.onSend(next, () -> -1),
                            left.onReceiveOrNull(v -> v == null ? -2 : v));
                    if (received == -2) {
                        break;
                    }
                    if (received == -1) {
                        next++;
                    } else {
                        hits.incrementAndGet(received);
                    }
                    meetings.incrementAndGet();
                }
            } catch (ChannelClosedException closed) {
                // The ring was shut down while this party offered a send.
            } finally {
                sentUpTo.set(p, next);
            }
        })) {
            Await.until(() -> stopAfter + " meetings, saw " + meetings,
                    () -> meetings.get() >= stopAfter);
            for (Channel<Integer> ch : ring) {
                ch.close();
            }
            selecting.join();
        }

        for (int p = 0; p < parties; p++) {
            for (int value = p * perParty; value < (p + 1) * perParty; value++) {
                assertThat(hits.get(value)).as("times value %d was received", value)
                        .isEqualTo(value < sentUpTo.get(p) ? 1 : 0);
            }
        }
    }

    @ChannelMatrix(capacities = {UNBUFFERED, ONE, SIXTEEN})
    void sharedChannelsDeliverEachValueOnce(Capacity capacity,
            ThreadKind threads) throws Exception {
        sharedChannels(capacity, threads, 500);
    }

    @ChannelMatrix(capacities = {UNBUFFERED, ONE, SIXTEEN})
    @Tag("stress")
    @Timeout(1_200)
    void sharedChannelsDeliverEachValueOnceUnderStress(
            Capacity capacity, ThreadKind threads) throws Exception {
        sharedChannels(capacity, threads, 25_000);
    }

    /**
     * Four senders each select over three shared channels to send their values. Three receivers
     * select over the same channels, and replace the clause of a closed channel with
     * {@link Select#never()} until all three are closed.
     */
    private static void sharedChannels(Capacity capacity, ThreadKind threads, int perSender)
            throws Exception {
        int senders = 4;
        int receivers = 3;
        List<Channel<Integer>> channels = List.of(capacity.newChannel(), capacity.newChannel(),
                capacity.newChannel());
        AtomicIntegerArray hits = new AtomicIntegerArray(senders * perSender);

        try (Workers sending = Workers.start(threads, "sender", senders, s -> {
            for (int seq = 0; seq < perSender; seq++) {
                int value = s * perSender + seq;
                Select.select(channels.get(0).onSend(value, () -> 0),
                        channels.get(1).onSend(value, () -> 1),
                        channels.get(2).onSend(value, () -> 2));
            }
        }); Workers receiving = Workers.start(threads, "receiver", receivers, r -> {
            List<SelectClause<Integer>> clauses = new ArrayList<>();
            for (int c = 0; c < channels.size(); c++) {
                int index = c;
                clauses.add(channels.get(c).onReceiveOrNull(v -> v == null ? -1 - index : v));
            }
            int open = channels.size();
            while (open > 0) {
                int value = Select.select(clauses);
                if (value < 0) {
                    clauses.set(-1 - value, Select.never());
                    open--;
                } else {
                    hits.incrementAndGet(value);
                }
            }
        })) {
            sending.join();
            for (Channel<Integer> ch : channels) {
                ch.close();
            }
            receiving.join();
        }

        for (int value = 0; value < hits.length(); value++) {
            assertThat(hits.get(value)).as("times value %d was received", value).isOne();
        }
        for (Channel<Integer> ch : channels) {
            assertThat(ChannelProbe.queues(ch)).isEqualTo(ChannelProbe.Queues.EMPTY);
        }
    }
}
