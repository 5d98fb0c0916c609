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
import chanstream.core.testing.Rounds;
import chanstream.core.testing.SelectVariant;
import chanstream.core.testing.ThreadKind;
import chanstream.core.testing.Workers;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Select clauses on closed channels: a receive clause on a closed, drained channel is ready;
 * {@code onReceiveOrNull} gets {@code null} or the close cause, {@code onReceive} and send
 * clauses make the select throw {@link ChannelClosedException}.
 */
@Timeout(60)
class SelectClosedChannelTest {

    @ParameterizedTest
    @EnumSource(SelectVariant.class)
    void onReceiveOfClosedNamesChannel(SelectVariant variant) {
        Channel<String> named = Channel.<String>builder().name("cows").build();
        Channel<String> unnamed = Channel.unbuffered();
        named.close();
        unnamed.close();

        assertThatThrownBy(() -> variant.select(List.of(named.onReceive(v -> v))))
                .isInstanceOf(ChannelClosedException.class)
                .hasMessageContaining("'cows'")
                .hasNoCause();
        assertThatThrownBy(() -> variant.select(List.of(unnamed.onReceive(v -> v))))
                .isInstanceOf(ChannelClosedException.class)
                .hasMessageContaining(unnamed.toString());
    }

    @ParameterizedTest
    @EnumSource(SelectVariant.class)
    void onReceiveThrowsCloseCause(SelectVariant variant) {
        Channel<String> ch = Channel.unbuffered();
        IllegalStateException cause = new IllegalStateException("producer failed");
        ch.close(cause);

        assertThatThrownBy(() -> variant.select(List.of(ch.onReceive(v -> v))))
                .isInstanceOf(ChannelClosedException.class)
                .cause().isSameAs(cause);
    }

    @ParameterizedTest
    @EnumSource(SelectVariant.class)
    void onReceiveOrNullOfClosedGetsNull(SelectVariant variant) throws Exception {
        Channel<String> ch = Channel.unbuffered();
        ch.close();

        for (int pass = 0; pass < 3; pass++) {
            String chosen = variant.select(List.of(
                    ch.onReceiveOrNull(v -> v == null ? "closed" : "value " + v)));
            assertThat(chosen).as("pass %d", pass).isEqualTo("closed");
        }
    }

    @ParameterizedTest
    @EnumSource(SelectVariant.class)
    void onReceiveOrNullThrowsCloseCause(SelectVariant variant) {
        Channel<String> ch = Channel.buffered(2);
        IllegalStateException cause = new IllegalStateException("producer failed");
        ch.close(cause);

        assertThatThrownBy(() -> variant.select(List.of(ch.onReceiveOrNull(v -> "closed"))))
                .isInstanceOf(ChannelClosedException.class)
                .cause().isSameAs(cause);
    }

    @ParameterizedTest
    @EnumSource(value = Capacity.class, names = {"ONE", "TWO", "SIXTEEN", "UNLIMITED"})
    void receiveClausesDrainClosedChannelBeforeReportingClosed(Capacity capacity) throws Exception {
        Channel<Integer> ch = capacity.newChannel();
        int buffered = Math.min(capacity.fill(), 3);
        for (int i = 0; i < buffered; i++) {
            ch.send(i);
        }
        ch.close(new IllegalStateException("failed"));

        List<Integer> received = new ArrayList<>();
        for (int i = 0; i < buffered; i++) {
            received.add(Select.select(ch.onReceive(v -> v)));
        }

        assertThat(received).hasSize(buffered).doesNotContainNull();
        assertThatThrownBy(() -> Select.select(ch.onReceive(v -> v)))
                .isInstanceOf(ChannelClosedException.class);
    }

    @ParameterizedTest
    @EnumSource(Capacity.class)
    void sendClauseOnClosedChannelThrowsAndEnqueuesNothing(Capacity capacity) {
        Channel<String> ch = capacity.<String>builder().name("data").build();
        ch.close();

        for (SelectVariant variant : SelectVariant.values()) {
            assertThatThrownBy(() -> variant.select(List.of(ch.onSend("x", () -> "sent"))))
                    .as("through %s", variant)
                    .isInstanceOf(ChannelClosedException.class)
                    .hasMessageContaining("send on closed")
                    .hasMessageContaining("'data'");
        }

        assertThat(ch.size()).isZero();
        assertThat(ch.tryReceive()).isNull();
        assertThat(ch.isClosedForReceive()).isTrue();
    }

    @Test
    void biasedClosedSendClauseThrowsFirst() throws Exception {
        Channel<String> closed = Channel.buffered(1);
        closed.close();
        Channel<String> ready = Channel.buffered(1);
        ready.send("x");

        assertThatThrownBy(() -> Select.selectBiased(closed.onSend("y", () -> "sent"),
                ready.onReceive(v -> v)))
                .isInstanceOf(ChannelClosedException.class);

        assertThat(ready.size()).as("the ready clause after the select threw").isOne();
    }

    @Test
    void closedReceiveClauseIsReadyOnEveryPass() throws Exception {
        Channel<String> closed = Channel.unbuffered();
        closed.close();
        Channel<String> idle = Channel.unbuffered();

        for (int pass = 0; pass < 1_000; pass++) {
            String chosen = Select.select(closed.onReceiveOrNull(v -> "closed"),
                    idle.onReceive(v -> "idle"));
            assertThat(chosen).as("pass %d", pass).isEqualTo("closed");
        }
        assertThat(ChannelProbe.queues(idle)).isEqualTo(ChannelProbe.Queues.EMPTY);
    }

    @ChannelMatrix
    void closeWakesSelectWaitingOnReceiveOrNull(Capacity capacity, ThreadKind threads)
            throws Exception {
        Channel<String> done = capacity.newChannel();
        Channel<String> jobs = capacity.newChannel();
        AtomicReference<String> chosen = new AtomicReference<>();

        try (Workers selector = Workers.startOne(threads, "selector", i -> chosen.set(
                Select.select(done.onReceiveOrNull(v -> v == null ? "done closed" : v),
                        jobs.onReceive(v -> "job"))))) {
            ChannelProbe.awaitReceivers(done, 1);
            ChannelProbe.awaitReceivers(jobs, 1);
            done.close();
            selector.join();
        }

        assertThat(chosen.get()).isEqualTo("done closed");
        assertThat(ChannelProbe.queues(jobs)).isEqualTo(ChannelProbe.Queues.EMPTY);
    }

    @ChannelMatrix
    void closeFailsSelectWaitingOnReceive(Capacity capacity, ThreadKind threads) throws Exception {
        Channel<String> ch = capacity.<String>builder().name("events").build();
        Channel<String> other = capacity.newChannel();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        IllegalStateException cause = new IllegalStateException("shutdown");

        try (Workers selector = Workers.startOne(threads, "selector", i -> {
            try {
                Select.select(ch.onReceive(v -> v), other.onReceive(v -> v));
            } catch (ChannelClosedException expected) {
                failure.set(expected);
            }
        })) {
            ChannelProbe.awaitReceivers(ch, 1);
            ch.close(cause);
            selector.join();
        }

        assertThat(failure.get()).isInstanceOf(ChannelClosedException.class)
                .hasMessageContaining("'events'")
                .hasCause(cause);
        assertThat(failure.get().getCause()).isSameAs(cause);
        assertThat(ChannelProbe.queues(other)).isEqualTo(ChannelProbe.Queues.EMPTY);
    }

    @ChannelMatrix(capacities = {UNBUFFERED, ONE, TWO, SIXTEEN})
    void closeFailsSelectWaitingToSend(Capacity capacity, ThreadKind threads) throws Exception {
        Channel<Integer> ch = capacity.newChannel();
        Channel<Integer> other = capacity.newChannel();
        for (int i = 0; i < capacity.value(); i++) {
            ch.send(i);
        }
        AtomicReference<Throwable> failure = new AtomicReference<>();

        try (Workers selector = Workers.startOne(threads, "selector", i -> {
            try {
                Select.select(ch.onSend(-1, () -> "sent"), other.onReceive(v -> "received"));
            } catch (ChannelClosedException expected) {
                failure.set(expected);
            }
        })) {
            ChannelProbe.awaitSenders(ch, 1);
            ch.close();
            selector.join();
        }

        assertThat(failure.get()).isInstanceOf(ChannelClosedException.class);
        assertThat(Drain.remaining(ch)).doesNotContain(-1).hasSize(capacity.value());
        assertThat(ChannelProbe.queues(other)).isEqualTo(ChannelProbe.Queues.EMPTY);
    }

    /**
     * A select waits to send on {@code out} and to receive from {@code in}, and the test closes
     * {@code out} while offering an element on {@code in} with {@code trySend}. Exactly one
     * clause commits: either the select received the element (and {@code trySend} returned
     * {@code true}), or the close woke it with {@link ChannelClosedException} (and the element
     * was not taken).
     */
    @ChannelMatrix(capacities = UNBUFFERED)
    void closeRacingPartnerCommitsExactlyOneClause(Capacity capacity, ThreadKind threads) {
        Rounds.run(200, round -> {
            Channel<Integer> out = capacity.newChannel();
            Channel<Integer> in = capacity.newChannel();
            AtomicReference<Object> outcome = new AtomicReference<>();

            boolean accepted;
            try (Workers selector = Workers.startOne(threads, "selector", i -> {
                try {
                    outcome.set(Select.select(out.onSend(-1, () -> "sent"),
                            in.onReceive(v -> v)));
                } catch (ChannelClosedException closed) {
                    outcome.set(closed);
                }
            })) {
                ChannelProbe.awaitSenders(out, 1);
                ChannelProbe.awaitReceivers(in, 1);
                if (round % 2 == 0) {
                    out.close();
                    accepted = in.trySend(round);
                } else {
                    accepted = in.trySend(round);
                    out.close();
                }
                selector.join();
            }

            if (accepted) {
                assertThat(outcome.get()).isEqualTo(round);
            } else {
                assertThat(outcome.get()).isInstanceOf(ChannelClosedException.class);
            }
            assertThat(ChannelProbe.queues(in)).isEqualTo(ChannelProbe.Queues.EMPTY);
            assertThat(ChannelProbe.queues(out)).isEqualTo(ChannelProbe.Queues.EMPTY);
        });
    }

    @ChannelMatrix
    void cancelWakesWaitingSelect(Capacity capacity, ThreadKind threads) throws Exception {
        Channel<String> ch = capacity.newChannel();
        AtomicReference<String> chosen = new AtomicReference<>();

        try (Workers selector = Workers.startOne(threads, "selector", i -> chosen.set(
                Select.select(ch.onReceiveOrNull(v -> v == null ? "cancelled" : v))))) {
            ChannelProbe.awaitReceivers(ch, 1);
            ch.cancel();
            selector.join();
        }

        assertThat(chosen.get()).isEqualTo("cancelled");
    }

    @ParameterizedTest
    @EnumSource(Capacity.class)
    void receiveClausesOnCancelledChannelReportClosedWithoutCause(Capacity capacity)
            throws Exception {
        Channel<String> ch = capacity.newChannel();
        ch.cancel();

        assertThat(Select.<String>select(ch.onReceiveOrNull(v -> v == null ? "closed" : v)))
                .isEqualTo("closed");
        assertThatThrownBy(() -> Select.select(ch.onReceive(v -> v)))
                .isInstanceOf(ChannelClosedException.class).hasNoCause();
    }
}
