package chanstream.core;

import static chanstream.core.testing.Capacity.ONE;
import static chanstream.core.testing.Capacity.SIXTEEN;
import static chanstream.core.testing.Capacity.TWO;
import static chanstream.core.testing.Capacity.UNBUFFERED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chanstream.core.internal.ChannelProbe;
import chanstream.core.testing.Await;
import chanstream.core.testing.Capacity;
import chanstream.core.testing.ChannelMatrix;
import chanstream.core.testing.Drain;
import chanstream.core.testing.ThreadKind;
import chanstream.core.testing.Workers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link SendChannel#send(Object, Duration)}: gives up after the timeout, and an element whose
 * send timed out never appears in the channel.
 */
@Timeout(60)
class TimedSendTest {

    private static final Duration SHORT = Duration.ofMillis(20);

    private static final Duration LONG = Duration.ofSeconds(30);

    @ChannelMatrix(capacities = {UNBUFFERED, ONE, TWO, SIXTEEN})
    void timedSendOnFullChannelReturnsFalseAfterTimeout(Capacity capacity, ThreadKind threads)
            throws Exception {
        Channel<Integer> ch = capacity.newChannel();
        for (int i = 0; i < capacity.value(); i++) {
            ch.send(i);
        }
        AtomicBoolean sent = new AtomicBoolean(true);
        AtomicReference<Duration> waited = new AtomicReference<>();

        try (Workers sender = Workers.startOne(threads, "sender", i -> {
            long start = System.nanoTime();
            sent.set(ch.send(-1, SHORT));
            waited.set(Duration.ofNanos(System.nanoTime() - start));
        })) {
            sender.join();
        }

        assertThat(sent).isFalse();
        assertThat(waited.get()).isGreaterThanOrEqualTo(SHORT);
        assertThat(ChannelProbe.queues(ch)).isEqualTo(ChannelProbe.Queues.EMPTY);
        assertThat(ch.size()).isEqualTo(capacity.value());
    }

    @ChannelMatrix(capacities = {UNBUFFERED, ONE, TWO, SIXTEEN})
    void elementOfTimedOutSendNeverReachesLaterReceiver(Capacity capacity, ThreadKind threads)
            throws Exception {
        Channel<Integer> ch = capacity.newChannel();
        for (int i = 0; i < capacity.value(); i++) {
            ch.send(i);
        }
        assertThat(ch.send(-1, SHORT)).isFalse();
        List<Integer> received = new ArrayList<>();

        try (Workers receiver = Workers.startOne(threads, "receiver", n -> {
            for (int i = 0; i <= capacity.value(); i++) {
                received.add(ch.receive());
            }
        })) {
            for (int i = 0; i <= capacity.value(); i++) {
                ch.send(100 + i);
            }
            receiver.join();
        }

        List<Integer> expectedReceived = new ArrayList<>();
        List<Integer> expectedLeft = new ArrayList<>();
        for (int i = 0; i < capacity.value(); i++) {
            expectedReceived.add(i);
            expectedLeft.add(101 + i);
        }
        expectedReceived.add(100);
        assertThat(received).containsExactlyElementsOf(expectedReceived);
        assertThat(Drain.remaining(ch)).containsExactlyElementsOf(expectedLeft);
    }

    @ChannelMatrix
    void timedSendSucceedsWhenRoomAppearsInTime(Capacity capacity, ThreadKind threads)
            throws Exception {
        Channel<String> ch = capacity.newChannel();
        for (int i = 0; i < capacity.fill(); i++) {
            ch.send("filler");
        }
        AtomicBoolean sent = new AtomicBoolean();

        try (Workers sender = Workers.startOne(threads, "sender",
                i -> sent.set(ch.send("timed", LONG)))) {
            if (!capacity.isUnlimited()) {
                ChannelProbe.awaitSenders(ch, 1);
            }
            String first = ch.receive();
            assertThat(first).isEqualTo(capacity.isUnbuffered() ? "timed" : "filler");
            sender.join();
        }

        assertThat(sent).isTrue();
        if (!capacity.isUnbuffered()) {
            assertThat(Drain.remaining(ch)).last().isEqualTo("timed");
        }
    }

    /**
     * Three senders queue in order on a full channel, and the middle one sends with a short
     * timeout and gives up. The other two keep their order and the timed-out element never
     * arrives. On a machine so loaded that the third sender queues only after the timeout, the
     * timed sender leaves from the tail instead of the middle, and the checks still hold.
     */
    @ChannelMatrix(capacities = {UNBUFFERED, ONE, TWO, SIXTEEN})
    void timedOutSenderLeavesQueueOrderIntact(Capacity capacity, ThreadKind threads)
            throws Exception {
        Channel<Integer> ch = capacity.newChannel();
        for (int i = 0; i < capacity.value(); i++) {
            ch.send(-1);
        }
        AtomicBoolean timedSent = new AtomicBoolean(true);

        try (Workers first = Workers.startOne(threads, "first", i -> ch.send(1))) {
            ChannelProbe.awaitSenders(ch, 1);
            try (Workers timed = Workers.startOne(threads, "timed",
                    i -> timedSent.set(ch.send(2, Duration.ofMillis(300))))) {
                ChannelProbe.awaitSenders(ch, 2);
                try (Workers third = Workers.startOne(threads, "third", i -> ch.send(3))) {
                    Await.until("the third sender is queued or the timed one gave up", () ->
                            ChannelProbe.queues(ch).senders() == 3 || !timed.thread(0).isAlive());
                    timed.join();
                    assertThat(ChannelProbe.queues(ch).senders()).isEqualTo(2);

                    List<Integer> received = new ArrayList<>();
                    for (int i = 0; i < capacity.value() + 2; i++) {
                        received.add(ch.receive());
                    }
                    assertThat(received.subList(capacity.value(), received.size()))
                            .containsExactly(1, 3);
                    third.join();
                }
            }
            first.join();
        }

        assertThat(timedSent).isFalse();
        assertThat(ch.tryReceive()).isNull();
        assertThat(ChannelProbe.queues(ch)).isEqualTo(ChannelProbe.Queues.EMPTY);
    }

    @ParameterizedTest
    @EnumSource(Capacity.class)
    void zeroTimeoutSendsOnlyWhatNeedsNoWait(Capacity capacity) throws Exception {
        Channel<Integer> ch = capacity.newChannel();

        for (int i = 0; i < capacity.fill(); i++) {
            assertThat(ch.send(i, Duration.ZERO)).as("send number %d", i).isTrue();
        }
        if (!capacity.isUnlimited()) {
            assertThat(ch.send(-1, Duration.ZERO)).isFalse();
        }

        assertThat(ChannelProbe.queues(ch)).isEqualTo(ChannelProbe.Queues.EMPTY);
        assertThat(Drain.remaining(ch)).doesNotContain(-1).hasSize(capacity.fill());
    }

    @ChannelMatrix(capacities = UNBUFFERED)
    void zeroTimeoutSendHandsElementToWaitingReceiver(Capacity capacity, ThreadKind threads)
            throws Exception {
        Channel<String> ch = capacity.newChannel();
        AtomicReference<String> received = new AtomicReference<>();

        try (Workers receiver = Workers.startOne(threads, "receiver",
                i -> received.set(ch.receive()))) {
            ChannelProbe.awaitReceivers(ch, 1);
            assertThat(ch.send("now", Duration.ZERO)).isTrue();
            receiver.join();
        }
        assertThat(received.get()).isEqualTo("now");
    }

    @ChannelMatrix(capacities = UNBUFFERED)
    void hugeTimeoutWaitsForReceiverWithoutOverflow(Capacity capacity, ThreadKind threads)
            throws Exception {
        Channel<String> ch = capacity.newChannel();
        AtomicBoolean sent = new AtomicBoolean();

        try (Workers sender = Workers.startOne(threads, "sender",
                i -> sent.set(ch.send("a", Duration.ofSeconds(Long.MAX_VALUE))))) {
            ChannelProbe.awaitSenders(ch, 1);
            assertThat(ch.receive()).isEqualTo("a");
            sender.join();
        }
        assertThat(sent).isTrue();
    }

    @ParameterizedTest
    @EnumSource(Capacity.class)
    void negativeTimeoutIsRejected(Capacity capacity) {
        Channel<String> ch = capacity.newChannel();
        Duration negative = Duration.ofMillis(-5);

        assertThatThrownBy(() -> ch.send("x", negative))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(negative.toString());
        assertThat(ch.size()).isZero();
    }

    @ParameterizedTest
    @EnumSource(Capacity.class)
    void nullTimeoutOrElementThrowsNullPointerException(Capacity capacity) {
        Channel<String> ch = capacity.newChannel();

        assertThatThrownBy(() -> ch.send("x", null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("timeout");
        assertThatThrownBy(() -> ch.send(null, SHORT))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("element");
    }

    @ParameterizedTest
    @EnumSource(Capacity.class)
    void timedSendOnClosedChannelThrows(Capacity capacity) {
        Channel<String> ch = capacity.newChannel();
        ch.close();

        assertThatThrownBy(() -> ch.send("x", SHORT)).isInstanceOf(ChannelClosedException.class);
        assertThatThrownBy(() -> ch.send("x", Duration.ZERO))
                .isInstanceOf(ChannelClosedException.class);
    }

    @ChannelMatrix(capacities = {UNBUFFERED, ONE, TWO, SIXTEEN})
    void closeWakesTimedSenderWithChannelClosedException(Capacity capacity, ThreadKind threads)
            throws Exception {
        Channel<Integer> ch = capacity.newChannel();
        for (int i = 0; i < capacity.value(); i++) {
            ch.send(i);
        }
        AtomicReference<Throwable> failure = new AtomicReference<>();

        try (Workers sender = Workers.startOne(threads, "sender", i -> {
            try {
                ch.send(-1, LONG);
            } catch (ChannelClosedException expected) {
                failure.set(expected);
            }
        })) {
            ChannelProbe.awaitSenders(ch, 1);
            ch.close();
            sender.join();
        }

        assertThat(failure.get()).isInstanceOf(ChannelClosedException.class);
        assertThat(Drain.remaining(ch)).doesNotContain(-1).hasSize(capacity.value());
    }
}
