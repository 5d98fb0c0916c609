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
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link SendChannel#send(Object)}: rendezvous, buffering, ordering and closed channels.
 */
@Timeout(60)
class SendTest {

    @ChannelMatrix(capacities = UNBUFFERED)
    void unbufferedSendReturnsOnlyAfterReceiverTookElement(Capacity capacity, ThreadKind threads)
            throws Exception {
        Channel<String> ch = capacity.newChannel();
        AtomicBoolean returned = new AtomicBoolean();

        try (Workers sender = Workers.startOne(threads, "sender", i -> {
            ch.send("a");
            returned.set(true);
        })) {
            ChannelProbe.awaitSenders(ch, 1);
            Await.parked(sender.thread(0));
            assertThat(returned).as("send returned before any receive").isFalse();
            assertThat(ch.size()).isZero();

            assertThat(ch.receive()).isEqualTo("a");
            sender.join();
        }
        assertThat(returned).isTrue();
        assertThat(ChannelProbe.queues(ch)).isEqualTo(ChannelProbe.Queues.EMPTY);
    }

    @ChannelMatrix(capacities = {ONE, TWO, SIXTEEN})
    void bufferedSendWaitsOnlyWhileBufferIsFull(Capacity capacity, ThreadKind threads)
            throws Exception {
        Channel<Integer> ch = capacity.newChannel();
        for (int i = 0; i < capacity.value(); i++) {
            ch.send(i);
        }
        assertThat(ch.size()).isEqualTo(capacity.value());
        assertThat(ChannelProbe.queues(ch)).isEqualTo(ChannelProbe.Queues.EMPTY);

        try (Workers sender = Workers.startOne(threads, "sender", i -> ch.send(capacity.value()))) {
            ChannelProbe.awaitSenders(ch, 1);
            Await.parked(sender.thread(0));
            assertThat(ch.size()).isEqualTo(capacity.value());

            assertThat(ch.receive()).isZero();
            sender.join();
        }
        assertThat(Drain.remaining(ch))
                .containsExactlyElementsOf(IntStream.rangeClosed(1, capacity.value()).boxed()
                        .toList());
    }

    @Test
    void unlimitedSendNeverWaits() throws InterruptedException {
        Channel<Integer> ch = Channel.unlimited();

        for (int i = 0; i < 10_000; i++) {
            ch.send(i);
        }

        assertThat(ch.size()).isEqualTo(10_000);
        assertThat(Drain.remaining(ch))
                .containsExactlyElementsOf(IntStream.range(0, 10_000).boxed().toList());
    }

    @ChannelMatrix
    void elementsOfOneSenderArriveInSendOrder(Capacity capacity, ThreadKind threads)
            throws Exception {
        Channel<Integer> ch = capacity.newChannel();
        int count = 2_000;
        List<Integer> received = new ArrayList<>();

        try (Workers sender = Workers.startOne(threads, "sender", i -> {
            for (int value = 0; value < count; value++) {
                ch.send(value);
            }
        }); Workers receiver = Workers.startOne(threads, "receiver", i -> {
            for (int n = 0; n < count; n++) {
                received.add(ch.receive());
            }
        })) {
            sender.join();
            receiver.join();
        }

        assertThat(received).containsExactlyElementsOf(IntStream.range(0, count).boxed().toList());
        assertThat(ch.size()).isZero();
    }

    @ChannelMatrix
    void manyPartiesDeliverEachValueOnce(Capacity capacity, ThreadKind threads) throws Exception {
        Channel<Integer> ch = capacity.newChannel();
        int senders = 4;
        int receivers = 3;
        int perSender = 1_000;
        List<List<Integer>> receivedBy = new ArrayList<>();
        for (int r = 0; r < receivers; r++) {
            receivedBy.add(new ArrayList<>());
        }

        try (Workers sending = Workers.start(threads, "sender", senders, s -> {
            for (int seq = 0; seq < perSender; seq++) {
                ch.send(s * perSender + seq);
            }
        }); Workers receiving = Workers.start(threads, "receiver", receivers, r -> {
            Integer value;
            while ((value = ch.receiveOrNull()) != null) {
                receivedBy.get(r).add(value);
            }
        })) {
            sending.join();
            ch.close();
            receiving.join();
        }

        int[] hits = new int[senders * perSender];
        for (List<Integer> received : receivedBy) {
            int[] lastSeq = new int[senders];
            Arrays.fill(lastSeq, -1);
            for (int value : received) {
                hits[value]++;
                int sender = value / perSender;
                int seq = value % perSender;
                assertThat(seq).as("sender %d's order seen by one receiver", sender)
                        .isGreaterThan(lastSeq[sender]);
                lastSeq[sender] = seq;
            }
        }
        for (int value = 0; value < hits.length; value++) {
            assertThat(hits[value]).as("times value %d was received", value).isOne();
        }
    }

    @ParameterizedTest
    @EnumSource(Capacity.class)
    void sendOnClosedChannelThrows(Capacity capacity) {
        Channel<String> ch = capacity.<String>builder().name("cows").build();
        ch.close();

        assertThatThrownBy(() -> ch.send("moo"))
                .isInstanceOf(ChannelClosedException.class)
                .hasMessageContaining("send on closed")
                .hasMessageContaining("'cows'")
                .hasNoCause();
        assertThat(ch.size()).isZero();
        assertThat(ch.tryReceive()).isNull();
        assertThat(ch.isClosedForReceive()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(Capacity.class)
    void sendCarriesCloseCause(Capacity capacity) {
        Channel<String> ch = capacity.newChannel();
        IllegalStateException cause = new IllegalStateException("producer failed");
        ch.close(cause);

        assertThatThrownBy(() -> ch.send("x"))
                .isInstanceOf(ChannelClosedException.class)
                .cause().isSameAs(cause);
        assertThat(ch.size()).isZero();
    }

    @ParameterizedTest
    @EnumSource(Capacity.class)
    void sendOnCancelledChannelThrows(Capacity capacity) {
        Channel<String> ch = capacity.newChannel();
        ch.cancel();

        assertThatThrownBy(() -> ch.send("x")).isInstanceOf(ChannelClosedException.class);
        assertThat(ch.size()).isZero();
    }

    @ParameterizedTest
    @EnumSource(Capacity.class)
    void sendNullIsRejected(Capacity capacity) {
        Channel<String> ch = capacity.newChannel();

        assertThatThrownBy(() -> ch.send(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("element");
        assertThat(ch.size()).isZero();
    }

    @ParameterizedTest
    @EnumSource(Capacity.class)
    void nullCheckPrecedesClosedCheck(Capacity capacity) {
        Channel<String> ch = capacity.newChannel();
        ch.close();

        assertThatThrownBy(() -> ch.send(null)).isInstanceOf(NullPointerException.class);
    }

    @ChannelMatrix(capacities = {UNBUFFERED, ONE, TWO, SIXTEEN})
    void blockedSendersProceedInArrivalOrder(Capacity capacity, ThreadKind threads)
            throws Exception {
        Channel<Integer> ch = capacity.newChannel();
        for (int i = 0; i < capacity.value(); i++) {
            ch.send(-1);
        }
        int blocked = 5;
        List<Workers> senders = new ArrayList<>();
        try {
            for (int i = 0; i < blocked; i++) {
                int value = i;
                senders.add(Workers.startOne(threads, "sender-" + i, n -> ch.send(value)));
                ChannelProbe.awaitSenders(ch, i + 1);
            }
            for (int i = 0; i < capacity.value(); i++) {
                assertThat(ch.receive()).isEqualTo(-1);
            }
            for (int i = 0; i < blocked; i++) {
                assertThat(ch.receive()).as("element %d", i).isEqualTo(i);
            }
            for (Workers sender : senders) {
                sender.join();
            }
        } finally {
            for (Workers sender : senders) {
                sender.close();
            }
        }
        assertThat(ChannelProbe.queues(ch)).isEqualTo(ChannelProbe.Queues.EMPTY);
    }
}
