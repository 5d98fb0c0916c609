package chanstream.core;

import chanstream.core.internal.ChannelImpl;
import chanstream.core.internal.Checks;
import chanstream.core.internal.SharedTimer;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import org.jspecify.annotations.Nullable;

/**
 * Go's {@code context.Context}: a cancellation signal with an optional deadline, passed down a
 * call tree. Cancelling a context cancels all its children; a child never cancels its parent.
 *
 * <pre>{@code
 * try (Context ctx = Context.background().withTimeout(Duration.ofSeconds(5))) {
 *     ReceiveChannel<Row> rows = Channels.orDone(ctx.done(), query(ctx));
 *     rows.forEach(this::print);
 * }                                      // defer cancel()
 * }</pre>
 *
 * <p>{@link #done()} is a channel that is closed (never sent to) when the context ends, so every
 * watcher sees it: pass it to {@link Channels#orDone}, to a select, or to
 * {@code ReactorChannels.orDone}. {@link #err()} tells why the context ended, and
 * {@link #cause()} returns the cause given to {@link #cancel(Throwable)}, as Go's
 * {@code context.Cause} does. Deadlines run on chanstream's one timer thread.
 */
public final class Context implements AutoCloseable {

    private static final VarHandle ENDED;

    static {
        try {
            ENDED = MethodHandles.lookup().findVarHandle(Context.class, "ended", Ended.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static final Context BACKGROUND = new Context(null, null);

    private final @Nullable Context parent;
    private final @Nullable Instant deadline;
    private final ChannelImpl<Object> done;
    private final Set<Context> children = ConcurrentHashMap.newKeySet();

    private volatile @Nullable Ended ended;
    private volatile @Nullable ScheduledFuture<?> timer;

    private Context(@Nullable Context parent, @Nullable Instant deadline) {
        this.parent = parent;
        this.deadline = deadline;
        this.done = new ChannelImpl<>(0, Overflow.BLOCK, null, "context.done");
    }

    /**
     * Returns the root context: never cancelled, no deadline. Go's {@code context.Background()}.
     *
     * @return the background context
     */
    public static Context background() {
        return BACKGROUND;
    }

    /**
     * Returns a child that ends when {@link #cancel()} is called on it or this context ends.
     *
     * @return a new child context
     */
    public Context withCancel() {
        return child(deadline);
    }

    /**
     * Returns a child that also ends after {@code timeout}.
     *
     * @param timeout time until the child's deadline
     * @return a new child context
     * @throws IllegalArgumentException if {@code timeout} is negative
     */
    public Context withTimeout(Duration timeout) {
        long nanos = Checks.timeoutNanos(timeout);
        Instant at;
        try {
            at = Instant.now().plus(timeout);
        } catch (ArithmeticException | java.time.DateTimeException tooFar) {
            at = Instant.MAX;
        }
        return withDeadline(at, nanos);
    }

    /**
     * Returns a child that also ends at {@code deadline}. If this context has an earlier deadline,
     * the child keeps that one, as in Go.
     *
     * @param deadline the wall-clock time at which the child ends
     * @return a new child context
     */
    public Context withDeadline(Instant deadline) {
        Objects.requireNonNull(deadline, "deadline is null");
        long nanos;
        Instant now = Instant.now();
        if (!deadline.isAfter(now)) {
            nanos = 0L;
        } else {
            try {
                nanos = Duration.between(now, deadline).toNanos();
            } catch (ArithmeticException tooFar) {
                nanos = Long.MAX_VALUE;
            }
        }
        return withDeadline(deadline, nanos);
    }

    private Context withDeadline(Instant at, long nanos) {
        Instant own = deadline;
        if (own != null && !own.isAfter(at)) {
            return child(own);
        }
        Context child = child(at);
        if (child.ended == null) {
            if (nanos == 0L) {
                child.end(new DeadlineExceededException(), null);
            } else {
                child.timer = SharedTimer.schedule(
                        () -> child.end(new DeadlineExceededException(), null), nanos);
                if (child.ended != null) {
                    cancelTimer(child);
                }
            }
        }
        return child;
    }

    private Context child(@Nullable Instant childDeadline) {
        Context child = new Context(this, childDeadline);
        if (this != BACKGROUND) {
            children.add(child);
            Ended parentEnded = ended;
            if (parentEnded != null) {
                child.end(parentEnded.err, parentEnded.cause);
            }
        }
        return child;
    }

    /**
     * Returns a channel that is closed when this context ends. A receive on it blocks until then,
     * and then returns {@code null} ({@code receiveOrNull}) for every receiver.
     *
     * @return the done channel; never closed for {@link #background()}
     */
    public ReceiveChannel<?> done() {
        return done;
    }

    /**
     * Cancels this context and its children with the cause {@link #err()} returns: a
     * {@link CancellationException} "context canceled". Does nothing if already ended.
     */
    public void cancel() {
        end(new CancellationException("context canceled"), null);
    }

    /**
     * Cancels this context and its children, recording {@code cause}, which {@link #cause()}
     * returns. Go's {@code context.WithCancelCause}. Does nothing if already ended.
     *
     * @param cause why the work was abandoned
     */
    public void cancel(Throwable cause) {
        Objects.requireNonNull(cause, "cause is null");
        end(new CancellationException("context canceled"), cause);
    }

    /** Cancels this context, so that try-with-resources is Go's {@code defer cancel()}. */
    @Override
    public void close() {
        cancel();
    }

    /** Ends this context and its children; the first call wins, later ones do nothing. */
    private void end(CancellationException why, @Nullable Throwable customCause) {
        if (this == BACKGROUND || !ENDED.compareAndSet(this, null, new Ended(why, customCause))) {
            return;
        }
        done.close();
        cancelTimer(this);
        for (Context child : children) {
            child.end(why, customCause);
        }
        children.clear();
        Context owner = parent;
        if (owner != null) {
            owner.children.remove(this);
        }
    }

    private static void cancelTimer(Context context) {
        ScheduledFuture<?> pending = context.timer;
        if (pending != null) {
            pending.cancel(false);
        }
    }

    /**
     * Returns whether this context has ended.
     *
     * @return {@code true} once cancelled or past its deadline
     */
    public boolean isDone() {
        return ended != null;
    }

    /**
     * Returns why the context ended: Go's {@code ctx.Err()}.
     *
     * @return {@code null} while running; a {@link DeadlineExceededException} after the deadline;
     *     otherwise a {@link CancellationException} "context canceled"
     */
    public @Nullable CancellationException err() {
        Ended current = ended;
        return current == null ? null : current.err;
    }

    /**
     * Returns the cause given to {@link #cancel(Throwable)} (on this context or the ancestor whose
     * cancellation reached it), or else {@link #err()}: Go's {@code context.Cause}.
     *
     * @return the cause, or {@code null} while running
     */
    public @Nullable Throwable cause() {
        Ended current = ended;
        if (current == null) {
            return null;
        }
        return current.cause != null ? current.cause : current.err;
    }

    /**
     * Returns the deadline, if this context or an ancestor has one.
     *
     * @return the deadline
     */
    public Optional<Instant> deadline() {
        return Optional.ofNullable(deadline);
    }

    /**
     * Throws {@link #err()} if the context has ended; a check for loops that do not block.
     *
     * @throws CancellationException if the context has ended
     */
    public void throwIfDone() {
        Ended current = ended;
        if (current != null) {
            CancellationException copy = new CancellationException(current.err.getMessage());
            copy.initCause(current.cause != null ? current.cause : current.err);
            throw copy;
        }
    }

    @Override
    public String toString() {
        if (this == BACKGROUND) {
            return "context.Background";
        }
        Ended current = ended;
        return "Context(" + (current == null ? "running" : current.err.getMessage())
                + (deadline == null ? "" : ", deadline " + deadline) + ")";
    }

    /** How a context ended: the error {@link #err()} reports and the custom cause, if any. */
    private static final class Ended {

        final CancellationException err;
        final @Nullable Throwable cause;

        Ended(CancellationException err, @Nullable Throwable cause) {
            this.err = err;
            this.cause = cause;
        }
    }

    /** Go's {@code context.DeadlineExceeded}: the context's deadline passed. */
    public static final class DeadlineExceededException extends CancellationException {

        private static final long serialVersionUID = 1L;

        /** Creates the exception with the message "context deadline exceeded". */
        public DeadlineExceededException() {
            super("context deadline exceeded");
        }
    }
}
