package chanstream.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chanstream.core.internal.ChannelProbe;
import chanstream.core.testing.Await;
import chanstream.core.testing.ThreadKind;
import chanstream.core.testing.Workers;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A value received from one unbuffered channel and passed on to a second unbuffered channel
 * that no thread reads: the send parks and never completes by itself. Nothing buffers the value
 * behind the sender's back, and once the sender gives up (timeout or interrupt) no later
 * receiver gets it. Java has no deadlock detector, so a test of such code needs a timeout.
 */
@Timeout(60)
class UnbufferedSendWithoutReceiverTest {

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void sendOnUnreadChannelParksUntilInterrupted(ThreadKind threads) throws Exception {
        Channel<Integer> a = Channel.<Integer>builder().name("A").build();
        Channel<Integer> b = Channel.<Integer>builder().name("B").build();
        AtomicReference<Integer> fromB = new AtomicReference<>();
        AtomicBoolean sendOnAReturned = new AtomicBoolean();
        AtomicBoolean sendOnAInterrupted = new AtomicBoolean();

        try (Workers helper = Workers.startOne(threads, "helper", i -> b.send(1));
                Workers main = Workers.startOne(threads, "main", i -> {
                    fromB.set(b.receive());
                    try {
                        a.send(fromB.get());
                        sendOnAReturned.set(true);
                    } catch (InterruptedException expected) {
                        sendOnAInterrupted.set(true);
                    }
                })) {
            helper.join();
            ChannelProbe.awaitSenders(a, 1);
            Await.parked(main.thread(0));

            assertThat(fromB.get()).isEqualTo(1);
            assertThat(sendOnAReturned).as("send on A returned with no receiver").isFalse();
            assertThat(a.size()).as("elements buffered on A").isZero();
            assertThat(a.trySend(2)).as("trySend on A while only a sender waits").isFalse();

            main.interruptAll();
            main.join();
        }

        assertThat(sendOnAInterrupted).isTrue();
        assertThat(sendOnAReturned).isFalse();
        assertThat(ChannelProbe.queues(a)).isEqualTo(ChannelProbe.Queues.EMPTY);
        assertThat(a.tryReceive()).as("value of the abandoned send").isNull();
        assertNoLaterReceiverGetsTheValue(a, threads);
    }

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void timedSendGivesUpAndValueNeverAppears(ThreadKind threads) throws Exception {
        Channel<Integer> a = Channel.unbuffered();
        Channel<Integer> b = Channel.unbuffered();
        Duration timeout = Duration.ofMillis(50);
        AtomicReference<Boolean> sent = new AtomicReference<>();
        AtomicReference<Duration> waited = new AtomicReference<>();

        try (Workers helper = Workers.startOne(threads, "helper", i -> b.send(1));
                Workers main = Workers.startOne(threads, "main", i -> {
                    int value = b.receive();
                    long start = System.nanoTime();
                    sent.set(a.send(value, timeout));
                    waited.set(Duration.ofNanos(System.nanoTime() - start));
                })) {
            helper.join();
            main.join();
        }

        assertThat(sent.get()).isFalse();
        assertThat(waited.get()).isGreaterThanOrEqualTo(timeout);
        assertThat(ChannelProbe.queues(a)).isEqualTo(ChannelProbe.Queues.EMPTY);
        assertThat(a.tryReceive()).isNull();
        assertNoLaterReceiverGetsTheValue(a, threads);
    }

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void trySendOnUnreadChannelReturnsFalseAtOnce(ThreadKind threads) throws Exception {
        Channel<Integer> a = Channel.unbuffered();

        assertThat(a.trySend(1)).isFalse();

        assertThat(ChannelProbe.queues(a)).isEqualTo(ChannelProbe.Queues.EMPTY);
        assertNoLaterReceiverGetsTheValue(a, threads);
    }

    /**
     * Starts a receiver on {@code a}, then sends a marker: the receiver must get the marker,
     * not the value 1 of an earlier send that gave up.
     */
    private static void assertNoLaterReceiverGetsTheValue(Channel<Integer> a, ThreadKind threads)
            throws Exception {
        AtomicReference<Integer> received = new AtomicReference<>();
        try (Workers receiver = Workers.startOne(threads, "late-receiver",
                i -> received.set(a.receive()))) {
            ChannelProbe.awaitReceivers(a, 1);
            a.send(-1);
            receiver.join();
        }
        assertThat(received.get()).as("value a later receiver got").isEqualTo(-1);
        a.close();
        assertThatThrownBy(a::receive).isInstanceOf(ChannelClosedException.class);
    }
}
