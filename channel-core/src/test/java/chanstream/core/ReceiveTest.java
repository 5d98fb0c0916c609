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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link ReceiveChannel#receive()} and {@link ReceiveChannel#receiveOrNull()}: waiting for a
 * sender, draining after a close, and the closed outcomes.
 */
@Timeout(60)
class ReceiveTest {

    @ChannelMatrix
    void receiveWaitsUntilSenderArrives(Capacity capacity, ThreadKind threads) throws Exception {
        Channel<String> ch = capacity.newChannel();
        AtomicReference<String> received = new AtomicReference<>();

        try (Workers receiver = Workers.startOne(threads, "receiver",
                i -> received.set(ch.receive()))) {
            ChannelProbe.awaitReceivers(ch, 1);
            Await.parked(receiver.thread(0));
            assertThat(received.get()).isNull();

            ch.send("a");
            receiver.join();
        }
        assertThat(received.get()).isEqualTo("a");
        assertThat(ch.size()).isZero();
        assertThat(ChannelProbe.queues(ch)).isEqualTo(ChannelProbe.Queues.EMPTY);
    }

    @ChannelMatrix
    void receiveOrNullWaitsUntilSenderArrives(Capacity capacity, ThreadKind threads)
            throws Exception {
        Channel<String> ch = capacity.newChannel();
        AtomicReference<String> received = new AtomicReference<>();

        try (Workers receiver = Workers.startOne(threads, "receiver",
                i -> received.set(ch.receiveOrNull()))) {
            ChannelProbe.awaitReceivers(ch, 1);
            ch.send("a");
            receiver.join();
        }
        assertThat(received.get()).isEqualTo("a");
    }

    @ParameterizedTest
    @EnumSource(Capacity.class)
    void receiveDrainsBeforeThrowing(Capacity capacity) throws Exception {
        Channel<Integer> ch = capacity.newChannel();
        int buffered = Math.min(capacity.fill(), 5);
        for (int i = 0; i < buffered; i++) {
            ch.send(i);
        }
        ch.close();

        for (int i = 0; i < buffered; i++) {
            assertThat(ch.isClosedForReceive()).as("closed for receive with %d left", buffered - i)
                    .isFalse();
            assertThat(ch.receive()).isEqualTo(i);
        }
        assertThat(ch.isClosedForReceive()).isTrue();
        for (int attempt = 0; attempt < 3; attempt++) {
            assertThatThrownBy(ch::receive)
                    .isInstanceOf(ChannelClosedException.class)
                    .hasMessageContaining("receive on closed")
                    .hasNoCause();
        }
    }

    @ParameterizedTest
    @EnumSource(Capacity.class)
    void receiveOrNullDrainsBeforeNull(Capacity capacity) throws Exception {
        Channel<Integer> ch = capacity.newChannel();
        int buffered = Math.min(capacity.fill(), 5);
        for (int i = 0; i < buffered; i++) {
            ch.send(i);
        }
        ch.close();

        for (int i = 0; i < buffered; i++) {
            assertThat(ch.receiveOrNull()).isEqualTo(i);
        }
        for (int attempt = 0; attempt < 3; attempt++) {
            assertThat(ch.receiveOrNull()).isNull();
        }
    }

    @ParameterizedTest
    @EnumSource(Capacity.class)
    void receiveThrowsCloseCauseAfterDrain(Capacity capacity) throws Exception {
        Channel<String> ch = capacity.newChannel();
        if (!capacity.isUnbuffered()) {
            ch.send("last");
        }
        IllegalStateException cause = new IllegalStateException("producer failed");
        ch.close(cause);

        if (!capacity.isUnbuffered()) {
            assertThat(ch.receive()).isEqualTo("last");
        }
        assertThatThrownBy(ch::receive)
                .isInstanceOf(ChannelClosedException.class)
                .cause().isSameAs(cause);
        assertThatThrownBy(ch::receiveOrNull)
                .isInstanceOf(ChannelClosedException.class)
                .cause().isSameAs(cause);
    }

    @ParameterizedTest
    @EnumSource(Capacity.class)
    void receiveOnClosedChannelNamesTheChannel(Capacity capacity) {
        Channel<String> named = capacity.<String>builder().name("cows").build();
        Channel<String> unnamed = capacity.newChannel();
        named.close();
        unnamed.close();

        assertThatThrownBy(named::receive).hasMessageContaining("'cows'");
        assertThatThrownBy(unnamed::receive).hasMessageContaining(unnamed.toString());
    }

    @ChannelMatrix(capacities = {ONE, TWO, SIXTEEN})
    void receiveFromFullBufferLetsBlockedSenderIn(Capacity capacity, ThreadKind threads)
            throws Exception {
        Channel<Integer> ch = capacity.newChannel();
        for (int i = 0; i < capacity.value(); i++) {
            ch.send(i);
        }

        try (Workers sender = Workers.startOne(threads, "sender", i -> ch.send(capacity.value()))) {
            ChannelProbe.awaitSenders(ch, 1);
            assertThat(ch.receive()).isZero();
            sender.join();
        }
        assertThat(ch.size()).isEqualTo(capacity.value());
        assertThat(ChannelProbe.queues(ch)).isEqualTo(ChannelProbe.Queues.EMPTY);
        List<Integer> expected = new ArrayList<>();
        for (int i = 1; i <= capacity.value(); i++) {
            expected.add(i);
        }
        assertThat(Drain.remaining(ch)).containsExactlyElementsOf(expected);
    }

    @ChannelMatrix
    void waitingReceiversServedInArrivalOrder(Capacity capacity,
            ThreadKind threads) throws Exception {
        Channel<Integer> ch = capacity.newChannel();
        int waiting = 5;
        AtomicIntegerArray received = new AtomicIntegerArray(waiting);
        List<Workers> receivers = new ArrayList<>();
        try {
            for (int i = 0; i < waiting; i++) {
                int index = i;
                receivers.add(Workers.startOne(threads, "receiver-" + i,
                        n -> received.set(index, ch.receive())));
                ChannelProbe.awaitReceivers(ch, i + 1);
            }

            for (int value = 10; value < 10 + waiting; value++) {
                ch.send(value);
            }
            for (Workers receiver : receivers) {
                receiver.join();
            }
        } finally {
            for (Workers receiver : receivers) {
                receiver.close();
            }
        }
        assertThat(received).hasToString("[10, 11, 12, 13, 14]");
    }

    @ChannelMatrix(capacities = UNBUFFERED)
    void unbufferedReceiveTakesDirectlyFromWaitingSender(Capacity capacity, ThreadKind threads)
            throws Exception {
        Channel<String> ch = capacity.newChannel();

        try (Workers sender = Workers.startOne(threads, "sender", i -> ch.send("direct"))) {
            ChannelProbe.awaitSenders(ch, 1);
            assertThat(ch.size()).isZero();
            assertThat(ch.receive()).isEqualTo("direct");
            sender.join();
        }
        assertThat(ChannelProbe.queues(ch)).isEqualTo(ChannelProbe.Queues.EMPTY);
    }
}
