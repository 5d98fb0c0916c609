package chanstream.core.internal;

import chanstream.core.SelectClause;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;

/**
 * The select engine, after Go's {@code runtime.selectgo}.
 *
 * <p>One attempt runs in up to three passes:
 * <ol>
 *   <li>Poll the arms one at a time, each under its own channel's lock only, in the order below.
 *       The first arm that can proceed commits. Most selects find a ready arm here, and taking one
 *       lock at a time keeps a select's cost close to a plain send or receive.
 *   <li>If none could, lock every distinct channel of the arms in ascending {@link ChannelImpl#id} order (a
 *       global order, so two selects never deadlock). Poll the arms clause by clause, in random
 *       clause order for {@code select} and argument order for {@code selectBiased}; the first
 *       arm that can proceed commits, and the attempt is over.
 *   <li>If none can, and there is no default, register one {@link Node} per channel arm with a
 *       single {@link Waiter}, in the same order, and release the locks. The first channel
 *       operation that claims the waiter (a partner's send or receive, a close) commits that arm;
 *       claims through the other nodes fail on the waiter's CAS, and the waiter unlinks them.
 * </ol>
 *
 * <p>Invariants a maintainer must keep:
 * <ul>
 *   <li>Exactly one arm commits: in passes 1 and 2 by returning at the first success,
 *       afterwards by the waiter's single CAS.
 *   <li>A select never pairs with itself: pairing happens only while polling in passes 1 and 2,
 *       and the select's own nodes are queued only after pass 2 found nothing, under the same
 *       locks.
 *   <li>No user code and no wake-up runs under a channel lock: effects are collected while the
 *       locks are held and performed after all of them are released.
 * </ul>
 */
public final class Selector {

    private static final int COMMITTED = 0;
    private static final int DEFAULT = 1;
    private static final int TIMED_OUT = 2;

    private Selector() {
    }

    /**
     * Runs a blocking select over {@code clauses}.
     *
     * @param clauses the clauses, as the caller passed them
     * @param biased {@code true} to poll in argument order, {@code false} for uniform random choice
     * @return the chosen clause's result
     */
    @SuppressWarnings("unchecked")
    public static <R extends @Nullable Object> R select(
            List<? extends SelectClause<? extends R>> clauses, boolean biased)
            throws InterruptedException {
        Objects.requireNonNull(clauses, "clauses is null");
        int count = clauses.size();
        if (count == 0) {
            throw new IllegalArgumentException(
                    "select needs at least one clause; Go's empty select blocks forever, use "
                            + "Select.never() with a timeout or an interrupt for that");
        }
        Clause<?>[] regular = new Clause<?>[count];
        int regularCount = 0;
        Clause.Default<? extends R> defaultClause = null;
        Clause.Timeout<? extends R> timeoutClause = null;
        for (int i = 0; i < count; i++) {
            SelectClause<? extends R> clause = clauses.get(i);
            if (clause == null) {
                throw new NullPointerException("clauses[" + i + "] is null");
            }
            if (clause instanceof Clause.Default) {
                if (defaultClause != null) {
                    throw new IllegalArgumentException(
                            "select has more than one onDefault clause (the second at index " + i
                                    + "); keep one");
                }
                defaultClause = (Clause.Default<? extends R>) clause;
            } else if (clause instanceof Clause.Timeout) {
                if (timeoutClause != null) {
                    throw new IllegalArgumentException(
                            "select has more than one onTimeout clause (the second at index " + i
                                    + "); keep the shortest");
                }
                timeoutClause = (Clause.Timeout<? extends R>) clause;
            } else if (clause instanceof Clause) {
                regular[regularCount++] = (Clause<?>) clause;
            } else {
                throw new IllegalArgumentException("clauses[" + i + "] (" + clause.getClass(
                        ).getName()
                        + ") was not created by chanstream; use onSend, onReceive, onTimeout, "
                        + "onDefault or never");
            }
        }
        if (defaultClause == null && Thread.interrupted()) {
            throw new InterruptedException();
        }
        boolean timed = timeoutClause != null;
        long deadline = timeoutClause != null ? Checks.deadline(timeoutClause.nanos) : 0L;
        for (;;) {
            ArmCollector arms = new ArmCollector();
            for (int i = 0; i < regularCount; i++) {
                regular[i].expand(arms);
                arms.endClause();
            }
            int outcome = attempt(arms, biased, defaultClause != null, timed, deadline);
            if (outcome == DEFAULT) {
                return Objects.requireNonNull(defaultClause).then.get();
            }
            if (outcome == TIMED_OUT) {
                return Objects.requireNonNull(timeoutClause).then.get();
            }
            Object result = arms.arm(arms.committed).completion
                    .complete(Objects.requireNonNull(arms.committedRaw));
            if (result != Arm.RETRY) {
                return clauseResult(result);
            }
        }
    }

    /**
     * Returns a clause function's result as the select's result type, which may be a nullable
     * type: {@code onReceiveOrNull(v -> v)} returns {@code null} for a closed channel. NullAway
     * without JSpecify mode reads every type variable as non-null, hence the suppression.
     */
    @SuppressWarnings({"unchecked", "NullAway"})
    private static <R extends @Nullable Object> R clauseResult(@Nullable Object result) {
        return (R) result;
    }

    /**
     * Runs one blocking attempt: pass 1 one lock at a time, pass 2 under all locks, then
     * registration and waiting.
     *
     * @return {@link #COMMITTED} (with {@code arms.committed} set), {@link #DEFAULT} or
     *     {@link #TIMED_OUT}
     */
    private static int attempt(ArmCollector arms, boolean biased, boolean hasDefault, boolean timed,
            long deadline) throws InterruptedException {
        int[] order = clauseOrder(arms.clauseCount(), biased);
        if (tryEach(arms, order, null)) {
            return COMMITTED;
        }
        ChannelImpl<?>[] channels = lockOrder(arms);
        ThreadWaiter waiter = null;
        int outcome;
        lockAll(channels);
        try {
            if (tryCommit(arms, order, null)) {
                outcome = COMMITTED;
            } else if (hasDefault) {
                outcome = DEFAULT;
            } else if (timed && deadline - System.nanoTime() <= 0L) {
                outcome = TIMED_OUT;
            } else {
                waiter = new ThreadWaiter("select");
                register(arms, order, waiter);
                outcome = -1;
            }
        } finally {
            unlockAll(channels);
        }
        if (waiter == null) {
            return outcome;
        }
        Node node;
        try {
            node = waiter.await(timed, deadline);
        } catch (InterruptedException interrupted) {
            waiter.unlinkNodes(null);
            throw interrupted;
        }
        if (node == null) {
            waiter.unlinkNodes(null);
            return TIMED_OUT;
        }
        waiter.unlinkNodes(node);
        arms.committed = node.armIndex;
        arms.committedRaw = node.result;
        return COMMITTED;
    }

    /**
     * Runs one non-blocking attempt for a callback waiter: commits an arm at once, or registers
     * {@code waiter} with every channel arm. After registration the waiter may be claimed, and its
     * callback run on another thread, before this method returns.
     *
     * @return {@code true} if an arm committed at once ({@code arms.committed} is set)
     */
    public static boolean attemptAsync(ArmCollector arms, boolean biased, CallbackWaiter waiter) {
        return attemptAsync(arms, biased, waiter, null);
    }

    /**
     * Runs {@link #attemptAsync} in argument order for a waiter that another thread may
     * withdraw at any time through {@link #withdrawCancellable}. Every commit, including one
     * made by polling, sets the waiter's state under the lock of the arm's channel, and nothing
     * is polled or registered once the waiter is withdrawn.
     *
     * @return {@code true} if an arm committed at once; {@code false} if the waiter was
     *     registered or was withdrawn before it committed
     */
    public static boolean attemptAsyncCancellable(ArmCollector arms, CallbackWaiter waiter) {
        return attemptAsync(arms, true, waiter, waiter);
    }

    /**
     * Withdraws {@code waiter}, which runs {@link #attemptAsyncCancellable} over {@code arms},
     * while holding the lock of every channel of the arms. The withdrawal therefore excludes the
     * attempt's polls and its registration, so a withdrawn attempt takes and registers nothing.
     *
     * @return {@code false} if the attempt committed an arm first
     */
    public static boolean withdrawCancellable(ArmCollector arms, CallbackWaiter waiter) {
        ChannelImpl<?>[] channels = lockOrder(arms);
        boolean withdrawn;
        lockAll(channels);
        try {
            withdrawn = waiter.tryCancel();
        } finally {
            for (ChannelImpl<?> channel : channels) {
                channel.unlockRaw();
            }
        }
        if (withdrawn) {
            waiter.unlinkNodes(null);
        }
        return withdrawn;
    }

    /**
     * Runs one non-blocking attempt. A non-null {@code guard} is the waiter itself when it can be
     * withdrawn during the attempt: see {@link #attemptAsyncCancellable}.
     */
    private static boolean attemptAsync(ArmCollector arms, boolean biased, CallbackWaiter waiter,
            @Nullable Waiter guard) {
        if (arms.size() == 1 && arms.clauseCount() == 1) {
            return attemptAsyncSingle(arms, waiter, guard);
        }
        int[] order = clauseOrder(arms.clauseCount(), biased);
        if (tryEach(arms, order, guard)) {
            return true;
        }
        ChannelImpl<?>[] channels = lockOrder(arms);
        boolean committed = false;
        lockAll(channels);
        try {
            if (guard == null || guard.isWaiting()) {
                committed = tryCommit(arms, order, guard);
                if (!committed && (guard == null || guard.isWaiting())) {
                    register(arms, order, waiter);
                }
            }
        } finally {
            unlockAll(channels);
        }
        return committed;
    }

    /** {@link #attemptAsync} for one arm: no lock-order or clause-order arrays. */
    private static boolean attemptAsyncSingle(ArmCollector arms, CallbackWaiter waiter,
            @Nullable Waiter guard) {
        Arm arm = arms.arm(0);
        ChannelImpl<?> channel = arm.channel;
        if (channel == null) {
            Object ready = Objects.requireNonNull(arms.item(0));
            if (guard != null && !guard.tryCommitPolled(0, ready)) {
                return false;
            }
            arms.committed = 0;
            arms.committedRaw = ready;
            return true;
        }
        channel.lock();
        Object raw;
        try {
            if (guard != null && !guard.isWaiting()) {
                return false;
            }
            raw = poll(arm, arms.item(0));
            if (raw == null) {
                Node node = new Node(waiter, channel, arm.kind, 0, arms.item(0));
                waiter.nodes = node;
                channel.enqueueLocked(node);
            } else if (guard != null) {
                // Cannot fail: a withdrawal takes this channel's lock before it sets the state.
                guard.tryCommitPolled(0, raw);
            }
        } finally {
            channel.unlock();
        }
        if (raw == null) {
            return false;
        }
        arms.committed = 0;
        arms.committedRaw = raw;
        return true;
    }

    /** Returns the committed arm's completion, after a committed attempt. */
    public static Completion committedCompletion(ArmCollector arms) {
        return arms.arm(arms.committed).completion;
    }

    /** Returns the committed arm's raw outcome, after a committed attempt. */
    public static @Nullable Object committedRaw(ArmCollector arms) {
        return arms.committedRaw;
    }

    /**
     * Pass 1 of an attempt: polls each arm under its own channel's lock, in clause order, and
     * commits the first that can proceed. It takes one lock at a time, so it needs no lock order,
     * and it registers nothing, so it cannot pair the select with itself.
     *
     * <p>With a non-null {@code guard} it polls a channel arm only while the guard is still
     * waiting, and records each commit in the guard's state under the same lock.
     *
     * @return {@code true} if an arm committed ({@code arms.committed} is set); {@code false} if
     *     none could or the guard was withdrawn
     */
    private static boolean tryEach(ArmCollector arms, int @Nullable [] order,
            @Nullable Waiter guard) {
        int clauses = arms.clauseCount();
        for (int k = 0; k < clauses; k++) {
            int clause = order == null ? k : order[k];
            for (int i = arms.clauseStart(clause), end = arms.clauseEnd(clause); i < end; i++) {
                Arm arm = arms.arm(i);
                ChannelImpl<?> channel = arm.channel;
                Object raw;
                if (channel == null) {
                    raw = arms.item(i);
                    if (raw != null && guard != null && !guard.tryCommitPolled(i, raw)) {
                        return false;
                    }
                } else {
                    channel.lock();
                    try {
                        if (guard != null && !guard.isWaiting()) {
                            return false;
                        }
                        raw = poll(arm, arms.item(i));
                        if (raw != null && guard != null) {
                            // Cannot fail: a withdrawal takes this lock before it sets the state.
                            guard.tryCommitPolled(i, raw);
                        }
                    } finally {
                        channel.unlock();
                    }
                }
                if (raw != null) {
                    arms.committed = i;
                    arms.committedRaw = raw;
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Pass 2: polls every arm with all locks held. A non-null {@code guard} records the commit in
     * its state, which fails only for an arm without a channel after a withdrawal.
     */
    private static boolean tryCommit(ArmCollector arms, int @Nullable [] order,
            @Nullable Waiter guard) {
        int clauses = arms.clauseCount();
        for (int k = 0; k < clauses; k++) {
            int clause = order == null ? k : order[k];
            for (int i = arms.clauseStart(clause), end = arms.clauseEnd(clause); i < end; i++) {
                Object raw = poll(arms.arm(i), arms.item(i));
                if (raw != null) {
                    if (guard != null && !guard.tryCommitPolled(i, raw)) {
                        return false;
                    }
                    arms.committed = i;
                    arms.committedRaw = raw;
                    return true;
                }
            }
        }
        return false;
    }

    @SuppressWarnings("NullAway")
    private static @Nullable Object poll(Arm arm, @Nullable Object item) {
        switch (arm.kind) {
            case Arm.RECEIVE:
                return arm.channel.tryReceiveLocked();
            case Arm.SEND:
                return arm.channel.trySendLocked(item);
            case Arm.WATCH:
                return arm.channel.tryWatchLocked();
            default:
                return item;
        }
    }

    @SuppressWarnings("NullAway")
    private static void register(ArmCollector arms, int @Nullable [] order, Waiter waiter) {
        int clauses = arms.clauseCount();
        Node first = null;
        Node[] all = null;
        int registered = 0;
        for (int k = 0; k < clauses; k++) {
            int clause = order == null ? k : order[k];
            for (int i = arms.clauseStart(clause), end = arms.clauseEnd(clause); i < end; i++) {
                Arm arm = arms.arm(i);
                if (arm.channel == null) {
                    continue;
                }
                Node node = new Node(waiter, arm.channel, arm.kind, i, arms.item(i));
                if (registered == 0) {
                    first = node;
                } else {
                    if (all == null) {
                        all = new Node[arms.size()];
                        all[0] = first;
                    }
                    all[registered] = node;
                }
                registered++;
                arm.channel.enqueueLocked(node);
            }
        }
        if (all != null) {
            waiter.nodes = registered == all.length ? all : java.util.Arrays.copyOf(all,
                    registered);
        } else {
            waiter.nodes = first;
        }
    }

    /** Returns the distinct channels of {@code arms}, sorted by id. */
    private static ChannelImpl<?>[] lockOrder(ArmCollector arms) {
        int size = arms.size();
        ChannelImpl<?>[] channels = new ChannelImpl<?>[size];
        int distinct = 0;
        for (int i = 0; i < size; i++) {
            ChannelImpl<?> channel = arms.arm(i).channel;
            if (channel == null) {
                continue;
            }
            int at = distinct;
            boolean duplicate = false;
            while (at > 0 && channels[at - 1].id >= channel.id) {
                if (channels[at - 1] == channel) {
                    duplicate = true;
                    break;
                }
                at--;
            }
            if (duplicate) {
                continue;
            }
            System.arraycopy(channels, at, channels, at + 1, distinct - at);
            channels[at] = channel;
            distinct++;
        }
        return distinct == size ? channels : java.util.Arrays.copyOf(channels, distinct);
    }

    private static int @Nullable [] clauseOrder(int clauses, boolean biased) {
        if (biased || clauses < 2) {
            return null;
        }
        int[] order = new int[clauses];
        for (int i = 0; i < clauses; i++) {
            order[i] = i;
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = clauses - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        return order;
    }

    /**
     * Locks every channel in order. If a lock throws (an agent such as BlockHound may throw from
     * inside it), the locks already taken are released before the exception propagates.
     */
    private static void lockAll(ChannelImpl<?>[] channels) {
        int locked = 0;
        try {
            for (ChannelImpl<?> channel : channels) {
                channel.lock();
                locked++;
            }
        } catch (Throwable failure) {
            for (int i = 0; i < locked; i++) {
                channels[i].unlockRaw();
            }
            throw failure;
        }
    }

    private static void unlockAll(ChannelImpl<?>[] channels) {
        Object effects = null;
        for (ChannelImpl<?> channel : channels) {
            Object channelEffects = channel.unlockTakingEffects();
            if (channelEffects != null) {
                effects = effects == null ? channelEffects : merge(effects, channelEffects);
            }
        }
        Effect.performAll(effects);
    }

    @SuppressWarnings("unchecked")
    private static Object merge(Object effects, Object more) {
        Object merged = effects;
        if (more instanceof Effect) {
            return Effect.append(merged, (Effect) more);
        }
        for (Effect effect : (java.util.ArrayList<Effect>) more) {
            merged = Effect.append(merged, effect);
        }
        return merged;
    }
}
