package chanstream.core.lincheck;

import chanstream.core.Channel;
import chanstream.core.ChannelClosedException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jspecify.annotations.Nullable;

/**
 * The operations Lincheck runs against a real channel, and the sequential specification they
 * must match ({@link Model}, over {@link ChannelModel}).
 *
 * <p>Waiting operations are checked through their asynchronous form, which is the dual data
 * structure made explicit: {@code sendAsyncN}/{@code receiveAsyncN} is the request, and
 * {@code settleN} the follow-up, which returns the outcome or withdraws the operation by
 * cancelling its future. Slot {@code N} (0 or 1) belongs to one Lincheck thread, through a
 * non-parallel group, so the model can tell whose ticket a settle refers to. The blocking forms
 * park their thread, which Lincheck 3.7 can only verify for Kotlin suspending functions; see
 * {@code BlockingChannelModelCheckingTest} for them.
 *
 * <p>Outcomes are strings or integers, the same words {@link ChannelModel} uses. A close with a
 * cause closes with an {@link IllegalStateException} whose message is {@link ChannelModel#CAUSE}.
 */
@Param(name = "element", gen = IntGen.class, conf = "1:3")
public abstract class ChannelOperations {

    private final Channel<Integer> channel;

    /** The undelivered elements and the thread whose operation dropped each. */
    private final ConcurrentLinkedQueue<Object[]> undelivered = new ConcurrentLinkedQueue<>();

    private final @Nullable CompletableFuture<?>[] slots = new CompletableFuture<?>[2];

    /** Whether the pending operation of each slot is a send. */
    private final boolean[] slotSends = new boolean[2];

    ChannelOperations(int capacity) {
        this.channel = Channel.<Integer>builder()
                .capacity(capacity)
                .onUndelivered(element -> undelivered.add(
                        new Object[] {Thread.currentThread(), element}))
                .build();
    }

    @Operation
    public Object trySend(@Param(name = "element") int element) {
        try {
            return channel.trySend(element);
        } catch (ChannelClosedException closed) {
            return closedOutcome(closed);
        }
    }

    @Operation
    public Object tryReceive() {
        Integer element = channel.tryReceive();
        if (element != null) {
            return element;
        }
        if (!channel.isClosedForReceive()) {
            return ChannelModel.EMPTY;
        }
        try {
            channel.receiveOrNull();
            return "closed";
        } catch (ChannelClosedException closed) {
            return closedOutcome(closed);
        } catch (InterruptedException unexpected) {
            throw new AssertionError(unexpected);
        }
    }

    @Operation(nonParallelGroup = "slot0")
    public Object sendAsync0(@Param(name = "element") int element) {
        return sendAsync(0, element);
    }

    @Operation(nonParallelGroup = "slot0")
    public Object receiveAsync0() {
        return receiveAsync(0);
    }

    @Operation(nonParallelGroup = "slot0")
    public Object settle0() {
        return settle(0);
    }

    @Operation(nonParallelGroup = "slot1")
    public Object sendAsync1(@Param(name = "element") int element) {
        return sendAsync(1, element);
    }

    @Operation(nonParallelGroup = "slot1")
    public Object receiveAsync1() {
        return receiveAsync(1);
    }

    @Operation(nonParallelGroup = "slot1")
    public Object settle1() {
        return settle(1);
    }

    @Operation
    public void close() {
        channel.close();
    }

    @Operation
    public void closeWithCause() {
        channel.close(new IllegalStateException(ChannelModel.CAUSE));
    }

    /** Cancels the channel and returns the elements this call passed to the handler, sorted. */
    @Operation
    public List<Integer> cancel() {
        channel.cancel();
        List<Integer> mine = new ArrayList<>();
        for (Object[] entry : undelivered) {
            if (entry[0] == Thread.currentThread()) {
                mine.add((Integer) entry[1]);
            }
        }
        undelivered.removeIf(entry -> entry[0] == Thread.currentThread());
        Collections.sort(mine);
        return mine;
    }

    @Operation
    public boolean isClosedForSend() {
        return channel.isClosedForSend();
    }

    private Object sendAsync(int slot, int element) {
        if (slots[slot] != null) {
            return ChannelModel.BUSY;
        }
        slots[slot] = channel.sendAsync(element);
        slotSends[slot] = true;
        return ChannelModel.PENDING;
    }

    private Object receiveAsync(int slot) {
        if (slots[slot] != null) {
            return ChannelModel.BUSY;
        }
        slots[slot] = channel.receiveAsync();
        slotSends[slot] = false;
        return ChannelModel.PENDING;
    }

    private Object settle(int slot) {
        CompletableFuture<?> future = slots[slot];
        if (future == null) {
            return ChannelModel.NONE;
        }
        slots[slot] = null;
        if (future.cancel(false)) {
            return ChannelModel.WITHDRAWN;
        }
        return outcome(future, slotSends[slot] ? ChannelModel.SENT : null);
    }

    /**
     * Waits for a future that committed (its completion runs on the partner's thread right after
     * the commit) and returns its outcome.
     */
    private static Object outcome(CompletableFuture<?> future, @Nullable Object sentValue) {
        try {
            Object value = future.join();
            return sentValue != null ? sentValue : Objects.requireNonNull(value);
        } catch (CancellationException cancelled) {
            return ChannelModel.WITHDRAWN;
        } catch (CompletionException failed) {
            if (failed.getCause() instanceof ChannelClosedException) {
                return closedOutcome((ChannelClosedException) failed.getCause());
            }
            throw failed;
        }
    }

    private static String closedOutcome(ChannelClosedException closed) {
        Throwable cause = closed.getCause();
        return ChannelModel.closedOutcome(cause == null ? null : cause.getMessage());
    }

    /** The sequential specification: the same operations on a {@link ChannelModel}. */
    public abstract static class Model {

        private final ChannelModel model;

        Model(int capacity) {
            this.model = new ChannelModel(capacity);
        }

        public Object trySend(int element) {
            return model.trySend(element);
        }

        public Object tryReceive() {
            return model.tryReceive();
        }

        public Object sendAsync0(int element) {
            return model.sendAsync(0, element);
        }

        public Object receiveAsync0() {
            return model.receiveAsync(0);
        }

        public Object settle0() {
            return model.settle(0);
        }

        public Object sendAsync1(int element) {
            return model.sendAsync(1, element);
        }

        public Object receiveAsync1() {
            return model.receiveAsync(1);
        }

        public Object settle1() {
            return model.settle(1);
        }

        public void close() {
            model.close(null);
        }

        public void closeWithCause() {
            model.close(ChannelModel.CAUSE);
        }

        public List<Integer> cancel() {
            return model.cancel();
        }

        public boolean isClosedForSend() {
            return model.isClosedForSend();
        }
    }

    /** Operations on an unbuffered channel. */
    public static final class Unbuffered extends ChannelOperations {
        public Unbuffered() {
            super(0);
        }
    }

    /** Operations on a channel of capacity 1. */
    public static final class Buffered1 extends ChannelOperations {
        public Buffered1() {
            super(1);
        }
    }

    /** Operations on a channel of capacity 2. */
    public static final class Buffered2 extends ChannelOperations {
        public Buffered2() {
            super(2);
        }
    }

    /** Operations on an unlimited channel. */
    public static final class Unlimited extends ChannelOperations {
        public Unlimited() {
            super(Integer.MAX_VALUE);
        }
    }

    /** The specification of {@link Unbuffered}. */
    public static final class UnbufferedModel extends Model {
        public UnbufferedModel() {
            super(0);
        }
    }

    /** The specification of {@link Buffered1}. */
    public static final class Buffered1Model extends Model {
        public Buffered1Model() {
            super(1);
        }
    }

    /** The specification of {@link Buffered2}. */
    public static final class Buffered2Model extends Model {
        public Buffered2Model() {
            super(2);
        }
    }

    /** The specification of {@link Unlimited}. */
    public static final class UnlimitedModel extends Model {
        public UnlimitedModel() {
            super(Integer.MAX_VALUE);
        }
    }
}
