package chanstream.core;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The receiving side of a channel.
 *
 * <p>Every element is received at most once, by one receiver. After the channel is closed,
 * receivers first drain the buffered elements; then {@link #receive()} throws
 * {@link ChannelClosedException} and {@link #receiveOrNull()} returns {@code null} (Go's
 * {@code v, ok := <-ch} with {@code ok == false}), or throws with the close cause if there is
 * one.
 *
 * <p><b>Interruption.</b> A blocking receive on an interrupted thread throws
 * {@link InterruptedException} at once, as {@code BlockingQueue.take} does. An interrupted
 * receive leaves the channel as if it had never started: it consumes nothing.
 *
 * <p><b>Threading.</b> Every method may be called from any thread.
 *
 * @param <T> the element type
 */
public interface ReceiveChannel<T> {

    /**
     * Receives an element, waiting until one is available.
     *
     * @return the element
     * @throws ChannelClosedException if the channel is closed and drained; its cause is the close
     *     cause, if any
     * @throws InterruptedException if the thread is interrupted on entry or while waiting
     */
    T receive() throws InterruptedException;

    /**
     * Receives an element, or returns {@code null} once the channel is closed and drained.
     *
     * @return the element, or {@code null} if the channel was closed without a cause
     * @throws ChannelClosedException if the channel was closed with a cause, which is this
     *     exception's cause
     * @throws InterruptedException if the thread is interrupted on entry or while waiting
     */
    @Nullable T receiveOrNull() throws InterruptedException;

    /**
     * Receives an element if one is ready, without waiting.
     *
     * @return the element, or {@code null} if none is ready; {@link #isClosedForReceive()} then
     *     tells a closed channel from an empty one
     */
    @Nullable T tryReceive();

    /**
     * Receives an element without blocking the caller.
     *
     * <p>Cancelling the future (or completing it from outside) before it completes withdraws the
     * receive: it then consumes nothing. If the receive has already committed, {@code cancel}
     * returns {@code false} and the future completes with the element.
     *
     * @return a future completed with the element, or exceptionally with
     *     {@link ChannelClosedException} once the channel is closed and drained
     */
    CompletableFuture<T> receiveAsync();

    /**
     * Receives every element until the channel is closed and drained: Go's
     * {@code for v := range ch}.
     *
     * @param action called with each element, on the calling thread
     * @throws ChannelClosedException if the channel was closed with a cause, after all buffered
     *     elements were passed to {@code action}
     * @throws InterruptedException if the thread is interrupted while waiting
     */
    void forEach(Consumer<? super T> action) throws InterruptedException;

    /**
     * Gives up receiving: closes the channel if it is open, discards the buffered elements and
     * wakes every waiting sender and receiver with {@link ChannelClosedException}. Each discarded
     * element, and the element of each sender woken this way, goes to the channel's
     * {@linkplain ChannelBuilder#onUndelivered undelivered handler}. On a channel already closed
     * with a cause, the cause is kept.
     */
    void cancel();

    /**
     * Returns whether the channel is closed and drained, so that a receive would fail.
     *
     * @return {@code true} once no element can be received any more
     */
    boolean isClosedForReceive();

    /**
     * Returns the number of buffered elements: Go's {@code len(ch)}. A snapshot under concurrency.
     *
     * @return the number of buffered elements
     */
    int size();

    /**
     * Returns the buffer capacity: Go's {@code cap(ch)}. {@link Integer#MAX_VALUE} for an unlimited
     * channel, {@code 0} for an unbuffered one.
     *
     * @return the capacity
     */
    int capacity();

    /**
     * Returns a select clause that receives an element and maps it with {@code then}. When the
     * channel is closed and drained, the clause is ready and a select that chooses it throws
     * {@link ChannelClosedException} naming the channel.
     *
     * @param then computes the select's result from the element
     * @param <R> the select's result type
     * @return the clause
     */
    <R extends @Nullable Object> SelectClause<R> onReceive(Function<? super T, ? extends R> then);

    /**
     * Returns a select clause that receives an element, or {@code null} once the channel is closed
     * and drained, and maps it with {@code then}. If the channel was closed with a cause, a select
     * that chooses this clause throws {@link ChannelClosedException} with that cause.
     *
     * @param then computes the select's result from the element or {@code null}
     * @param <R> the select's result type
     * @return the clause
     */
    <R extends @Nullable Object> SelectClause<R> onReceiveOrNull(Function<? super @Nullable T,
            ? extends R> then);
}
