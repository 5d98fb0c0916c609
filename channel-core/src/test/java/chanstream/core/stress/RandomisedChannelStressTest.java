package chanstream.core.stress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import chanstream.core.Channel;
import chanstream.core.ChannelClosedException;
import chanstream.core.ReactiveChannels;
import chanstream.core.Select;
import chanstream.core.SelectClause;
import chanstream.core.Tasks;
import chanstream.core.internal.BlockedOperationInfo;
import chanstream.core.internal.BlockedRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * Mixes every channel operation at random on several threads, with interrupts, future
 * cancellations and a close or cancel at a random point, and then checks the fate of every
 * element: each was received at most once, and attempted = received + undelivered + failed,
 * where a failed send threw, returned {@code false}, lost its select, or was withdrawn. No thread
 * may stay blocked: all workers end within a bounded time, and none is left in
 * {@link BlockedRegistry}.
 *
 * <p>Operations: send, timed send, trySend, sendAsync (cancelled at random), select and
 * selectBiased with a send and a receive clause plus a default or a timeout, receive,
 * receiveOrNull, tryReceive, receiveAsync (cancelled at random). A chaos thread interrupts
 * random workers and then closes, closes with a cause, or cancels the channel.
 */
class RandomisedChannelStressTest {

    private static final int UNLIMITED = Integer.MAX_VALUE;

    private static final int WORKERS = 4;

    /** How long the chaos thread waits for the workers to reach the close point. */
    private static final Duration CLOSE_POINT_WAIT = Duration.ofMillis(200);

    /** How long the workers get to end once the channel is closed; a liveness bound only. */
    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(30);

    static Stream<Arguments> configurations() {
        List<Arguments> configurations = new ArrayList<>();
        for (int capacity : new int[] {0, 1, 2, 16, UNLIMITED}) {
            for (boolean virtual : new boolean[] {false, true}) {
                configurations.add(Arguments.of(capacity, virtual));
            }
        }
        return configurations.stream();
    }

    @ParameterizedTest(name = "capacity {0}, virtual {1}")
    @MethodSource("configurations")
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void everyElementIsAccountedFor(int capacity, boolean virtual) throws InterruptedException {
        run(capacity, virtual, 4, 400);
    }

    @Tag("stress")
    @ParameterizedTest(name = "capacity {0}, virtual {1}")
    @MethodSource("configurations")
    @Timeout(value = 20, unit = TimeUnit.MINUTES)
    void everyElementIsAccountedForOverAMillionOperations(int capacity, boolean virtual)
            throws InterruptedException {
        run(capacity, virtual, 50, 5000);
    }

    private static void run(int capacity, boolean virtual, int rounds, int operationsPerWorker)
            throws InterruptedException {
        ThreadFactory threads = threadFactory(virtual);
        int blockedBefore = BlockedRegistry.count();
        long baseSeed = System.nanoTime();
        for (int round = 0; round < rounds; round++) {
            long seed = baseSeed + round;
            Round result = new Round(capacity, seed, operationsPerWorker);
            result.run(threads);
            String where = "round " + round + ", seed " + seed + ", capacity " + capacity
                    + ", virtual " + virtual + ", " + result.ledger;
            assertThat(result.stuck).as("workers still alive after the close; " + where)
                    .isEmpty();
            assertThat(result.ledger.violations()).as(where).isEmpty();
            assertThat(result.unexpected).as("unexpected exceptions; " + where).isEmpty();
            assertThat(blockedOperationsOf(result.workers)).as("still parked; " + where)
                    .isEmpty();
        }
        assertThat(awaitBlockedCount(blockedBefore)).as("BlockedRegistry.count()")
                .isLessThanOrEqualTo(blockedBefore);
    }

    private static ThreadFactory threadFactory(boolean virtual) {
        if (!virtual) {
            return task -> {
                Thread thread = new Thread(task);
                thread.setDaemon(true);
                return thread;
            };
        }
        assumeTrue(Runtime.version().feature() >= 21, "virtual threads need JDK 21+");
        assumeTrue(Tasks.usesVirtualThreads(), "virtual threads disabled");
        return Tasks.threadFactory();
    }

    private static List<BlockedOperationInfo> blockedOperationsOf(List<Thread> threads) {
        List<BlockedOperationInfo> blocked = new ArrayList<>();
        for (BlockedOperationInfo info : BlockedRegistry.snapshot()) {
            if (threads.contains(info.thread)) {
                blocked.add(info);
            }
        }
        return blocked;
    }

    /** Waits until at most {@code expected} operations are parked; returns the last count. */
    private static int awaitBlockedCount(int expected) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        int count;
        while ((count = BlockedRegistry.count()) > expected && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        return count;
    }

    /** One channel, its workers and the chaos thread. */
    private static final class Round {

        final Channel<Integer> channel;
        final ChannelLedger ledger = new ChannelLedger();
        final long seed;
        final int operationsPerWorker;
        final List<Thread> workers = new ArrayList<>();
        final List<Thread> stuck = new ArrayList<>();
        final List<Throwable> unexpected = new CopyOnWriteArrayList<>();
        final AtomicInteger operations = new AtomicInteger();
        final CountDownLatch closePoint = new CountDownLatch(1);
        final int closeAfter;
        final BridgeSubscriber bridge;

        Round(int capacity, long seed, int operationsPerWorker) {
            this.seed = seed;
            this.operationsPerWorker = operationsPerWorker;
            this.channel = Channel.<Integer>builder()
                    .capacity(capacity)
                    .onUndelivered(ledger::undelivered)
                    .name("stress")
                    .build();
            int operations = WORKERS * operationsPerWorker;
            this.closeAfter = operations / 2 + new SplittableRandom(seed).nextInt(operations / 2);
            this.bridge = new BridgeSubscriber(this, new SplittableRandom(seed * 17));
        }

        void run(ThreadFactory threads) throws InterruptedException {
            for (int i = 0; i < WORKERS; i++) {
                SplittableRandom random = new SplittableRandom(seed * 31 + i);
                Thread worker = threads.newThread(() -> work(random));
                workers.add(worker);
            }
            Thread chaos = threads.newThread(() -> chaos(new SplittableRandom(~seed)));
            for (Thread worker : workers) {
                worker.start();
            }
            bridge.subscribe();
            chaos.start();
            chaos.join(JOIN_TIMEOUT.toMillis());
            for (Thread worker : workers) {
                worker.join(JOIN_TIMEOUT.toMillis());
                if (worker.isAlive()) {
                    stuck.add(worker);
                }
            }
            if (chaos.isAlive()) {
                stuck.add(chaos);
            }
            if (!bridge.awaitFinished(JOIN_TIMEOUT)) {
                unexpected.add(new AssertionError("bridged subscription neither terminated nor "
                        + "cancelled after the close: " + bridge));
            }
            Integer left;
            while ((left = channel.tryReceive()) != null) {
                ledger.received(left);
            }
        }

        private void chaos(SplittableRandom random) {
            try {
                int interrupts = random.nextInt(20);
                for (int i = 0; i < interrupts && closePoint.getCount() > 0; i++) {
                    workers.get(random.nextInt(workers.size())).interrupt();
                    LockSupport.parkNanos(random.nextInt(200_000));
                }
                closePoint.await(CLOSE_POINT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
                if (random.nextInt(4) == 0) {
                    bridge.cancelFromOutside();
                }
                switch (random.nextInt(3)) {
                    case 0:
                        channel.close();
                        break;
                    case 1:
                        channel.close(new IllegalStateException("stress"));
                        break;
                    default:
                        channel.cancel();
                        break;
                }
            } catch (Throwable failure) {
                unexpected.add(failure);
                channel.cancel();
            }
        }

        private void work(SplittableRandom random) {
            List<Pending> pending = new ArrayList<>();
            try {
                for (int i = 0; i < operationsPerWorker; i++) {
                    Thread.interrupted();
                    if (operations.incrementAndGet() == closeAfter) {
                        closePoint.countDown();
                    }
                    operate(random, pending);
                }
                Thread.interrupted();
                for (Pending operation : pending) {
                    settle(operation, random.nextBoolean());
                }
            } catch (Throwable failure) {
                unexpected.add(failure);
            }
        }

        private void operate(SplittableRandom random, List<Pending> pending) {
            switch (random.nextInt(12)) {
                case 0:
                    send(ledger.newElement());
                    break;
                case 1:
                    timedSend(ledger.newElement(), random.nextInt(300_000));
                    break;
                case 2:
                    trySend(ledger.newElement());
                    break;
                case 3:
                    pending.add(sendAsync(ledger.newElement()));
                    break;
                case 4:
                    select(random, ledger.newElement());
                    break;
                case 5:
                case 6:
                    receive(random.nextBoolean());
                    break;
                case 7:
                    tryReceive();
                    break;
                case 8:
                    pending.add(receiveAsync());
                    break;
                case 9:
                    select(random, 0);
                    break;
                default:
                    if (!pending.isEmpty()) {
                        settle(pending.remove(random.nextInt(pending.size())),
                                random.nextBoolean());
                    } else {
                        tryReceive();
                    }
                    break;
            }
        }

        private void send(int element) {
            try {
                channel.send(element);
                ledger.sent(element);
            } catch (ChannelClosedException closed) {
                ledger.failedClosed(element);
            } catch (InterruptedException interrupted) {
                ledger.failed(element);
            }
        }

        private void timedSend(int element, long nanos) {
            try {
                if (channel.send(element, Duration.ofNanos(nanos))) {
                    ledger.sent(element);
                } else {
                    ledger.failed(element);
                }
            } catch (ChannelClosedException closed) {
                ledger.failedClosed(element);
            } catch (InterruptedException interrupted) {
                ledger.failed(element);
            }
        }

        private void trySend(int element) {
            try {
                if (channel.trySend(element)) {
                    ledger.sent(element);
                } else {
                    ledger.failed(element);
                }
            } catch (ChannelClosedException closed) {
                ledger.failedClosed(element);
            }
        }

        private Pending sendAsync(int element) {
            CompletableFuture<Void> operation = channel.sendAsync(element);
            CompletableFuture<Void> recorded = operation.whenComplete((ignored, failure) -> {
                if (failure == null) {
                    ledger.sent(element);
                } else if (failure instanceof CancellationException) {
                    ledger.failed(element);
                } else if (unwrap(failure) instanceof ChannelClosedException) {
                    ledger.failedClosed(element);
                } else {
                    unexpected.add(failure);
                }
            });
            return new Pending(operation, recorded);
        }

        private Pending receiveAsync() {
            CompletableFuture<Integer> operation = channel.receiveAsync();
            CompletableFuture<Integer> recorded = operation.whenComplete((element, failure) -> {
                if (element != null) {
                    ledger.received(element);
                } else if (!(failure instanceof CancellationException)
                        && !(unwrap(failure) instanceof ChannelClosedException)) {
                    unexpected.add(failure);
                }
            });
            return new Pending(operation, recorded);
        }

        /**
         * Cancels the operation or lets it run, then waits until its outcome is in the ledger. A
         * pending operation ends at the latest when the chaos thread closes the channel.
         */
        private void settle(Pending pending, boolean cancel) {
            if (cancel) {
                pending.operation.cancel(false);
            }
            try {
                pending.recorded.join();
            } catch (CancellationException | CompletionException recordedByHandler) {
                // The handler has run; the outcome is in the ledger.
            }
        }

        /**
         * Runs a select with a receive clause, a send clause if {@code element > 0}, and a default
         * or a timeout two times in three.
         */
        private void select(SplittableRandom random, int element) {
            List<SelectClause<Object>> clauses = new ArrayList<>();
            clauses.add(channel.onReceive(received -> received));
            if (element > 0) {
                clauses.add(channel.onSend(element, () -> "sent"));
            }
            int escape = random.nextInt(3);
            if (escape == 0) {
                clauses.add(Select.onDefault(() -> "default"));
            } else if (escape == 1) {
                clauses.add(Select.onTimeout(Duration.ofNanos(random.nextInt(300_000)),
                        () -> "timeout"));
            }
            if (random.nextBoolean()) {
                Collections.reverse(clauses);
            }
            @Nullable Object outcome;
            try {
                outcome = random.nextBoolean() ? Select.select(clauses)
                        : Select.selectBiased(clauses);
            } catch (ChannelClosedException closed) {
                if (element > 0) {
                    ledger.failedClosed(element);
                }
                return;
            } catch (InterruptedException interrupted) {
                if (element > 0) {
                    ledger.failed(element);
                }
                return;
            }
            if ("sent".equals(outcome)) {
                ledger.sent(element);
                return;
            }
            if (outcome instanceof Integer) {
                ledger.received((Integer) outcome);
            }
            if (element > 0) {
                ledger.failed(element);
            }
        }

        private void receive(boolean orNull) {
            try {
                Integer element = orNull ? channel.receiveOrNull() : channel.receive();
                if (element != null) {
                    ledger.received(element);
                }
            } catch (ChannelClosedException | InterruptedException expected) {
                // Closed and drained, or interrupted before anything was taken.
            }
        }

        private void tryReceive() {
            Integer element = channel.tryReceive();
            if (element != null) {
                ledger.received(element);
            }
        }

        private static @Nullable Throwable unwrap(@Nullable Throwable failure) {
            return failure instanceof CompletionException ? failure.getCause() : failure;
        }
    }

    /**
     * A bridged subscriber of the stress channel, competing with the workers: it requests in
     * random batches, and at random points cancels and subscribes again, up to a few times. It
     * holds no thread: its signals run on whichever thread sends, requests or closes. Every
     * element it receives goes to the ledger; an element taken for it but cut off by a cancel
     * reaches the channel's undelivered handler, which the ledger records too.
     */
    private static final class BridgeSubscriber implements Subscriber<Integer> {

        private static final int MAX_SUBSCRIPTIONS = 4;

        private final Round round;
        private final SplittableRandom random;
        private final CountDownLatch finished = new CountDownLatch(1);
        private final AtomicInteger subscriptions = new AtomicInteger();

        private volatile @Nullable Subscription subscription;
        private long outstanding;
        private volatile boolean cancelledFromOutside;

        BridgeSubscriber(Round round, SplittableRandom random) {
            this.round = round;
            this.random = random;
        }

        void subscribe() {
            subscriptions.incrementAndGet();
            ReactiveChannels.toPublisher(round.channel).subscribe(this);
        }

        @Override
        public void onSubscribe(Subscription s) {
            subscription = s;
            outstanding = 1 + random.nextInt(8);
            s.request(outstanding);
        }

        @Override
        public void onNext(Integer element) {
            round.ledger.received(element);
            Subscription s = subscription;
            if (--outstanding > 0 || s == null) {
                return;
            }
            if (random.nextInt(16) == 0 && subscriptions.get() < MAX_SUBSCRIPTIONS
                    && !cancelledFromOutside) {
                s.cancel();
                subscribe();
                return;
            }
            outstanding = 1 + random.nextInt(8);
            s.request(outstanding);
        }

        @Override
        public void onError(Throwable failure) {
            if (!(failure instanceof IllegalStateException)) {
                round.unexpected.add(failure);
            }
            finished.countDown();
        }

        @Override
        public void onComplete() {
            finished.countDown();
        }

        /** Cancels the current subscription from the chaos thread, racing its signals. */
        void cancelFromOutside() {
            cancelledFromOutside = true;
            Subscription s = subscription;
            if (s != null) {
                s.cancel();
            }
            finished.countDown();
        }

        boolean awaitFinished(Duration timeout) throws InterruptedException {
            return finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }

        @Override
        public String toString() {
            return "bridge subscriber after " + subscriptions.get() + " subscriptions";
        }
    }

    /** An asynchronous operation and the stage that has recorded its outcome. */
    private static final class Pending {

        final CompletableFuture<?> operation;
        final CompletableFuture<?> recorded;

        Pending(CompletableFuture<?> operation, CompletableFuture<?> recorded) {
            this.operation = operation;
            this.recorded = recorded;
        }
    }
}
