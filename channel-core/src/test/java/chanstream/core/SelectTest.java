package chanstream.core;

import static chanstream.core.testing.Capacity.ONE;
import static chanstream.core.testing.Capacity.SIXTEEN;
import static chanstream.core.testing.Capacity.TWO;
import static chanstream.core.testing.Capacity.UNBUFFERED;
import static chanstream.core.testing.Capacity.UNLIMITED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chanstream.core.internal.ChannelProbe;
import chanstream.core.testing.Await;
import chanstream.core.testing.Capacity;
import chanstream.core.testing.ChannelMatrix;
import chanstream.core.testing.Drain;
import chanstream.core.testing.Rounds;
import chanstream.core.testing.SelectVariant;
import chanstream.core.testing.ThreadKind;
import chanstream.core.testing.Workers;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link Select}: exactly one clause commits, the biased and default variants, timeouts,
 * interruption and argument checks.
 */
@Timeout(60)
class SelectTest {

    private static final Duration LONG = Duration.ofSeconds(30);

    @ParameterizedTest
    @EnumSource(value = Capacity.class, names = {"ONE", "TWO", "SIXTEEN", "UNLIMITED"})
    void exactlyOneOfTwoReadyReceiveClausesCommits(Capacity capacity) {
        Rounds.run(100, round -> {
            Channel<Integer> a = capacity.newChannel();
            Channel<Integer> b = capacity.newChannel();
            a.send(1);
            b.send(2);

            String chosen = Select.select(
                    a.onReceive(value -> "a" + value),
                    b.onReceive(value -> "b" + value));

            assertThat(chosen).isIn("a1", "b2");
            assertThat(a.size()).as("a's size after %s", chosen)
                    .isEqualTo(chosen.equals("a1") ? 0 : 1);
            assertThat(b.size()).as("b's size after %s", chosen)
                    .isEqualTo(chosen.equals("b2") ? 0 : 1);
        });
    }

    @ParameterizedTest
    @EnumSource(value = Capacity.class, names = {"ONE", "TWO", "SIXTEEN", "UNLIMITED"})
    void exactlyOneOfTwoReadySendClausesCommits(Capacity capacity) {
        Rounds.run(100, round -> {
            Channel<Integer> a = capacity.newChannel();
            Channel<Integer> b = capacity.newChannel();

            String chosen = Select.select(a.onSend(1, () -> "a"), b.onSend(2, () -> "b"));

            assertThat(chosen).isIn("a", "b");
            assertThat(Drain.remaining(a)).isEqualTo(chosen.equals("a") ? List.of(1) : List.of());
            assertThat(Drain.remaining(b)).isEqualTo(chosen.equals("b") ? List.of(2) : List.of());
        });
    }

    @ParameterizedTest
    @EnumSource(value = Capacity.class, names = {"ONE", "TWO", "SIXTEEN", "UNLIMITED"})
    void exactlyOneOfReadySendAndReceiveClausesCommits(Capacity capacity) {
        Rounds.run(100, round -> {
            Channel<Integer> in = capacity.newChannel();
            Channel<Integer> out = capacity.newChannel();
            in.send(1);

            String chosen = Select.select(in.onReceive(value -> "received"),
                    out.onSend(2, () -> "sent"));

            assertThat(in.size()).isEqualTo(chosen.equals("received") ? 0 : 1);
            assertThat(out.size()).isEqualTo(chosen.equals("sent") ? 1 : 0);
        });
    }

    @ChannelMatrix(capacities = UNBUFFERED)
    void exactlyOneOfTwoWaitingSendersIsTaken(Capacity capacity, ThreadKind threads)
            throws Exception {
        Channel<String> a = capacity.newChannel();
        Channel<String> b = capacity.newChannel();

        try (Workers senders = Workers.start(threads, "sender", 2,
                i -> (i == 0 ? a : b).send(i == 0 ? "a" : "b"))) {
            ChannelProbe.awaitSenders(a, 1);
            ChannelProbe.awaitSenders(b, 1);

            String chosen = Select.select(a.onReceive(v -> v), b.onReceive(v -> v));

            Channel<String> other = chosen.equals("a") ? b : a;
            assertThat(ChannelProbe.queues(other).senders()).as("sender left on the other channel")
                    .isOne();
            assertThat(other.receive()).isNotEqualTo(chosen);
            senders.join();
        }
    }

    @ChannelMatrix
    void selectWaitsUntilPartnerArrivesOnAnyClause(Capacity capacity, ThreadKind threads)
            throws Exception {
        Channel<String> a = capacity.newChannel();
        Channel<String> b = capacity.newChannel();
        AtomicReference<String> chosen = new AtomicReference<>();

        try (Workers selector = Workers.startOne(threads, "selector", i -> chosen.set(
                Select.select(a.onReceive(v -> "a:" + v), b.onReceive(v -> "b:" + v))))) {
            ChannelProbe.awaitReceivers(a, 1);
            ChannelProbe.awaitReceivers(b, 1);
            Await.parked(selector.thread(0));

            b.send("x");
            selector.join();
        }

        assertThat(chosen.get()).isEqualTo("b:x");
        assertThat(ChannelProbe.queues(a)).isEqualTo(ChannelProbe.Queues.EMPTY);
        assertThat(ChannelProbe.queues(b)).isEqualTo(ChannelProbe.Queues.EMPTY);
        assertThat(a.size()).isZero();
        assertThat(b.size()).isZero();
    }

    @ChannelMatrix(capacities = {UNBUFFERED, ONE, TWO, SIXTEEN})
    void selectSendClauseWaitsUntilRoomAppears(Capacity capacity, ThreadKind threads)
            throws Exception {
        Channel<Integer> full = capacity.newChannel();
        Channel<Integer> empty = capacity.newChannel();
        for (int i = 0; i < capacity.value(); i++) {
            full.send(i);
        }
        AtomicReference<String> chosen = new AtomicReference<>();

        try (Workers selector = Workers.startOne(threads, "selector", i -> chosen.set(
                Select.select(full.onSend(-1, () -> "sent"), empty.onReceive(v -> "received"))))) {
            ChannelProbe.awaitSenders(full, 1);
            ChannelProbe.awaitReceivers(empty, 1);

            if (capacity.isUnbuffered()) {
                assertThat(full.receive()).isEqualTo(-1);
            } else {
                assertThat(full.receive()).isZero();
            }
            selector.join();
        }

        assertThat(chosen.get()).isEqualTo("sent");
        assertThat(ChannelProbe.queues(empty)).isEqualTo(ChannelProbe.Queues.EMPTY);
        if (!capacity.isUnbuffered()) {
            assertThat(Drain.remaining(full)).last().isEqualTo(-1);
        }
    }

    @Test
    void clauseFunctionRunsOnSelectingThreadAfterCommit() throws Exception {
        Channel<String> ch = Channel.buffered(1);
        ch.send("a");
        Thread caller = Thread.currentThread();
        AtomicReference<Thread> ranOn = new AtomicReference<>();
        AtomicReference<Integer> sizeSeen = new AtomicReference<>();

        Select.select(ch.onReceive(v -> {
            ranOn.set(Thread.currentThread());
            sizeSeen.set(ch.size());
            return v;
        }));

        assertThat(ranOn.get()).isSameAs(caller);
        assertThat(sizeSeen.get()).as("size seen inside the clause function").isZero();
    }

    @Test
    void clauseExceptionPropagatesAfterCommit() throws Exception {
        Channel<String> ch = Channel.buffered(1);
        ch.send("a");
        IllegalStateException failure = new IllegalStateException("clause failed");

        assertThatThrownBy(() -> Select.select(ch.onReceive(v -> {
            throw failure;
        }))).isSameAs(failure);

        assertThat(ch.size()).isZero();
    }

    @Test
    void duplicateReceiveClausesTakeOneElement() throws Exception {
        Rounds.run(50, round -> {
            Channel<Integer> ch = Channel.buffered(2);
            ch.send(1);
            ch.send(2);

            int received = Select.select(ch.onReceive(v -> v), ch.onReceive(v -> v * 10));

            assertThat(received).isIn(1, 10);
            assertThat(Drain.remaining(ch)).containsExactly(2);
        });
    }

    @Test
    void clausesCanBeReusedAcrossSelects() throws Exception {
        Channel<Integer> ch = Channel.buffered(16);
        SelectClause<Integer> receive = ch.onReceive(v -> v);
        SelectClause<Integer> send = ch.onSend(7, () -> -1);

        for (int i = 0; i < 10; i++) {
            assertThat(Select.selectBiased(send)).isEqualTo(-1);
        }
        for (int i = 0; i < 10; i++) {
            assertThat(Select.selectBiased(receive)).isEqualTo(7);
        }
        assertThat(ch.size()).isZero();
    }

    @ParameterizedTest
    @EnumSource(value = SelectVariant.class, names = {"BIASED_VARARGS", "BIASED_LIST"})
    void biasedSelectPicksFirstReadyClauseInArgumentOrder(SelectVariant variant) {
        Rounds.run(100, round -> {
            Channel<String> a = Channel.buffered(1);
            Channel<String> b = Channel.buffered(1);
            Channel<String> empty = Channel.buffered(1);
            a.send("a");
            b.send("b");

            String first = variant.select(List.of(empty.onReceive(v -> v),
                    a.onReceive(v -> v), b.onReceive(v -> v)));
            String second = variant.select(List.of(empty.onReceive(v -> v),
                    a.onReceive(v -> v), b.onReceive(v -> v)));

            assertThat(first).isEqualTo("a");
            assertThat(second).isEqualTo("b");
        });
    }

    @ParameterizedTest
    @EnumSource(SelectVariant.class)
    void defaultChosenWhenNothingReady(SelectVariant variant) throws Exception {
        Channel<String> a = Channel.unbuffered();
        Channel<String> b = Channel.buffered(1);
        b.send("full");

        for (int position = 0; position < 3; position++) {
            List<SelectClause<? extends String>> clauses = new ArrayList<>(List.of(
                    a.onReceive(v -> "a"), b.onSend("more", () -> "b")));
            clauses.add(position, Select.onDefault(() -> "default"));

            assertThat(variant.<String>select(clauses)).as("default at %d", position)
                    .isEqualTo("default");
        }
        assertThat(ChannelProbe.queues(a)).isEqualTo(ChannelProbe.Queues.EMPTY);
        assertThat(ChannelProbe.queues(b)).isEqualTo(ChannelProbe.Queues.EMPTY);
        assertThat(Drain.remaining(b)).containsExactly("full");
    }

    @ParameterizedTest
    @EnumSource(SelectVariant.class)
    void defaultIsNeverChosenWhileAClauseIsReady(SelectVariant variant) {
        Rounds.run(60, round -> {
            Channel<String> ready = Channel.buffered(1);
            Channel<String> idle = Channel.unbuffered();
            ready.send("x");
            List<SelectClause<? extends String>> clauses = new ArrayList<>(List.of(
                    idle.onReceive(v -> "idle"), ready.onReceive(v -> "ready")));
            clauses.add(round % 3, Select.onDefault(() -> "default"));

            assertThat(variant.<String>select(clauses)).isEqualTo("ready");
        });
    }

    @ChannelMatrix(capacities = UNBUFFERED)
    void waitingSenderBeatsDefault(Capacity capacity, ThreadKind threads) throws Exception {
        Channel<String> ch = capacity.newChannel();

        try (Workers sender = Workers.startOne(threads, "sender", i -> ch.send("waiting"))) {
            ChannelProbe.awaitSenders(ch, 1);

            String chosen = Select.select(Select.onDefault(() -> "default"),
                    ch.onReceive(v -> v));

            assertThat(chosen).isEqualTo("waiting");
            sender.join();
        }
    }

    @Test
    void selectWithOnlyDefaultReturnsAtOnce() throws Exception {
        assertThat(Select.<String>select(Select.onDefault(() -> "default"))).isEqualTo("default");
    }

    @ParameterizedTest
    @EnumSource(SelectVariant.class)
    void timeoutIsChosenWhenNothingBecomesReady(SelectVariant variant) throws Exception {
        Channel<String> a = Channel.unbuffered();
        Channel<String> b = Channel.buffered(1);
        b.send("full");
        Duration timeout = Duration.ofMillis(30);

        long start = System.nanoTime();
        String chosen = variant.select(List.of(a.onReceive(v -> "a"),
                b.onSend("more", () -> "b"), Select.onTimeout(timeout, () -> "timeout")));
        Duration waited = Duration.ofNanos(System.nanoTime() - start);

        assertThat(chosen).isEqualTo("timeout");
        assertThat(waited).isGreaterThanOrEqualTo(timeout);
        assertThat(ChannelProbe.queues(a)).isEqualTo(ChannelProbe.Queues.EMPTY);
        assertThat(ChannelProbe.queues(b)).isEqualTo(ChannelProbe.Queues.EMPTY);
        assertThat(Drain.remaining(b)).containsExactly("full");
    }

    @ParameterizedTest
    @EnumSource(SelectVariant.class)
    void readyClauseWinsOverZeroTimeout(SelectVariant variant) {
        Rounds.run(50, round -> {
            Channel<String> ready = Channel.buffered(1);
            ready.send("x");

            String chosen = variant.select(List.of(Select.onTimeout(Duration.ZERO, () -> "timeout"),
                    ready.onReceive(v -> "ready")));

            assertThat(chosen).isEqualTo("ready");
        });
    }

    @Test
    void zeroTimeoutGivesUpAtOnce() throws Exception {
        Channel<String> ch = Channel.unbuffered();

        String chosen = Select.select(ch.onReceive(v -> v),
                Select.onTimeout(Duration.ZERO, () -> "timeout"));

        assertThat(chosen).isEqualTo("timeout");
        assertThat(ChannelProbe.queues(ch)).isEqualTo(ChannelProbe.Queues.EMPTY);
    }

    @Test
    void selectWithOnlyTimeoutWaitsForIt() throws Exception {
        Duration timeout = Duration.ofMillis(20);

        long start = System.nanoTime();
        String chosen = Select.select(Select.onTimeout(timeout, () -> "timeout"));

        assertThat(chosen).isEqualTo("timeout");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(timeout);
    }

    @ChannelMatrix(capacities = {UNBUFFERED, ONE, UNLIMITED})
    void partnerArrivingBeforeTimeoutWins(Capacity capacity, ThreadKind threads) throws Exception {
        Channel<String> ch = capacity.newChannel();
        AtomicReference<String> chosen = new AtomicReference<>();

        try (Workers selector = Workers.startOne(threads, "selector", i -> chosen.set(
                Select.select(ch.onReceive(v -> v), Select.onTimeout(LONG, () -> "timeout"))))) {
            ChannelProbe.awaitReceivers(ch, 1);
            ch.send("partner");
            selector.join();
        }

        assertThat(chosen.get()).isEqualTo("partner");
    }

    @ChannelMatrix(capacities = UNBUFFERED)
    void hugeTimeoutWaitsForPartnerWithoutOverflow(Capacity capacity, ThreadKind threads)
            throws Exception {
        Channel<String> ch = capacity.newChannel();
        AtomicReference<String> chosen = new AtomicReference<>();

        try (Workers selector = Workers.startOne(threads, "selector", i -> chosen.set(
                Select.select(ch.onReceive(v -> v),
                        Select.onTimeout(Duration.ofSeconds(Long.MAX_VALUE), () -> "timeout"))))) {
            ChannelProbe.awaitReceivers(ch, 1);
            ch.send("partner");
            selector.join();
        }

        assertThat(chosen.get()).isEqualTo("partner");
    }

    @Test
    void clauseFunctionMayUseTheSameChannel() throws Exception {
        Channel<Integer> ch = Channel.buffered(2);
        ch.send(1);

        int result = Select.select(ch.onReceive(v -> {
            assertThat(ch.trySend(v + 1)).isTrue();
            return ch.size();
        }));

        assertThat(result).isOne();
        assertThat(Drain.remaining(ch)).containsExactly(2);
    }

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void oneClauseObjectServesConcurrentSelects(ThreadKind threads) throws Exception {
        Channel<String> ch = Channel.unbuffered();
        SelectClause<String> tick = ch.onSend("tick", () -> "sent");
        int perThread = 500;
        AtomicInteger sent = new AtomicInteger();

        try (Workers senders = Workers.start(threads, "sender", 2, i -> {
            for (int n = 0; n < perThread; n++) {
                if (Select.select(tick).equals("sent")) {
                    sent.incrementAndGet();
                }
            }
        })) {
            for (int n = 0; n < 2 * perThread; n++) {
                assertThat(ch.receive()).isEqualTo("tick");
            }
            senders.join();
        }

        assertThat(sent).hasValue(2 * perThread);
        assertThat(ChannelProbe.queues(ch)).isEqualTo(ChannelProbe.Queues.EMPTY);
    }

    @ChannelMatrix(capacities = {UNBUFFERED, ONE})
    void selectOverManyChannelsFindsTheOneThatBecomesReady(Capacity capacity,
            ThreadKind threads) throws Exception {
        List<Channel<Integer>> channels = new ArrayList<>();
        List<SelectClause<Integer>> clauses = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            Channel<Integer> ch = capacity.newChannel();
            int index = i;
            channels.add(ch);
            clauses.add(ch.onReceive(v -> index * 1_000 + v));
        }
        AtomicReference<Integer> chosen = new AtomicReference<>();

        try (Workers selector = Workers.startOne(threads, "selector",
                i -> chosen.set(Select.select(clauses)))) {
            for (Channel<Integer> ch : channels) {
                ChannelProbe.awaitReceivers(ch, 1);
            }
            channels.get(137).send(7);
            selector.join();
        }

        assertThat(chosen.get()).isEqualTo(137_007);
        for (Channel<Integer> ch : channels) {
            assertThat(ChannelProbe.queues(ch)).isEqualTo(ChannelProbe.Queues.EMPTY);
        }
    }

    /**
     * A select may name the same channels several times in any order, sends and receives mixed.
     * It locks each channel once, in a global order, so it neither deadlocks on itself nor
     * commits more than one clause.
     */
    @Test
    void repeatedChannelsInAnyOrderCommitExactlyOneClause() {
        Rounds.run(500, round -> {
            Random random = new Random(round);
            List<Channel<Integer>> channels = List.of(Channel.buffered(1), Channel.buffered(1),
                    Channel.buffered(1));
            for (Channel<Integer> ch : channels) {
                if (random.nextBoolean()) {
                    ch.send(-1);
                }
            }
            int before = channels.stream().mapToInt(Channel::size).sum();
            List<SelectClause<? extends Integer>> clauses = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                Channel<Integer> ch = channels.get(random.nextInt(channels.size()));
                clauses.add(random.nextBoolean() ? ch.onSend(i, () -> 1) : ch.onReceive(v -> -1));
            }
            clauses.add(Select.onDefault(() -> 0));

            int change = Select.select(clauses);

            int after = channels.stream().mapToInt(Channel::size).sum();
            assertThat(after - before).as("change in buffered elements").isEqualTo(change);
        });
    }

    /**
     * A waiting timed select parks its own thread with a deadline: the thread shows as
     * {@code TIMED_WAITING}, and no platform thread is started. Other activity in the test JVM
     * may start a thread at the same moment, so the count is measured over up to five windows
     * and must stay flat in at least one. A select that started a thread per timeout would
     * raise it in every window.
     */
    @Test
    void timeoutStartsNoThread() throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Channel<String> ch = Channel.unbuffered();
        Select.select(ch.onReceive(v -> v), Select.onTimeout(Duration.ofMillis(1), () -> "warm"));

        boolean flatWindow = false;
        for (int window = 0; window < 5 && !flatWindow; window++) {
            long before = threads.getTotalStartedThreadCount();
            for (int i = 0; i < 3; i++) {
                Select.select(ch.onReceive(v -> v), Select.onTimeout(Duration.ofMillis(5),
                        () -> "timeout"));
            }
            flatWindow = threads.getTotalStartedThreadCount() == before;
        }
        assertThat(flatWindow).as("a window of three timed selects started no thread").isTrue();

        Thread selecting = ThreadKind.PLATFORM.start("timed-selector", () -> {
            try {
                Select.select(ch.onReceive(v -> v), Select.onTimeout(LONG, () -> "timeout"));
            } catch (InterruptedException stopped) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            Await.until(() -> "the timed select parks its own thread with a deadline, state is "
                    + selecting.getState(),
                    () -> selecting.getState() == Thread.State.TIMED_WAITING);
        } finally {
            selecting.interrupt();
            Await.terminated(selecting);
        }
    }

    @ParameterizedTest
    @EnumSource(SelectVariant.class)
    void selectWithoutClausesIsRejected(SelectVariant variant) {
        assertThatThrownBy(() -> variant.select(List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one clause");
    }

    @ParameterizedTest
    @EnumSource(SelectVariant.class)
    void twoDefaultsAreRejected(SelectVariant variant) {
        Channel<String> ch = Channel.buffered(1);

        assertThatThrownBy(() -> variant.select(List.of(Select.onDefault(() -> "first"),
                ch.onReceive(v -> v), Select.onDefault(() -> "second"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("onDefault");
    }

    @ParameterizedTest
    @EnumSource(SelectVariant.class)
    void twoTimeoutsAreRejected(SelectVariant variant) {
        Channel<String> ch = Channel.buffered(1);

        assertThatThrownBy(() -> variant.select(List.of(
                Select.onTimeout(Duration.ofSeconds(1), () -> "first"), ch.onReceive(v -> v),
                Select.onTimeout(Duration.ofSeconds(2), () -> "second"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("onTimeout");
    }

    @ParameterizedTest
    @EnumSource(SelectVariant.class)
    void rejectedSelectCommitsNothing(SelectVariant variant) throws Exception {
        Channel<String> ch = Channel.buffered(1);
        ch.send("kept");

        assertThatThrownBy(() -> variant.select(List.of(ch.onReceive(v -> v),
                Select.onDefault(() -> "first"), Select.onDefault(() -> "second"))))
                .isInstanceOf(IllegalArgumentException.class);

        assertThat(ch.size()).isOne();
    }

    @ParameterizedTest
    @EnumSource(SelectVariant.class)
    void defaultAndTimeoutTogetherAreAccepted(SelectVariant variant) throws Exception {
        Channel<String> ch = Channel.unbuffered();

        String chosen = variant.select(List.of(ch.onReceive(v -> v),
                Select.onTimeout(LONG, () -> "timeout"), Select.onDefault(() -> "default")));

        assertThat(chosen).isEqualTo("default");
    }

    @ParameterizedTest
    @EnumSource(SelectVariant.class)
    void nullClauseIsRejectedNamingItsIndex(SelectVariant variant) {
        Channel<String> ch = Channel.buffered(1);

        assertThatThrownBy(() -> variant.select(Arrays.asList(ch.onReceive(v -> v), null)))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("1");
    }

    @Test
    void nullClauseArrayOrListIsRejected() {
        assertThatThrownBy(() -> Select.select((SelectClause<String>[]) null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("clauses");
        assertThatThrownBy(() -> Select.select((List<SelectClause<String>>) null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("clauses");
        assertThatThrownBy(() -> Select.selectBiased((SelectClause<String>[]) null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("clauses");
        assertThatThrownBy(() -> Select.selectBiased((List<SelectClause<String>>) null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("clauses");
    }

    @ParameterizedTest
    @EnumSource(SelectVariant.class)
    void clauseFromOutsideChanstreamIsRejected(SelectVariant variant) {
        SelectClause<String> foreign = new SelectClause<>() {
        };

        assertThatThrownBy(() -> variant.select(List.of(foreign)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void negativeTimeoutIsRejectedWithTheValue() {
        Duration negative = Duration.ofMillis(-1);

        assertThatThrownBy(() -> Select.onTimeout(negative, () -> "never"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(negative.toString());
    }

    @Test
    void nullClauseArgumentsAreRejectedNamingTheParameter() {
        Channel<String> ch = Channel.unbuffered();

        assertThatThrownBy(() -> Select.onTimeout(null, () -> "x"))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("timeout");
        assertThatThrownBy(() -> Select.onTimeout(Duration.ZERO, null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("then");
        assertThatThrownBy(() -> Select.onDefault(null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("then");
        assertThatThrownBy(() -> ch.onSend(null, () -> "x"))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("element");
        assertThatThrownBy(() -> ch.onSend("x", null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("then");
        assertThatThrownBy(() -> ch.onReceive(null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("then");
        assertThatThrownBy(() -> ch.onReceiveOrNull(null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("then");
    }

    @ParameterizedTest
    @EnumSource(SelectVariant.class)
    void interruptedSelectThrowsAtOnceAndCommitsNothing(SelectVariant variant) throws Exception {
        Channel<String> in = Channel.buffered(1);
        Channel<String> out = Channel.buffered(1);
        in.send("kept");

        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> variant.select(List.of(in.onReceive(v -> v),
                    out.onSend("x", () -> "sent"))))
                    .isInstanceOf(InterruptedException.class);
            assertThat(Thread.currentThread().isInterrupted()).isFalse();
        } finally {
            Thread.interrupted();
        }

        assertThat(in.size()).isOne();
        assertThat(out.size()).isZero();
    }

    @ParameterizedTest
    @EnumSource(SelectVariant.class)
    void interruptedSelectWithDefaultDoesNotThrow(SelectVariant variant) throws Exception {
        Channel<String> ready = Channel.buffered(1);
        ready.send("x");
        Channel<String> idle = Channel.unbuffered();

        Thread.currentThread().interrupt();
        String readyChosen;
        String defaultChosen;
        try {
            readyChosen = variant.select(List.of(ready.onReceive(v -> "ready"),
                    Select.onDefault(() -> "default")));
            defaultChosen = variant.select(List.of(idle.onReceive(v -> "idle"),
                    Select.onDefault(() -> "default")));
            assertThat(Thread.currentThread().isInterrupted()).as("interrupt status kept")
                    .isTrue();
        } finally {
            Thread.interrupted();
        }

        assertThat(readyChosen).isEqualTo("ready");
        assertThat(defaultChosen).isEqualTo("default");
    }

    @ChannelMatrix
    void selectInterruptedWhileWaitingCommitsNothing(Capacity capacity, ThreadKind threads)
            throws Exception {
        Channel<Integer> in = capacity.newChannel();
        Channel<Integer> out = capacity.newChannel();
        for (int i = 0; i < capacity.fill(); i++) {
            out.send(i);
        }
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<SelectClause<? extends String>> clauses = new ArrayList<>();
        clauses.add(in.onReceive(v -> "received"));
        if (!capacity.isUnlimited()) {
            clauses.add(out.onSend(-1, () -> "sent"));
        }

        try (Workers selector = Workers.startOne(threads, "selector", i -> {
            try {
                Select.select(clauses);
            } catch (InterruptedException expected) {
                failure.set(expected);
            }
        })) {
            ChannelProbe.awaitReceivers(in, 1);
            selector.interruptAll();
            selector.join();
        }

        assertThat(failure.get()).isInstanceOf(InterruptedException.class);
        assertThat(ChannelProbe.queues(in)).isEqualTo(ChannelProbe.Queues.EMPTY);
        assertThat(ChannelProbe.queues(out)).isEqualTo(ChannelProbe.Queues.EMPTY);
        assertThat(Drain.remaining(out)).doesNotContain(-1).hasSize(capacity.fill());
        if (capacity.isUnbuffered()) {
            assertThat(in.trySend(1)).as("trySend with only a withdrawn select").isFalse();
        } else {
            in.send(1);
            assertThat(in.size()).isOne();
        }
    }

    @ParameterizedTest
    @EnumSource(SelectVariant.class)
    void selectOnClosedChannelsThrowsDocumentedExceptions(SelectVariant variant) {
        Channel<String> closed = Channel.<String>builder().name("done").build();
        closed.close();
        Channel<String> failed = Channel.unbuffered();
        IllegalStateException cause = new IllegalStateException("failed");
        failed.close(cause);

        assertThatThrownBy(() -> variant.select(List.of(closed.onSend("x", () -> "sent"))))
                .isInstanceOf(ChannelClosedException.class);
        assertThatThrownBy(() -> variant.select(List.of(closed.onReceive(v -> v))))
                .isInstanceOf(ChannelClosedException.class)
                .hasMessageContaining("done");
        assertThatThrownBy(() -> variant.select(List.of(failed.onReceiveOrNull(v -> v))))
                .isInstanceOf(ChannelClosedException.class)
                .cause().isSameAs(cause);
    }
}
