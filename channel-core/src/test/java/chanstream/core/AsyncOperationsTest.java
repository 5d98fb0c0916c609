package chanstream.core;

import static chanstream.core.testing.Capacity.UNBUFFERED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chanstream.core.internal.ChannelProbe;
import chanstream.core.testing.Await;
import chanstream.core.testing.Capacity;
import chanstream.core.testing.ChannelMatrix;
import chanstream.core.testing.Drain;
import chanstream.core.testing.Rounds;
import chanstream.core.testing.ThreadKind;
import chanstream.core.testing.Workers;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link SendChannel#sendAsync(Object)} and {@link ReceiveChannel#receiveAsync()}: completion,
 * failure on closed channels, and withdrawal by cancelling the future.
 */
@Timeout(60)
class AsyncOperationsTest {

    private static final long LIVENESS_SECONDS = Await.LIVENESS.toSeconds();

    @Test
    void unbufferedSendAsyncAwaitsReceiver() throws Exception {
        Channel<String> ch = Channel.unbuffered();

        CompletableFuture<Void> sent = ch.sendAsync("a");

        assertThat(sent).isNotDone();
        assertThat(ChannelProbe.queues(ch).senders()).isOne();
        assertThat(ch.receive()).isEqualTo("a");
        assertThat(sent).isCompleted();
        assertThat(ChannelProbe.queues(ch)).isEqualTo(ChannelProbe.Queues.EMPTY);
    }

    @ParameterizedTest
    @EnumSource(value = Capacity.class, names = {"ONE", "TWO", "SIXTEEN", "UNLIMITED"})
    void bufferedSendAsyncCompletesAtOnce(Capacity capacity) throws Exception {
        Channel<Integer> ch = capacity.newChannel();

        for (int i = 0; i < capacity.fill(); i++) {
            assertThat(ch.sendAsync(i)).as("sendAsync(%d)", i).isCompleted();
        }
        if (!capacity.isUnlimited()) {
            CompletableFuture<Void> waiting = ch.sendAsync(-1);
            assertThat(waiting).isNotDone();
            assertThat(ch.receive()).isZero();
            assertThat(waiting).isCompleted();
        }
    }

    @ParameterizedTest
    @EnumSource(Capacity.class)
    void receiveAsyncCompletesWhenElementArrives(Capacity capacity) throws Exception {
        Channel<String> ch = capacity.newChannel();

        CompletableFuture<String> received = ch.receiveAsync();
        assertThat(received).isNotDone();
        assertThat(ChannelProbe.queues(ch).receivers()).isOne();
        ch.send("a");

        assertThat(received).isCompletedWithValue("a");
        assertThat(ChannelProbe.queues(ch)).isEqualTo(ChannelProbe.Queues.EMPTY);
    }

    @ParameterizedTest
    @EnumSource(value = Capacity.class, names = {"ONE", "TWO", "SIXTEEN", "UNLIMITED"})
    void receiveAsyncCompletesAtOnceFromBuffer(Capacity capacity) throws Exception {
        Channel<String> ch = capacity.newChannel();
        ch.send("buffered");

        assertThat(ch.receiveAsync()).isCompletedWithValue("buffered");
    }

    @ChannelMatrix(capacities = UNBUFFERED)
    void receiveAsyncTakesFromBlockedSender(Capacity capacity, ThreadKind threads)
            throws Exception {
        Channel<String> ch = capacity.newChannel();

        try (Workers sender = Workers.startOne(threads, "sender", i -> ch.send("blocked"))) {
            ChannelProbe.awaitSenders(ch, 1);
            assertThat(ch.receiveAsync()).isCompletedWithValue("blocked");
            sender.join();
        }
    }

    @ParameterizedTest
    @EnumSource(Capacity.class)
    void sendAsyncOnClosedChannelCompletesExceptionally(Capacity capacity) {
        Channel<String> ch = capacity.newChannel();
        ch.close();

        CompletableFuture<Void> sent = ch.sendAsync("x");

        assertThat(sent).isCompletedExceptionally();
        assertThatThrownBy(sent::join).hasCauseInstanceOf(ChannelClosedException.class);
        assertThat(ch.size()).isZero();
    }

    @ParameterizedTest
    @EnumSource(Capacity.class)
    void receiveAsyncOnClosedDrainedChannelCompletesExceptionally(Capacity capacity) {
        Channel<String> ch = capacity.newChannel();
        ch.close();

        CompletableFuture<String> received = ch.receiveAsync();

        assertThat(received).isCompletedExceptionally();
        assertThatThrownBy(received::join)
                .isInstanceOf(CompletionException.class)
                .cause().isInstanceOf(ChannelClosedException.class).hasNoCause();
    }

    @ParameterizedTest
    @EnumSource(Capacity.class)
    void receiveAsyncFailsWithCloseCause(Capacity capacity) {
        Channel<String> ch = capacity.newChannel();
        IllegalStateException cause = new IllegalStateException("producer failed");
        ch.close(cause);

        CompletableFuture<String> received = ch.receiveAsync();

        assertThatThrownBy(received::join)
                .cause().isInstanceOf(ChannelClosedException.class)
                .cause().isSameAs(cause);
    }

    @ParameterizedTest
    @EnumSource(value = Capacity.class, names = {"ONE", "TWO", "SIXTEEN", "UNLIMITED"})
    void receiveAsyncDrainsClosedChannelFirst(Capacity capacity) throws Exception {
        Channel<String> ch = capacity.newChannel();
        ch.send("last");
        ch.close();

        assertThat(ch.receiveAsync()).isCompletedWithValue("last");
        assertThat(ch.receiveAsync()).isCompletedExceptionally();
    }

    @ParameterizedTest
    @EnumSource(Capacity.class)
    void sendAsyncNullThrowsAtTheCall(Capacity capacity) {
        Channel<String> ch = capacity.newChannel();
        ch.close();

        assertThatThrownBy(() -> ch.sendAsync(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("element");
    }

    @ParameterizedTest
    @EnumSource(value = Capacity.class, names = {"UNBUFFERED", "ONE", "TWO", "SIXTEEN"})
    void closeFailsPendingSendAsync(Capacity capacity) throws Exception {
        Channel<Integer> ch = capacity.newChannel();
        for (int i = 0; i < capacity.value(); i++) {
            ch.send(i);
        }
        CompletableFuture<Void> pending = ch.sendAsync(-1);

        ch.close();

        assertThatThrownBy(() -> pending.get(LIVENESS_SECONDS, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(ChannelClosedException.class);
        assertThat(Drain.remaining(ch)).doesNotContain(-1).hasSize(capacity.value());
    }

    @ParameterizedTest
    @EnumSource(Capacity.class)
    void closeFailsPendingReceiveAsync(Capacity capacity) {
        Channel<String> ch = capacity.newChannel();
        CompletableFuture<String> pending = ch.receiveAsync();
        RuntimeException cause = new RuntimeException("stopped");

        ch.close(cause);

        assertThatThrownBy(() -> pending.get(LIVENESS_SECONDS, TimeUnit.SECONDS))
                .cause().isInstanceOf(ChannelClosedException.class)
                .cause().isSameAs(cause);
    }

    @ParameterizedTest
    @EnumSource(value = Capacity.class, names = {"UNBUFFERED", "ONE", "TWO", "SIXTEEN"})
    void cancelPassesElementOfPendingSendAsyncToHandler(Capacity capacity) throws Exception {
        Queue<Integer> undelivered = new ConcurrentLinkedQueue<>();
        Channel<Integer> ch = capacity.<Integer>builder().onUndelivered(undelivered::add).build();
        for (int i = 0; i < capacity.value(); i++) {
            ch.send(i);
        }
        CompletableFuture<Void> pending = ch.sendAsync(-1);

        ch.cancel();

        assertThatThrownBy(() -> pending.get(LIVENESS_SECONDS, TimeUnit.SECONDS))
                .hasCauseInstanceOf(ChannelClosedException.class);
        assertThat(undelivered).contains(-1).hasSize(capacity.value() + 1);
    }

    @ParameterizedTest
    @EnumSource(Capacity.class)
    void cancelledReceiveAsyncConsumesNothing(Capacity capacity) throws Exception {
        Channel<String> ch = capacity.newChannel();
        CompletableFuture<String> withdrawn = ch.receiveAsync();

        assertThat(withdrawn.cancel(false)).isTrue();

        assertThat(withdrawn).isCancelled();
        assertThat(ChannelProbe.queues(ch)).isEqualTo(ChannelProbe.Queues.EMPTY);
        if (capacity.isUnbuffered()) {
            assertThat(ch.trySend("next")).as("trySend with only a withdrawn receiver").isFalse();
            CompletableFuture<Void> sent = ch.sendAsync("next");
            assertThat(ch.receive()).isEqualTo("next");
            assertThat(sent).isCompleted();
        } else {
            ch.send("next");
            assertThat(ch.size()).isOne();
            assertThat(ch.receive()).isEqualTo("next");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Capacity.class, names = {"UNBUFFERED", "ONE", "TWO", "SIXTEEN"})
    void cancelledSendAsyncDeliversNothing(Capacity capacity) throws Exception {
        Channel<Integer> ch = capacity.newChannel();
        for (int i = 0; i < capacity.value(); i++) {
            ch.send(i);
        }
        CompletableFuture<Void> withdrawn = ch.sendAsync(-1);

        assertThat(withdrawn.cancel(true)).isTrue();

        assertThat(withdrawn).isCancelled();
        assertThat(ChannelProbe.queues(ch)).isEqualTo(ChannelProbe.Queues.EMPTY);
        assertThat(Drain.remaining(ch)).doesNotContain(-1).hasSize(capacity.value());
        ch.close();
        assertThat(ch.receiveOrNull()).isNull();
    }

    @ParameterizedTest
    @EnumSource(Capacity.class)
    void cancelAfterCommitReturnsFalseAndKeepsTheElement(Capacity capacity) throws Exception {
        Channel<String> ch = capacity.newChannel();
        CompletableFuture<String> received = ch.receiveAsync();
        ch.send("a");

        assertThat(received.cancel(false)).isFalse();

        assertThat(received).isCompletedWithValue("a");
    }

    @Test
    void cancelAfterSendCommittedReturnsFalse() throws Exception {
        Channel<String> ch = Channel.unbuffered();
        CompletableFuture<Void> sent = ch.sendAsync("a");
        assertThat(ch.receive()).isEqualTo("a");

        assertThat(sent.cancel(false)).isFalse();

        assertThat(sent).isCompleted();
        assertThat(sent.isCancelled()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(Capacity.class)
    void orTimeoutWithdrawsPendingReceive(Capacity capacity) throws Exception {
        Channel<String> ch = capacity.newChannel();

        CompletableFuture<String> timed = ch.receiveAsync().orTimeout(20, TimeUnit.MILLISECONDS);

        assertThatThrownBy(() -> timed.get(LIVENESS_SECONDS, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(TimeoutException.class);
        assertThat(ChannelProbe.queues(ch)).isEqualTo(ChannelProbe.Queues.EMPTY);
        CompletableFuture<String> next = ch.receiveAsync();
        ch.send("after timeout");
        assertThat(next).isCompletedWithValue("after timeout");
    }

    @ParameterizedTest
    @EnumSource(value = Capacity.class, names = {"UNBUFFERED", "ONE", "TWO", "SIXTEEN"})
    void orTimeoutWithdrawsPendingSend(Capacity capacity) throws Exception {
        Channel<Integer> ch = capacity.newChannel();
        for (int i = 0; i < capacity.value(); i++) {
            ch.send(i);
        }

        CompletableFuture<Void> timed = ch.sendAsync(-1).orTimeout(20, TimeUnit.MILLISECONDS);

        assertThatThrownBy(() -> timed.get(LIVENESS_SECONDS, TimeUnit.SECONDS))
                .hasCauseInstanceOf(TimeoutException.class);
        assertThat(ChannelProbe.queues(ch)).isEqualTo(ChannelProbe.Queues.EMPTY);
        assertThat(Drain.remaining(ch)).doesNotContain(-1).hasSize(capacity.value());
    }

    @ParameterizedTest
    @EnumSource(Capacity.class)
    void completingPendingReceiveFromOutsideWithdrawsIt(Capacity capacity) throws Exception {
        Channel<String> ch = capacity.newChannel();
        CompletableFuture<String> pending = ch.receiveAsync();

        assertThat(pending.complete("from outside")).isTrue();

        assertThat(pending).isCompletedWithValue("from outside");
        assertThat(ChannelProbe.queues(ch)).isEqualTo(ChannelProbe.Queues.EMPTY);
        if (!capacity.isUnbuffered()) {
            ch.send("kept");
            assertThat(ch.size()).isOne();
        }
    }

    @Test
    void dependentStageGetsTheElement() throws Exception {
        Channel<Integer> ch = Channel.unbuffered();

        CompletableFuture<Integer> doubled = ch.receiveAsync().thenApply(value -> value * 2);
        ch.send(21);

        assertThat(doubled.get(LIVENESS_SECONDS, TimeUnit.SECONDS)).isEqualTo(42);
    }

    /**
     * Cancelling a pending receive races a send. Either the cancel wins and the element stays
     * for the next receiver, or the receive wins and the future completes with the element,
     * never both and never neither.
     */
    @ParameterizedTest
    @EnumSource(Capacity.class)
    void cancelRacingSendNeitherLosesNorDuplicatesElement(Capacity capacity) throws Exception {
        int rounds = 500;
        Channel<Integer> ch = capacity.newChannel();
        try (Workers sender = Workers.startOne(ThreadKind.PLATFORM, "sender", i -> {
            for (int value = 0; value < rounds; value++) {
                ch.send(value);
            }
        })) {
            Rounds.run(rounds, round -> {
                CompletableFuture<Integer> pending = ch.receiveAsync();
                boolean cancelled = pending.cancel(false);
                if (cancelled) {
                    assertThat(pending).isCancelled();
                    assertThat(ch.receive()).as("element after a withdrawn receive")
                            .isEqualTo(round);
                } else {
                    assertThat(pending.get(LIVENESS_SECONDS, TimeUnit.SECONDS))
                            .isEqualTo(round);
                }
            });
            sender.join();
        }
        assertThat(ChannelProbe.queues(ch)).isEqualTo(ChannelProbe.Queues.EMPTY);
    }

    /**
     * Cancelling a pending send races a receive. Either the cancel wins and the receiver never
     * gets the element, or the send wins and the receiver gets it.
     */
    @ParameterizedTest
    @EnumSource(value = ThreadKind.class)
    void cancelRacingReceiveNeitherLosesNorDuplicatesElement(ThreadKind threads) throws Exception {
        int rounds = 500;
        Channel<Integer> ch = Channel.unbuffered();
        Queue<Integer> received = new ConcurrentLinkedQueue<>();
        CountDownLatch done = new CountDownLatch(1);
        List<Boolean> sendOutcomes = new ArrayList<>();
        try (Workers receiver = Workers.startOne(threads, "receiver", i -> {
            Integer value;
            while ((value = ch.receiveOrNull()) != null) {
                received.add(value);
            }
            done.countDown();
        })) {
            Rounds.run(rounds, round -> {
                CompletableFuture<Void> pending = ch.sendAsync(round);
                boolean cancelled = pending.cancel(false);
                if (!cancelled) {
                    pending.get(LIVENESS_SECONDS, TimeUnit.SECONDS);
                }
                sendOutcomes.add(!cancelled);
            });
            ch.close();
            assertThat(done.await(LIVENESS_SECONDS, TimeUnit.SECONDS)).isTrue();
            receiver.join();
        }
        List<Integer> expected = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            if (sendOutcomes.get(round)) {
                expected.add(round);
            }
        }
        assertThat(received).containsExactlyElementsOf(expected);
    }

    @Test
    void cancelledFutureReportsCancellation() {
        Channel<String> ch = Channel.unbuffered();
        CompletableFuture<String> pending = ch.receiveAsync();

        pending.cancel(true);

        assertThatThrownBy(pending::join).isInstanceOf(CancellationException.class);
    }
}
