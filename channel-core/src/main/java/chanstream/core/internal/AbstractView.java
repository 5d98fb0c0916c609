package chanstream.core.internal;

import chanstream.core.ChannelClosedException;
import chanstream.core.ReceiveChannel;
import chanstream.core.SelectClause;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A receive channel made of other channels (or-done, or, merge). A subclass defines its arms;
 * every receive operation then runs as a select over them, so a view needs no thread and works
 * in select clauses, in the bridges and as another view's done channel.
 *
 * @param <T> the element type
 */
abstract class AbstractView<T> implements ReceiveChannel<T>, ReceiveSource {

    private static final Object EMPTY = new Object();

    @Override
    public T receive() throws InterruptedException {
        return Selector.select(List.of(new Clause.Receive<T>(this, this::elementOrThrow)), true);
    }

    @Override
    public @Nullable T receiveOrNull() throws InterruptedException {
        return Selector.select(List.of(new Clause.Receive<@Nullable T>(this, this::elementOrNull)),
                true);
    }

    @Override
    @SuppressWarnings("unchecked")
    public @Nullable T tryReceive() {
        Object raw;
        try {
            raw = Selector.select(List.of(new Clause.Receive<>(this, Completion.IDENTITY),
                    new Clause.Default<>(() -> EMPTY)), true);
        } catch (InterruptedException impossible) {
            Thread.currentThread().interrupt();
            return null;
        }
        return raw == EMPTY || raw instanceof Closed ? null : (T) raw;
    }

    @Override
    public CompletableFuture<T> receiveAsync() {
        return SelectFuture.start(new Clause.Receive<T>(this, this::elementOrThrow));
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
    public <R extends @Nullable Object> SelectClause<R> onReceive(Function<? super T,
            ? extends R> then) {
        Objects.requireNonNull(then, "then is null");
        return new Clause.Receive<>(this, raw -> then.apply(elementOrThrow(raw)));
    }

    // NullAway 0.14.3 does not let a "? super @Nullable T" parameter accept a nullable argument.
    @SuppressWarnings("NullAway")
    @Override
    public <R extends @Nullable Object> SelectClause<R> onReceiveOrNull(
            Function<? super @Nullable T, ? extends R> then) {
        Objects.requireNonNull(then, "then is null");
        return new Clause.Receive<>(this, raw -> then.apply(elementOrNull(raw)));
    }

    @SuppressWarnings("unchecked")
    private T elementOrThrow(Object raw) {
        if (raw instanceof Closed) {
            throw closedException((Closed) raw);
        }
        return (T) raw;
    }

    @SuppressWarnings("unchecked")
    private @Nullable T elementOrNull(Object raw) {
        if (raw instanceof Closed) {
            Closed closed = (Closed) raw;
            if (closed.cause != null) {
                throw closedException(closed);
            }
            return null;
        }
        return (T) raw;
    }

    private ChannelClosedException closedException(Closed closed) {
        return closed.forReceive(this);
    }

    /** Returns {@code channel} as a {@link ReceiveSource}, or rejects a foreign implementation. */
    static ReceiveSource source(ReceiveChannel<?> channel, String parameter) {
        return Checks.receiveSource(channel, parameter);
    }
}
