package chanstream.core;

import static org.assertj.core.api.Assertions.assertThat;

import chanstream.core.internal.ChannelProbe;
import chanstream.core.testing.Await;
import chanstream.core.testing.Capacity;
import chanstream.core.testing.Drain;
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

/**
 * One select with a send clause and a receive clause on the same channel. It never pairs its
 * own send with its own receive, never recurses without bound, and leaves the channel as it
 * found it. On an unbuffered channel it waits for another thread. On a buffered channel with
 * room the send completes on its own.
 */
@Timeout(60)
class SelectSendAndReceiveOnSameChannelTest {

    @ParameterizedTest
    @EnumSource(SelectVariant.class)
    void loneSelectTimesOutWithoutSelfPairing(SelectVariant variant) throws Exception {
        Channel<Integer> ch = Channel.unbuffered();

        String chosen = variant.select(List.of(ch.onSend(42, () -> "sent"),
                ch.onReceive(v -> "received " + v),
                Select.onTimeout(Duration.ofMillis(30), () -> "timeout")));

        assertThat(chosen).isEqualTo("timeout");
        assertThat(ChannelProbe.queues(ch)).isEqualTo(ChannelProbe.Queues.EMPTY);
        assertThat(ch.size()).isZero();
        assertThat(ch.tryReceive()).isNull();
    }

    @ParameterizedTest
    @EnumSource(SelectVariant.class)
    void selectAloneWithDefaultChoosesDefault(SelectVariant variant) throws Exception {
        Channel<Integer> ch = Channel.unbuffered();

        String chosen = variant.select(List.of(ch.onReceive(v -> "received " + v),
                ch.onSend(42, () -> "sent"), Select.onDefault(() -> "default")));

        assertThat(chosen).isEqualTo("default");
        assertThat(ChannelProbe.queues(ch)).isEqualTo(ChannelProbe.Queues.EMPTY);
    }

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void waitingSelectCompletesItsSendWithAnotherReceiver(ThreadKind threads) throws Exception {
        Channel<Integer> ch = Channel.unbuffered();
        AtomicReference<String> chosen = new AtomicReference<>();

        try (Workers selector = Workers.startOne(threads, "selector", i -> chosen.set(
                Select.select(ch.onSend(42, () -> "sent"), ch.onReceive(v -> "received " + v))))) {
            ChannelProbe.awaitSenders(ch, 1);
            ChannelProbe.awaitReceivers(ch, 1);
            Await.parked(selector.thread(0));
            assertThat(chosen.get()).as("result before any partner arrived").isNull();

            assertThat(ch.receive()).isEqualTo(42);
            selector.join();
        }

        assertThat(chosen.get()).isEqualTo("sent");
        assertThat(ChannelProbe.queues(ch)).isEqualTo(ChannelProbe.Queues.EMPTY);
    }

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void waitingSelectCompletesItsReceiveWithAnotherSender(ThreadKind threads) throws Exception {
        Channel<Integer> ch = Channel.unbuffered();
        AtomicReference<String> chosen = new AtomicReference<>();

        try (Workers selector = Workers.startOne(threads, "selector", i -> chosen.set(
                Select.select(ch.onSend(42, () -> "sent"), ch.onReceive(v -> "received " + v))))) {
            ChannelProbe.awaitSenders(ch, 1);
            ChannelProbe.awaitReceivers(ch, 1);

            ch.send(7);
            selector.join();
        }

        assertThat(chosen.get()).isEqualTo("received 7");
        assertThat(ChannelProbe.queues(ch)).isEqualTo(ChannelProbe.Queues.EMPTY);
        assertThat(ch.tryReceive()).as("the select's own element after it received").isNull();
    }

    /**
     * Two threads run the same kind of select (send and receive on one unbuffered channel):
     * they must pair with each other, one sending and one receiving, in every round.
     */
    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void twoSuchSelectsPairWithEachOther(ThreadKind threads) throws Exception {
        int rounds = 1_000;
        Channel<Integer> ch = Channel.unbuffered();
        String[][] outcomes = new String[2][rounds];

        try (Workers selectors = Workers.start(threads, "selector", 2, i -> {
            for (int round = 0; round < rounds; round++) {
                int own = i * rounds + round;
                outcomes[i][round] = Select.select(ch.onSend(own, () -> "sent"),
                        ch.onReceive(v -> "received " + v));
            }
        })) {
            selectors.join();
        }

        Rounds.run(rounds, round -> {
            String first = outcomes[0][round];
            String second = outcomes[1][round];
            if (first.equals("sent")) {
                assertThat(second).isEqualTo("received " + round);
            } else {
                assertThat(first).isEqualTo("received " + (rounds + round));
                assertThat(second).isEqualTo("sent");
            }
        });
        assertThat(ChannelProbe.queues(ch)).isEqualTo(ChannelProbe.Queues.EMPTY);
    }

    @ParameterizedTest
    @EnumSource(SelectVariant.class)
    void sendCompletesAloneOnBufferedChannelWithRoom(SelectVariant variant) throws Exception {
        for (Capacity capacity : new Capacity[] {Capacity.ONE, Capacity.TWO, Capacity.SIXTEEN,
                Capacity.UNLIMITED}) {
            Channel<Integer> ch = capacity.newChannel();

            String chosen = variant.select(List.of(ch.onReceive(v -> "received " + v),
                    ch.onSend(42, () -> "sent")));

            assertThat(chosen).as("with %s", capacity).isEqualTo("sent");
            assertThat(ch.size()).as("with %s", capacity).isOne();
            assertThat(ChannelProbe.queues(ch)).isEqualTo(ChannelProbe.Queues.EMPTY);
        }
    }

    @ParameterizedTest
    @EnumSource(SelectVariant.class)
    void receiveCompletesAloneOnFullBufferedChannel(SelectVariant variant) throws Exception {
        Channel<Integer> ch = Channel.buffered(1);
        ch.send(1);

        String chosen = variant.select(List.of(ch.onSend(42, () -> "sent"),
                ch.onReceive(v -> "received " + v)));

        assertThat(chosen).isEqualTo("received 1");
        assertThat(ch.size()).isZero();
        assertThat(ChannelProbe.queues(ch)).isEqualTo(ChannelProbe.Queues.EMPTY);
    }

    @ParameterizedTest
    @EnumSource(SelectVariant.class)
    void oneOfTwoReadyClausesCommits(SelectVariant variant) {
        Rounds.run(100, round -> {
            Channel<Integer> ch = Channel.buffered(2);
            ch.send(1);

            String chosen = variant.select(List.of(ch.onSend(42, () -> "sent"),
                    ch.onReceive(v -> "received " + v)));

            if (chosen.equals("sent")) {
                assertThat(Drain.remaining(ch)).containsExactly(1, 42);
            } else {
                assertThat(chosen).isEqualTo("received 1");
                assertThat(ch.size()).isZero();
            }
            if (variant.isBiased()) {
                assertThat(chosen).as("biased choice takes the first ready clause")
                        .isEqualTo("sent");
            }
        });
    }

    @ParameterizedTest
    @EnumSource(SelectVariant.class)
    void manyClausesOnOneChannelNeverPair(SelectVariant variant) throws Exception {
        Channel<Integer> ch = Channel.unbuffered();

        String chosen = variant.select(List.of(ch.onSend(1, () -> "sent 1"),
                ch.onReceive(v -> "received"), ch.onSend(2, () -> "sent 2"),
                ch.onReceive(v -> "received"), Select.onTimeout(Duration.ofMillis(20),
                        () -> "timeout")));

        assertThat(chosen).isEqualTo("timeout");
        assertThat(ChannelProbe.queues(ch)).isEqualTo(ChannelProbe.Queues.EMPTY);
    }
}
