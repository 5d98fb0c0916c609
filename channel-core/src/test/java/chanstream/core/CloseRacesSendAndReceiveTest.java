package chanstream.core;

import static chanstream.core.testing.Capacity.ONE;
import static chanstream.core.testing.Capacity.SIXTEEN;
import static chanstream.core.testing.Capacity.TWO;
import static chanstream.core.testing.Capacity.UNBUFFERED;
import static org.assertj.core.api.Assertions.assertThat;

import chanstream.core.internal.ChannelProbe;
import chanstream.core.testing.Await;
import chanstream.core.testing.Capacity;
import chanstream.core.testing.ChannelMatrix;
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
import org.junit.jupiter.api.Timeout;

/**
 * Close is linearizable with send and receive. A sender loops on {@code send} while one
 * receiver takes a few elements and then closes the channel, and a second receiver keeps
 * receiving until the channel reports closed. Every send either completed (and its element was
 * received exactly once, before or after the close) or failed with
 * {@link ChannelClosedException}; no thread stays parked, and no node stays queued.
 */
@Timeout(300)
class CloseRacesSendAndReceiveTest {

    private static final int ROUNDS = 300;

    private static final int STRESS_ROUNDS_UNBUFFERED = 1_000_000;

    private static final int STRESS_ROUNDS = 100_000;

    @ChannelMatrix
    void everySendIsReceivedOrFails(Capacity capacity, ThreadKind threads) throws Exception {
        raceCloseWithSendAndReceive(capacity, threads, ROUNDS);
    }

    @ChannelMatrix(capacities = UNBUFFERED)
    @Tag("stress")
    @Timeout(7_200)
    void everySendIsReceivedOrFailsOverMillionRounds(Capacity capacity,
            ThreadKind threads) throws Exception {
        raceCloseWithSendAndReceive(capacity, threads, STRESS_ROUNDS_UNBUFFERED);
    }

    @ChannelMatrix(capacities = {UNBUFFERED, ONE, TWO, SIXTEEN})
    @Tag("stress")
    @Timeout(3_600)
    void everySendIsReceivedOrFailsUnderStress(Capacity capacity, ThreadKind threads)
            throws Exception {
        raceCloseWithSendAndReceive(capacity, threads, STRESS_ROUNDS);
    }

    /**
     * Runs {@code rounds} rounds with three threads reused across rounds: a sender, a receiver
     * that takes a random number (0 to 4) of elements and then closes, and a draining receiver.
     */
    private static void raceCloseWithSendAndReceive(Capacity capacity, ThreadKind threads,
            int rounds) throws Exception {
        CyclicBarrier start = new CyclicBarrier(4);
        CyclicBarrier end = new CyclicBarrier(4);
        AtomicReference<Channel<Integer>> current = new AtomicReference<>();
        AtomicInteger sent = new AtomicInteger();
        AtomicReference<Throwable> senderEnd = new AtomicReference<>();
        List<Integer> receivedByCloser = new ArrayList<>();
        List<Integer> receivedByDrainer = new ArrayList<>();
        int[] toReceive = new int[1];

        try (Workers sender = Workers.startOne(threads, "sender", i -> {
            for (int round = 0; round < rounds; round++) {
                start.await();
                Channel<Integer> ch = current.get();
                try {
                    for (int value = 0; ; value++) {
                        ch.send(value);
                        sent.incrementAndGet();
                    }
                } catch (ChannelClosedException closed) {
                    senderEnd.set(closed);
                }
                end.await();
            }
        }); Workers closer = Workers.startOne(threads, "closer", i -> {
            for (int round = 0; round < rounds; round++) {
                start.await();
                Channel<Integer> ch = current.get();
                for (int n = 0; n < toReceive[0]; n++) {
                    Integer value = ch.receiveOrNull();
                    if (value == null) {
                        break;
                    }
                    receivedByCloser.add(value);
                }
                ch.close();
                end.await();
            }
        }); Workers drainer = Workers.startOne(threads, "drainer", i -> {
            for (int round = 0; round < rounds; round++) {
                start.await();
                Channel<Integer> ch = current.get();
                Integer value;
                while ((value = ch.receiveOrNull()) != null) {
                    receivedByDrainer.add(value);
                }
                end.await();
            }
        })) {
            Rounds.run(rounds, round -> {
                Channel<Integer> ch = capacity.newChannel();
                current.set(ch);
                sent.set(0);
                senderEnd.set(null);
                receivedByCloser.clear();
                receivedByDrainer.clear();
                toReceive[0] = ThreadLocalRandom.current().nextInt(5);

                start.await(Await.LIVENESS.toSeconds(), TimeUnit.SECONDS);
                end.await(Await.LIVENESS.toSeconds(), TimeUnit.SECONDS);

                assertThat(senderEnd.get()).as("how the sender's loop ended")
                        .isInstanceOf(ChannelClosedException.class);
                assertEachSentValueReceivedOnce(sent.get(), receivedByCloser, receivedByDrainer);
                assertThat(ch.isClosedForReceive()).isTrue();
                assertThat(ChannelProbe.queues(ch)).isEqualTo(ChannelProbe.Queues.EMPTY);
            });
            sender.join();
            closer.join();
            drainer.join();
        }
    }

    /**
     * Checks that the values received by the two receivers are exactly 0 to {@code sent - 1},
     * each once, and that each receiver got them in send order. The lists can hold millions of
     * values on an unlimited channel, so a failure names the first wrong value and the sizes
     * rather than printing the lists.
     */
    private static void assertEachSentValueReceivedOnce(int sent, List<Integer> byCloser,
            List<Integer> byDrainer) {
        int[] hits = new int[sent];
        for (List<Integer> received : List.of(byCloser, byDrainer)) {
            int previous = -1;
            for (int value : received) {
                if (value < 0 || value >= sent || value <= previous) {
                    throw new AssertionError("received " + value + " after " + previous + "; "
                            + sent + " sends completed, the closer received " + byCloser.size()
                            + " values and the drainer " + byDrainer.size());
                }
                hits[value]++;
                previous = value;
            }
        }
        for (int value = 0; value < sent; value++) {
            if (hits[value] != 1) {
                throw new AssertionError("value " + value + " was received " + hits[value]
                        + " times; " + sent + " sends completed, the closer received "
                        + byCloser.size() + " values and the drainer " + byDrainer.size());
            }
        }
    }
}
