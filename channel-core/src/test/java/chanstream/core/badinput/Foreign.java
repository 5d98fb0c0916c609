package chanstream.core.badinput;

import chanstream.core.ReceiveChannel;
import chanstream.core.SelectClause;
import chanstream.core.SendChannel;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Implementations of the channel interfaces that chanstream did not create. The API must reject
 * them up front, by type, without calling any of their methods: each method throws.
 */
final class Foreign {

    private Foreign() {
    }

    /** A {@link SelectClause} written by a user. */
    static final class Clause implements SelectClause<String> {
    }

    /** A {@link ReceiveChannel} written by a user. */
    static final class Receiver<T> implements ReceiveChannel<T> {

        @Override
        public T receive() {
            throw called();
        }

        @Override
        public @Nullable T receiveOrNull() {
            throw called();
        }

        @Override
        public @Nullable T tryReceive() {
            throw called();
        }

        @Override
        public CompletableFuture<T> receiveAsync() {
            throw called();
        }

        @Override
        public void forEach(Consumer<? super T> action) {
            throw called();
        }

        @Override
        public void cancel() {
            throw called();
        }

        @Override
        public boolean isClosedForReceive() {
            throw called();
        }

        @Override
        public int size() {
            throw called();
        }

        @Override
        public int capacity() {
            throw called();
        }

        @Override
        public <R> SelectClause<R> onReceive(Function<? super T, ? extends R> then) {
            throw called();
        }

        @Override
        public <R> SelectClause<R> onReceiveOrNull(
                Function<? super @Nullable T, ? extends R> then) {
            throw called();
        }

        @Override
        public String toString() {
            return "foreign receive channel";
        }
    }

    /** A {@link SendChannel} written by a user. */
    static final class Sender implements SendChannel<String> {

        @Override
        public void send(String element) {
            throw called();
        }

        @Override
        public boolean trySend(String element) {
            throw called();
        }

        @Override
        public boolean send(String element, Duration timeout) {
            throw called();
        }

        @Override
        public CompletableFuture<Void> sendAsync(String element) {
            throw called();
        }

        @Override
        public void close() {
            throw called();
        }

        @Override
        public void close(Throwable cause) {
            throw called();
        }

        @Override
        public boolean isClosedForSend() {
            throw called();
        }

        @Override
        public <R> SelectClause<R> onSend(String element, Supplier<? extends R> then) {
            throw called();
        }

        @Override
        public String toString() {
            return "foreign send channel";
        }
    }

    private static UnsupportedOperationException called() {
        return new UnsupportedOperationException(
                "chanstream called a method of a foreign channel instead of rejecting it");
    }
}
