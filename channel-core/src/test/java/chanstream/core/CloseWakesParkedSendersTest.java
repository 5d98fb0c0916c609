package chanstream.core;

import static org.assertj.core.api.Assertions.assertThat;

import chanstream.core.internal.ChannelProbe;
import chanstream.core.testing.Await;
import chanstream.core.testing.Rounds;
import chanstream.core.testing.ThreadKind;
import chanstream.core.testing.Workers;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Closing an unbuffered channel while 256 senders are parked on it: every sender wakes and
 * fails with {@link ChannelClosedException}, none counts as delivered, a receive after the close
 * reports closed at once, and no thread stays parked. Closing while others may still send is a
 * misuse in Go (the sender owns the close); chanstream makes those sends fail, never hang.
 */
@Timeout(120)
class CloseWakesParkedSendersTest {

    private static final int SENDERS = 256;

    private static final int ROUNDS = 10;

    private static final int STRESS_ROUNDS = 10_000;

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void closeWakesEveryParkedSender(ThreadKind threads) throws Exception {
        Queue<Integer> undelivered = new ConcurrentLinkedQueue<>();
        Channel<Integer> ch = Channel.<Integer>builder().onUndelivered(undelivered::add).build();
        AtomicInteger failed = new AtomicInteger();
        AtomicInteger delivered = new AtomicInteger();

        try (Workers senders = Workers.start(threads, "sender", SENDERS, i -> {
            try {
                ch.send(i);
                delivered.incrementAndGet();
            } catch (ChannelClosedException expected) {
                failed.incrementAndGet();
            }
        })) {
            ChannelProbe.awaitSenders(ch, SENDERS);
            for (Thread sender : senders.threads()) {
                Await.parked(sender);
            }

            ch.close();
            senders.join();
        }

        assertThat(failed).hasValue(SENDERS);
        assertThat(delivered).hasValue(0);
        assertThat(undelivered).as("elements a close passes to the handler").isEmpty();
        assertThat(ch.receiveOrNull()).isNull();
        assertThat(ch.tryReceive()).isNull();
        assertThat(ChannelProbe.queues(ch)).isEqualTo(ChannelProbe.Queues.EMPTY);
    }

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void closeWakesQueuedSendersEveryRound(ThreadKind threads) throws Exception {
        repeatClose(threads, ROUNDS, true);
    }

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void closeRacingSendersWakesAllEveryRound(ThreadKind threads) throws Exception {
        repeatClose(threads, ROUNDS, false);
    }

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    @Tag("stress")
    @Timeout(3_600)
    void closeWakesQueuedSendersUnderStress(ThreadKind threads) throws Exception {
        repeatClose(threads, STRESS_ROUNDS, true);
    }

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    @Tag("stress")
    @Timeout(3_600)
    void closeRacingSendersWakesAllUnderStress(ThreadKind threads) throws Exception {
        repeatClose(threads, STRESS_ROUNDS, false);
    }

    /**
     * Runs {@code rounds} rounds with the same {@link #SENDERS} threads: each round they all send
     * on a new unbuffered channel, and the test thread closes it, either once every sender is
     * queued or at once, while they are still arriving. No thread receives, so every send must
     * fail, and every sender must come back for the next round.
     */
    private static void repeatClose(ThreadKind threads, int rounds, boolean waitUntilQueued)
            throws Exception {
        CyclicBarrier start = new CyclicBarrier(SENDERS + 1);
        CyclicBarrier end = new CyclicBarrier(SENDERS + 1);
        AtomicReference<Channel<Integer>> current = new AtomicReference<>();
        AtomicInteger failed = new AtomicInteger();
        AtomicInteger delivered = new AtomicInteger();

        try (Workers senders = Workers.start(threads, "sender", SENDERS, i -> {
            for (int round = 0; round < rounds; round++) {
                start.await();
                try {
                    current.get().send(i);
                    delivered.incrementAndGet();
                } catch (ChannelClosedException expected) {
                    failed.incrementAndGet();
                }
                end.await();
            }
        })) {
            Rounds.run(rounds, round -> {
                Channel<Integer> ch = Channel.unbuffered();
                current.set(ch);
                failed.set(0);
                start.await(Await.LIVENESS.toSeconds(), TimeUnit.SECONDS);
                if (waitUntilQueued) {
                    ChannelProbe.awaitSenders(ch, SENDERS);
                }

                ch.close();
                end.await(Await.LIVENESS.toSeconds(), TimeUnit.SECONDS);

                assertThat(failed).as("senders failed with ChannelClosedException")
                        .hasValue(SENDERS);
                assertThat(delivered).as("sends delivered").hasValue(0);
                assertThat(ch.receiveOrNull()).isNull();
                assertThat(ChannelProbe.queues(ch)).isEqualTo(ChannelProbe.Queues.EMPTY);
            });
            senders.join();
        }
    }
}
