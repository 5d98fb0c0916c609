package chanstream.core.internal;

import chanstream.core.ReceiveChannel;
import chanstream.core.SelectClause;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The receive side of a channel whose send side is private, such as the channel fed by a
 * publisher: callers cannot cast it back to a {@code SendChannel}.
 *
 * @param <T> the element type
 */
final class ReceiveOnlyChannel<T> implements ReceiveChannel<T>, ReceiveSource {

    private final ChannelImpl<T> channel;

    ReceiveOnlyChannel(ChannelImpl<T> channel) {
        this.channel = channel;
    }

    /** Returns the channel behind {@code channel} if it is a receive-only view, else itself. */
    static Object unwrap(ReceiveChannel<?> channel) {
        return channel instanceof ReceiveOnlyChannel
                ? ((ReceiveOnlyChannel<?>) channel).channel : channel;
    }

    @Override
    public T receive() throws InterruptedException {
        return channel.receive();
    }

    @Override
    public @Nullable T receiveOrNull() throws InterruptedException {
        return channel.receiveOrNull();
    }

    @Override
    public @Nullable T tryReceive() {
        return channel.tryReceive();
    }

    @Override
    public CompletableFuture<T> receiveAsync() {
        return channel.receiveAsync();
    }

    @Override
    public void forEach(Consumer<? super T> action) throws InterruptedException {
        channel.forEach(action);
    }

    @Override
    public void cancel() {
        channel.cancel();
    }

    @Override
    public boolean isClosedForReceive() {
        return channel.isClosedForReceive();
    }

    @Override
    public int size() {
        return channel.size();
    }

    @Override
    public int capacity() {
        return channel.capacity();
    }

    @Override
    public <R extends @Nullable Object> SelectClause<R> onReceive(Function<? super T,
            ? extends R> then) {
        return channel.onReceive(then);
    }

    @Override
    public <R extends @Nullable Object> SelectClause<R> onReceiveOrNull(
            Function<? super @Nullable T, ? extends R> then) {
        return channel.onReceiveOrNull(then);
    }

    @Override
    public void addReceiveArms(ArmCollector arms, Completion completion) {
        channel.addReceiveArms(arms, completion);
    }

    @Override
    public void addWatchArms(ArmCollector arms, Completion completion) {
        channel.addWatchArms(arms, completion);
    }

    @Override
    public String toString() {
        return channel.toString();
    }
}
