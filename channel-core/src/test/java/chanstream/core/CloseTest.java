package chanstream.core;

import static chanstream.core.testing.Capacity.ONE;
import static chanstream.core.testing.Capacity.SIXTEEN;
import static chanstream.core.testing.Capacity.TWO;
import static chanstream.core.testing.Capacity.UNBUFFERED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chanstream.core.internal.ChannelProbe;
import chanstream.core.testing.Capacity;
import chanstream.core.testing.ChannelMatrix;
import chanstream.core.testing.Drain;
import chanstream.core.testing.ThreadKind;
import chanstream.core.testing.Workers;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link SendChannel#close()} and {@link SendChannel#close(Throwable)}: drain then closed, the
 * cause passed through, the first close winning, and blocked operations woken.
 */
@Timeout(60)
class CloseTest {

    @ParameterizedTest
    @EnumSource(Capacity.class)
    void closeKeepsBufferedElements(Capacity capacity) throws Exception {
        Queue<Integer> undelivered = new ConcurrentLinkedQueue<>();
        Channel<Integer> ch = capacity.<Integer>builder().onUndelivered(undelivered::add).build();
        int buffered = Math.min(capacity.fill(), 5);
        for (int i = 0; i < buffered; i++) {
            ch.send(i);
        }

        ch.close();

        assertThat(ch.isClosedForSend()).isTrue();
        assertThat(ch.isClosedForReceive()).isEqualTo(buffered == 0);
        assertThat(undelivered).as("elements a close passed to the handler").isEmpty();
        assertThat(Drain.remaining(ch)).containsExactlyElementsOf(
                IntStream.range(0, buffered).boxed().toList());
        assertThat(ch.isClosedForReceive()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(Capacity.class)
    void openChannelIsNotClosedForSendOrReceive(Capacity capacity) {
        Channel<String> ch = capacity.newChannel();

        assertThat(ch.isClosedForSend()).isFalse();
        assertThat(ch.isClosedForReceive()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(Capacity.class)
    void closeCauseIsTheVeryObjectPassed(Capacity capacity) {
        Channel<String> ch = capacity.newChannel();
        Exception cause = new Exception("producer failed");

        ch.close(cause);

        assertThat(ch.isClosedForSend()).isTrue();
        assertThat(ch.isClosedForReceive()).isTrue();
        assertThatThrownBy(ch::receive).isInstanceOf(ChannelClosedException.class)
                .cause().isSameAs(cause);
        assertThatThrownBy(ch::receiveOrNull).isInstanceOf(ChannelClosedException.class)
                .cause().isSameAs(cause);
        assertThatThrownBy(() -> ch.forEach(element -> { }))
                .isInstanceOf(ChannelClosedException.class)
                .cause().isSameAs(cause);
    }

    @ParameterizedTest
    @EnumSource(Capacity.class)
    void closeWithNullCauseIsRejected(Capacity capacity) {
        Channel<String> ch = capacity.newChannel();

        assertThatThrownBy(() -> ch.close(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("cause");

        assertThat(ch.isClosedForSend()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(Capacity.class)
    void plainCloseFirstWinsOverLaterCloseWithCause(Capacity capacity) throws Exception {
        Channel<String> ch = capacity.newChannel();

        ch.close();
        ch.close(new IllegalStateException("too late"));

        assertThat(ch.receiveOrNull()).isNull();
        assertThatThrownBy(ch::receive).isInstanceOf(ChannelClosedException.class).hasNoCause();
    }

    @ParameterizedTest
    @EnumSource(Capacity.class)
    void firstCauseWinsOverLaterCloses(Capacity capacity) {
        Channel<String> ch = capacity.newChannel();
        IllegalStateException first = new IllegalStateException("first");

        ch.close(first);
        ch.close(new IllegalStateException("second"));
        ch.close();

        assertThatThrownBy(ch::receive).cause().isSameAs(first);
    }

    @ParameterizedTest
    @EnumSource(Capacity.class)
    void tryWithResourcesClosesTheChannel(Capacity capacity) throws Exception {
        Channel<String> ch = capacity.newChannel();

        try (Channel<String> owned = ch) {
            if (!capacity.isUnbuffered()) {
                owned.send("a");
            }
        }

        assertThat(ch.isClosedForSend()).isTrue();
        if (!capacity.isUnbuffered()) {
            assertThat(ch.receive()).isEqualTo("a");
        }
        assertThat(ch.receiveOrNull()).isNull();
    }

    @ChannelMatrix
    void closeWakesEveryBlockedReceiver(Capacity capacity, ThreadKind threads) throws Exception {
        Channel<String> ch = capacity.newChannel();
        int receivers = 8;
        AtomicInteger closedSeen = new AtomicInteger();

        try (Workers receiving = Workers.start(threads, "receiver", receivers, i -> {
            if (i % 2 == 0) {
                assertThatThrownBy(ch::receive).isInstanceOf(ChannelClosedException.class);
            } else {
                assertThat(ch.receiveOrNull()).isNull();
            }
            closedSeen.incrementAndGet();
        })) {
            ChannelProbe.awaitReceivers(ch, receivers);
            ch.close();
            receiving.join();
        }

        assertThat(closedSeen).hasValue(receivers);
        assertThat(ChannelProbe.queues(ch)).isEqualTo(ChannelProbe.Queues.EMPTY);
    }

    @ChannelMatrix(capacities = {UNBUFFERED, ONE, TWO, SIXTEEN})
    void closeFailsEveryBlockedSender(Capacity capacity, ThreadKind threads) throws Exception {
        Queue<Integer> undelivered = new ConcurrentLinkedQueue<>();
        Channel<Integer> ch = capacity.<Integer>builder().onUndelivered(undelivered::add).build();
        for (int i = 0; i < capacity.value(); i++) {
            ch.send(i);
        }
        int senders = 8;
        AtomicInteger failed = new AtomicInteger();

        try (Workers sending = Workers.start(threads, "sender", senders, i -> {
            assertThatThrownBy(() -> ch.send(100 + i))
                    .isInstanceOf(ChannelClosedException.class);
            failed.incrementAndGet();
        })) {
            ChannelProbe.awaitSenders(ch, senders);
            ch.close();
            sending.join();
        }

        assertThat(failed).hasValue(senders);
        assertThat(undelivered).as("elements close passed to the handler").isEmpty();
        assertThat(Drain.remaining(ch)).containsExactlyElementsOf(
                IntStream.range(0, capacity.value()).boxed().toList());
        assertThat(ChannelProbe.queues(ch)).isEqualTo(ChannelProbe.Queues.EMPTY);
    }

    @ChannelMatrix(capacities = UNBUFFERED)
    void closeCauseReachesBlockedSender(Capacity capacity, ThreadKind threads) throws Exception {
        Channel<String> ch = capacity.newChannel();
        IllegalStateException cause = new IllegalStateException("shutdown");

        try (Workers sender = Workers.startOne(threads, "sender", i ->
                assertThatThrownBy(() -> ch.send("x"))
                        .isInstanceOf(ChannelClosedException.class)
                        .cause().isSameAs(cause))) {
            ChannelProbe.awaitSenders(ch, 1);
            ch.close(cause);
            sender.join();
        }
    }

    @ChannelMatrix
    void closeCauseReachesBlockedReceiver(Capacity capacity, ThreadKind threads) throws Exception {
        Channel<String> ch = capacity.newChannel();
        IllegalStateException cause = new IllegalStateException("shutdown");

        try (Workers receiver = Workers.startOne(threads, "receiver", i ->
                assertThatThrownBy(ch::receiveOrNull)
                        .isInstanceOf(ChannelClosedException.class)
                        .cause().isSameAs(cause))) {
            ChannelProbe.awaitReceivers(ch, 1);
            ch.close(cause);
            receiver.join();
        }
    }

    @Test
    void closeIsAlsoAutoCloseableClose() throws Exception {
        Channel<String> ch = Channel.buffered(1);
        AutoCloseable resource = ch;

        resource.close();
        resource.close();

        assertThat(ch.isClosedForSend()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(Capacity.class)
    void closeDoesNotDisturbLaterDrainOrder(Capacity capacity) throws Exception {
        Channel<Integer> ch = capacity.newChannel();
        int buffered = Math.min(capacity.fill(), 16);
        for (int i = 0; i < buffered; i++) {
            ch.send(i);
        }
        ch.close();

        List<Integer> drained = new ArrayList<>();
        Integer value;
        while ((value = ch.receiveOrNull()) != null) {
            drained.add(value);
        }

        assertThat(drained).containsExactlyElementsOf(
                IntStream.range(0, buffered).boxed().toList());
    }
}
