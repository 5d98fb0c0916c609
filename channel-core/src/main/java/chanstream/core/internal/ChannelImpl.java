package chanstream.core.internal;

import chanstream.core.Channel;
import chanstream.core.Overflow;
import chanstream.core.SelectClause;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The channel: a lock-protected buffer and three wait queues, after Go's {@code runtime.hchan}.
 *
 * <h2>State</h2>
 * Guarded by the embedded {@link ChannelLock}:
 * <ul>
 *   <li>a ring buffer of up to {@link #capacity} elements, allocated on first use and grown by
 *       doubling, so an unbuffered or idle channel holds no array;
 *   <li>{@link #senders}, {@link #receivers}, {@link #watchers}: circular doubly-linked lists of
 *       {@link Node}s, each the registration of a blocked send, receive or close watch (a plain
 *       operation, a select arm or a callback);
 *   <li>{@link #closed}, set once by the first close or cancel, and {@link #cancelled}.
 * </ul>
 *
 * <h2>Invariants</h2>
 * <ul>
 *   <li>A live receiver is queued only while the buffer is empty, and a live sender only while it
 *       is full (or, unbuffered, while no receiver waits). So a send first hands its element to a
 *       waiting receiver, then buffers it; a receive first takes from the buffer and refills it
 *       from a waiting sender, then takes from a waiting sender directly.
 *   <li>Queues may hold dead nodes: a waiter claimed through another channel, or withdrawn and
 *       not yet unlinked. A claim on a dead node fails on the waiter's CAS, and the claimer drops
 *       the node and goes on with the next one.
 *   <li>Once {@link #closed} is set no sender is queued and no element enters the buffer.
 *       Watchers are woken when the channel is closed with an empty buffer.
 *   <li>Wake-ups and undelivered handlers are collected in {@link #effects} under the lock and
 *       performed after it is released ({@link #unlock()}).
 * </ul>
 *
 * @param <T> the element type
 */
public final class ChannelImpl<T> extends ChannelLock implements Channel<T>, ReceiveSource {

    private static final long serialVersionUID = 1L;

    private static final AtomicLong IDS = new AtomicLong();

    private static final VarHandle COUNT;

    static {
        try {
            COUNT = MethodHandles.lookup().findVarHandle(ChannelImpl.class, "count", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static final int MIN_ARRAY = 8;

    /** Unique and increasing: the global lock order. */
    final long id;

    private final int capacity;
    private final Overflow overflow;
    private final @Nullable Consumer<? super T> onUndelivered;
    private final @Nullable String name;

    private @Nullable Object @Nullable [] buffer;
    private int head;
    private int count;

    private @Nullable Node senders;
    private @Nullable Node receivers;
    private @Nullable Node watchers;

    private volatile @Nullable Closed closed;

    /**
     * Set at the end of the critical section that closes or cancels the channel, once every
     * waiter that the close claims has been claimed. The lock-free queries read it rather than
     * {@link #closed}, so that none of them reports the channel closed while a waiter that the
     * close is about to claim can still withdraw. The close then takes effect at one point for
     * every observer.
     */
    private volatile boolean closeVisible;

    private boolean cancelled;

    private @Nullable Object effects;

    private @Nullable UpstreamLink upstream;
    private int reportedCapacity;

    /**
     * Creates a channel; {@link Channel#builder()} validates the arguments.
     *
     * @param capacity the buffer size, {@link Integer#MAX_VALUE} for unlimited
     */
    public ChannelImpl(int capacity, Overflow overflow, @Nullable Consumer<? super T> onUndelivered,
            @Nullable String name) {
        this.id = IDS.incrementAndGet();
        this.capacity = capacity;
        this.reportedCapacity = capacity;
        this.overflow = overflow;
        this.onUndelivered = onUndelivered;
        this.name = name;
    }

    /** Makes this channel feed a publisher's demand; call before the channel is shared. */
    void linkUpstream(UpstreamLink link, int reportedCapacity) {
        this.upstream = link;
        this.reportedCapacity = reportedCapacity;
    }

    // ---------------------------------------------------------------- operations under the lock

    /**
     * Sends {@code element} if that needs no waiting.
     *
     * @return {@link Arm#SENT}, the {@link Closed} outcome, or {@code null} if the send must wait
     */
    @Nullable Object trySendLocked(Object element) {
        Closed isClosed = closed;
        if (isClosed != null) {
            return isClosed;
        }
        if (receivers != null && handToReceiverLocked(element)) {
            return Arm.SENT;
        }
        if (count < capacity) {
            bufferLocked(element);
            return Arm.SENT;
        }
        if (overflow == Overflow.DROP_OLDEST) {
            Object oldest = unbufferLocked();
            bufferLocked(element);
            undeliveredLocked(oldest);
            return Arm.SENT;
        }
        if (overflow == Overflow.DROP_LATEST) {
            undeliveredLocked(element);
            return Arm.SENT;
        }
        return null;
    }

    /**
     * Receives an element if one is ready.
     *
     * @return the element, the {@link Closed} outcome when closed and drained, or {@code null} if
     *     the receive must wait
     */
    @Nullable Object tryReceiveLocked() {
        if (count > 0) {
            Object element = unbufferLocked();
            if (senders != null) {
                Node sender = claimSenderLocked();
                if (sender != null) {
                    bufferLocked(Objects.requireNonNull(sender.item));
                }
            } else if (count == 0) {
                Closed isClosed = closed;
                if (isClosed != null && watchers != null) {
                    claimAllLocked(Arm.WATCH, isClosed);
                }
            }
            UpstreamLink link = upstream;
            if (link != null) {
                link.onTakenLocked(this);
            }
            return element;
        }
        if (senders != null) {
            Node sender = claimSenderLocked();
            if (sender != null) {
                return Objects.requireNonNull(sender.item);
            }
        }
        return closed;
    }

    /**
     * Returns the {@link Closed} outcome if the channel is closed and drained, else
     * {@code null}.
     */
    @Nullable Object tryWatchLocked() {
        Closed isClosed = closed;
        return isClosed != null && count == 0 ? isClosed : null;
    }

    /** Queues {@code node} at the tail of the queue of its kind. */
    void enqueueLocked(Node node) {
        Node first = queue(node.kind);
        if (first == null) {
            node.next = node;
            node.prev = node;
            setQueue(node.kind, node);
        } else {
            Node last = Objects.requireNonNull(first.prev);
            last.next = node;
            node.prev = last;
            node.next = first;
            first.prev = node;
        }
        node.queued = true;
        if (node.kind == Arm.RECEIVE) {
            UpstreamLink link = upstream;
            if (link != null) {
                link.onReceiverQueuedLocked(this);
            }
        }
    }

    /** Removes {@code node} from its queue. */
    private void unlinkLocked(Node node) {
        Node next = Objects.requireNonNull(node.next);
        if (next == node) {
            setQueue(node.kind, null);
        } else {
            Node prev = Objects.requireNonNull(node.prev);
            prev.next = next;
            next.prev = prev;
            if (queue(node.kind) == node) {
                setQueue(node.kind, next);
            }
        }
        node.next = null;
        node.prev = null;
        node.queued = false;
    }

    /** Unlinks {@code node} from its channel if it is still queued, taking the channel lock. */
    static void unlinkLocking(Node node) {
        ChannelImpl<?> channel = node.channel;
        channel.lock();
        if (node.queued) {
            channel.unlinkLocked(node);
        }
        channel.unlockRaw();
    }

    private @Nullable Node queue(int kind) {
        switch (kind) {
            case Arm.SEND:
                return senders;
            case Arm.RECEIVE:
                return receivers;
            default:
                return watchers;
        }
    }

    private void setQueue(int kind, @Nullable Node first) {
        switch (kind) {
            case Arm.SEND:
                senders = first;
                break;
            case Arm.RECEIVE:
                receivers = first;
                break;
            default:
                watchers = first;
                break;
        }
    }

    private @Nullable Node pollLocked(int kind) {
        Node first = queue(kind);
        if (first != null) {
            unlinkLocked(first);
        }
        return first;
    }

    /** Hands {@code element} to the first live receiver; {@code false} if none is left. */
    private boolean handToReceiverLocked(Object element) {
        Node node;
        while ((node = pollLocked(Arm.RECEIVE)) != null) {
            node.result = element;
            if (node.waiter.tryClaim(node)) {
                defer(node.waiter);
                return true;
            }
            node.result = null;
        }
        return false;
    }

    /** Claims the first live sender, whose element is in the returned node's {@code item}. */
    private @Nullable Node claimSenderLocked() {
        Node node;
        while ((node = pollLocked(Arm.SEND)) != null) {
            node.result = Arm.SENT;
            if (node.waiter.tryClaim(node)) {
                defer(node.waiter);
                return node;
            }
            node.result = null;
        }
        return null;
    }

    /** Claims every live node of one queue with {@code outcome}. */
    private void claimAllLocked(int kind, Object outcome) {
        Node node;
        while ((node = pollLocked(kind)) != null) {
            node.result = outcome;
            if (node.waiter.tryClaim(node)) {
                defer(node.waiter);
            } else {
                node.result = null;
            }
        }
    }

    private void bufferLocked(Object element) {
        @Nullable Object[] array = buffer;
        if (array == null || count == array.length) {
            array = grow();
        }
        int tail = head + count;
        if (tail >= array.length) {
            tail -= array.length;
        }
        array[tail] = element;
        count++;
    }

    private Object unbufferLocked() {
        @Nullable Object[] array = Objects.requireNonNull(buffer);
        Object element = Objects.requireNonNull(array[head]);
        array[head] = null;
        if (++head == array.length) {
            head = 0;
        }
        count--;
        return element;
    }

    private @Nullable Object[] grow() {
        @Nullable Object[] old = buffer;
        int oldLength = old == null ? 0 : old.length;
        int length = (int) Math.min(capacity, Math.max(MIN_ARRAY, 2L * oldLength));
        @Nullable Object[] array = new Object[length];
        for (int i = 0; i < count; i++) {
            int from = head + i;
            if (from >= oldLength) {
                from -= oldLength;
            }
            array[i] = Objects.requireNonNull(old)[from];
        }
        head = 0;
        buffer = array;
        return array;
    }

    /** Schedules {@code effect} to run after the lock is released. */
    void defer(Effect effect) {
        effects = Effect.append(effects, effect);
    }

    @SuppressWarnings("unchecked")
    private void undeliveredLocked(Object element) {
        Consumer<? super T> handler = onUndelivered;
        if (handler != null) {
            defer(new Undelivered<>(handler, (T) element));
        }
    }

    /** Releases the lock, then performs the effects collected while it was held. */
    void unlock() {
        Object pending = effects;
        effects = null;
        unlockRaw();
        Effect.performAll(pending);
    }

    /** Releases the lock and returns the collected effects for the caller to perform. */
    @Nullable Object unlockTakingEffects() {
        Object pending = effects;
        effects = null;
        unlockRaw();
        return pending;
    }

    // ---------------------------------------------------------------- send side

    @Override
    public void send(T element) throws InterruptedException {
        Checks.element(element);
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        sendWaiting(element, false, 0L);
    }

    @Override
    public boolean send(T element, Duration timeout) throws InterruptedException {
        Checks.element(element);
        long nanos = Checks.timeoutNanos(timeout);
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        return sendWaiting(element, true, Checks.deadline(nanos));
    }

    private boolean sendWaiting(T element, boolean timed, long deadline)
            throws InterruptedException {
        lock();
        Object outcome = trySendLocked(element);
        if (outcome != null) {
            unlock();
            return sent(outcome);
        }
        if (timed && deadline - System.nanoTime() <= 0L) {
            unlock();
            return false;
        }
        ThreadWaiter waiter = new ThreadWaiter("send");
        Node node = new Node(waiter, this, Arm.SEND, 0, element);
        waiter.nodes = node;
        enqueueLocked(node);
        unlock();
        Node claimed;
        try {
            claimed = waiter.await(timed, deadline);
        } catch (InterruptedException interrupted) {
            unlinkLocking(node);
            throw interrupted;
        }
        if (claimed == null) {
            unlinkLocking(node);
            return false;
        }
        return sent(Objects.requireNonNull(claimed.result));
    }

    private boolean sent(Object outcome) {
        if (outcome instanceof Closed) {
            throw ((Closed) outcome).forSend(this);
        }
        return true;
    }

    @Override
    public boolean trySend(T element) {
        Checks.element(element);
        lock();
        Object outcome = trySendLocked(element);
        unlock();
        return outcome != null && sent(outcome);
    }

    @Override
    public CompletableFuture<Void> sendAsync(T element) {
        Checks.element(element);
        return SelectFuture.start(new Clause.Send<Void>(this, element, raw -> {
            sent(raw);
            return null;
        }));
    }

    @Override
    public void close() {
        closeWith(null);
    }

    @Override
    public void close(Throwable cause) {
        closeWith(Objects.requireNonNull(cause, "cause is null"));
    }

    /** Closes the channel; returns {@code false} if it was already closed. */
    boolean closeWith(@Nullable Throwable cause) {
        lock();
        if (closed != null) {
            unlockRaw();
            return false;
        }
        Closed outcome = Closed.of(cause);
        closed = outcome;
        // Receivers first, as Go's closechan does: a select waiting to both receive from and send
        // to this channel then sees the closed receive rather than a failed send.
        claimAllLocked(Arm.RECEIVE, outcome);
        claimAllLocked(Arm.SEND, outcome);
        if (count == 0) {
            claimAllLocked(Arm.WATCH, outcome);
        }
        closeVisible = true;
        unlock();
        return true;
    }

    @Override
    public boolean isClosedForSend() {
        return closeVisible;
    }

    @Override
    public <R extends @Nullable Object> SelectClause<R> onSend(T element,
            Supplier<? extends R> then) {
        Checks.element(element);
        Objects.requireNonNull(then, "then is null");
        return new Clause.Send<>(this, element, raw -> {
            sent(raw);
            return then.get();
        });
    }

    // ---------------------------------------------------------------- receive side

    @Override
    public T receive() throws InterruptedException {
        Object outcome = receiveWaiting();
        if (outcome instanceof Closed) {
            throw ((Closed) outcome).forReceive(this);
        }
        return element(outcome);
    }

    @Override
    public @Nullable T receiveOrNull() throws InterruptedException {
        return elementOrNull(receiveWaiting());
    }

    private Object receiveWaiting() throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        lock();
        Object outcome = tryReceiveLocked();
        if (outcome != null) {
            unlock();
            return outcome;
        }
        ThreadWaiter waiter = new ThreadWaiter("receive");
        Node node = new Node(waiter, this, Arm.RECEIVE, 0, null);
        waiter.nodes = node;
        enqueueLocked(node);
        unlock();
        Node claimed;
        try {
            claimed = waiter.await(false, 0L);
        } catch (InterruptedException interrupted) {
            unlinkLocking(node);
            throw interrupted;
        }
        return Objects.requireNonNull(Objects.requireNonNull(claimed).result);
    }

    @SuppressWarnings("unchecked")
    private static <T> T element(Object outcome) {
        return (T) outcome;
    }

    private @Nullable T elementOrNull(Object outcome) {
        if (outcome instanceof Closed) {
            Closed isClosed = (Closed) outcome;
            if (isClosed.cause != null) {
                throw isClosed.forReceive(this);
            }
            return null;
        }
        return element(outcome);
    }

    @Override
    public @Nullable T tryReceive() {
        lock();
        Object outcome = tryReceiveLocked();
        unlock();
        return outcome == null || outcome instanceof Closed ? null : element(outcome);
    }

    @Override
    public CompletableFuture<T> receiveAsync() {
        return SelectFuture.start(new Clause.Receive<T>(this, this::receivedOrThrow));
    }

    private T receivedOrThrow(Object raw) {
        if (raw instanceof Closed) {
            throw ((Closed) raw).forReceive(this);
        }
        return element(raw);
    }

    @Override
    public void forEach(Consumer<? super T> action) throws InterruptedException {
        Objects.requireNonNull(action, "action is null");
        T element;
        while ((element = receiveOrNull()) != null) {
            action.accept(element);
        }
    }

    @Override
    public void cancel() {
        lock();
        Closed outcome = closed;
        if (outcome == null) {
            outcome = Closed.NO_CAUSE;
            closed = outcome;
        }
        boolean first = !cancelled;
        cancelled = true;
        claimAllLocked(Arm.RECEIVE, outcome);
        Node node;
        while ((node = pollLocked(Arm.SEND)) != null) {
            Object item = Objects.requireNonNull(node.item);
            node.result = outcome;
            if (node.waiter.tryClaim(node)) {
                defer(node.waiter);
                undeliveredLocked(item);
            } else {
                node.result = null;
            }
        }
        while (count > 0) {
            undeliveredLocked(unbufferLocked());
        }
        buffer = null;
        head = 0;
        claimAllLocked(Arm.WATCH, outcome);
        UpstreamLink link = upstream;
        if (link != null && first) {
            link.onCancelLocked(this);
        }
        closeVisible = true;
        unlock();
    }

    /** Whether a receiver is queued, live or dead; the caller holds the lock. */
    boolean receiversWaitingLocked() {
        return receivers != null;
    }

    /** Whether {@link #cancel()} was called. */
    boolean isCancelled() {
        return cancelled;
    }

    @Override
    public boolean isClosedForReceive() {
        return closeVisible && size() == 0;
    }

    /**
     * Returns the buffered count without the lock. The acquire read keeps a polling loop from
     * caching the value; the count itself is written under the lock.
     */
    @Override
    public int size() {
        return (int) COUNT.getAcquire(this);
    }

    @Override
    public int capacity() {
        return reportedCapacity;
    }

    @Override
    public <R extends @Nullable Object> SelectClause<R> onReceive(Function<? super T,
            ? extends R> then) {
        Objects.requireNonNull(then, "then is null");
        return new Clause.Receive<>(this, raw -> then.apply(receivedOrThrow(raw)));
    }

    // NullAway 0.14.3 does not let a "? super @Nullable T" parameter accept a nullable argument.
    @SuppressWarnings("NullAway")
    @Override
    public <R extends @Nullable Object> SelectClause<R> onReceiveOrNull(
            Function<? super @Nullable T, ? extends R> then) {
        Objects.requireNonNull(then, "then is null");
        return new Clause.Receive<>(this, raw -> then.apply(elementOrNull(raw)));
    }

    @Override
    public void addReceiveArms(ArmCollector arms, Completion completion) {
        arms.addReceive(this, completion);
    }

    @Override
    public void addWatchArms(ArmCollector arms, Completion completion) {
        arms.addWatch(this, completion);
    }

    /**
     * Passes an element that was taken from this channel but cannot be delivered to the
     * undelivered handler.
     *
     * @return {@code false} if the channel has no handler
     */
    @SuppressWarnings("unchecked")
    boolean discard(Object element) {
        Consumer<? super T> handler = onUndelivered;
        if (handler == null) {
            return false;
        }
        Effect.performAll(new Undelivered<>(handler, (T) element));
        return true;
    }

    /** Returns the name given to the builder, or {@code null}. */
    public @Nullable String name() {
        return name;
    }

    @Override
    public String toString() {
        return name != null ? "channel '" + name + "'" : "channel #" + id;
    }

    /** For tests: the number of queued nodes of each kind, live or dead. */
    int[] queueLengths() {
        lock();
        try {
            return new int[] {length(senders), length(receivers), length(watchers)};
        } finally {
            unlockRaw();
        }
    }

    private static int length(@Nullable Node first) {
        if (first == null) {
            return 0;
        }
        int length = 1;
        for (Node node = Objects.requireNonNull(first.next); node != first;
                node = Objects.requireNonNull(node.next)) {
            length++;
        }
        return length;
    }

    /** For tests: the length of the buffer array, 0 when none is allocated. */
    int bufferArrayLength() {
        lock();
        try {
            @Nullable Object[] array = buffer;
            return array == null ? 0 : array.length;
        } finally {
            unlockRaw();
        }
    }

    private static final class Undelivered<T> implements Effect {

        private final Consumer<? super T> handler;
        private final T element;

        Undelivered(Consumer<? super T> handler, T element) {
            this.handler = handler;
            this.element = element;
        }

        @Override
        public void perform() {
            handler.accept(element);
        }
    }
}
