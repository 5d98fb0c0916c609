package chanstream.core;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The sending side of a channel.
 *
 * <p><b>Blocking.</b> On an unbuffered channel {@link #send} returns once a receiver has taken
 * the element (a rendezvous). On a buffered channel with {@link Overflow#BLOCK} it waits only
 * while the buffer is full; with {@link Overflow#DROP_OLDEST} or {@link Overflow#DROP_LATEST}
 * it never waits. Elements from one sender are received in the order they were sent.
 *
 * <p><b>Closing.</b> {@link #close()} is Go's {@code close(ch)}: new sends fail with
 * {@link ChannelClosedException}, and receivers first drain what is buffered. The sender owns
 * the close: closing while other threads may still send makes those sends fail.
 *
 * <p><b>Threading.</b> Every method may be called from any thread. Blocking methods park the
 * calling thread, which on JDK 21+ unmounts a virtual thread rather than pinning its carrier.
 *
 * @param <T> the element type; {@code null} is never a valid element
 */
public interface SendChannel<T> {

    /**
     * Sends an element, waiting as long as the channel needs.
     *
     * @param element the element to send
     * @throws NullPointerException if {@code element} is {@code null}
     * @throws ChannelClosedException if the channel is closed, or is closed while this call waits;
     *     the element was then not delivered
     * @throws InterruptedException if the thread is interrupted on entry or while waiting; the
     *     element was then not delivered and never will be
     */
    void send(T element) throws InterruptedException;

    /**
     * Sends an element if that is possible without waiting.
     *
     * <p>On an unbuffered channel this succeeds only when a receiver is already waiting.
     * Not linearizable with respect to a waiting receiver that is being interrupted at the same
     * moment: such a receiver counts as waiting until its withdrawal completes.
     *
     * @param element the element to send
     * @return {@code true} if the element was delivered or buffered, {@code false} if it would have
     *     had to wait (the element was then not sent)
     * @throws NullPointerException if {@code element} is {@code null}
     * @throws ChannelClosedException if the channel is closed (Go panics there too)
     */
    boolean trySend(T element);

    /**
     * Sends an element, waiting at most {@code timeout}.
     *
     * @param element the element to send
     * @param timeout the longest time to wait; zero means do not wait
     * @return {@code true} if sent, {@code false} if the time ran out; the element then never
     *     appears in the channel
     * @throws NullPointerException if {@code element} or {@code timeout} is {@code null}
     * @throws IllegalArgumentException if {@code timeout} is negative
     * @throws ChannelClosedException if the channel is closed before the element is sent
     * @throws InterruptedException if the thread is interrupted on entry or while waiting
     */
    boolean send(T element, Duration timeout) throws InterruptedException;

    /**
     * Sends an element without blocking the caller; the future completes when the element has
     * been delivered or buffered.
     *
     * <p>Cancelling the future (or completing it from outside, as {@code orTimeout} does) before it
     * completes withdraws the send: the element is then never delivered. If the send has already
     * committed, {@code cancel} returns {@code false} and the future completes normally.
     *
     * @param element the element to send
     * @return a future completed when the send commits, or completed exceptionally with
     *     {@link ChannelClosedException} if the channel is or becomes closed first
     * @throws NullPointerException if {@code element} is {@code null}
     */
    CompletableFuture<Void> sendAsync(T element);

    /**
     * Closes the channel for sending: Go's {@code close(ch)}. Receivers drain what is buffered
     * and then see the channel closed. Waiting and later senders fail with
     * {@link ChannelClosedException}. Closing an already closed channel does nothing, so the first
     * close wins.
     */
    void close();

    /**
     * Closes the channel with a cause. Like {@link #close()}, except that once drained, receives
     * throw {@link ChannelClosedException} whose {@linkplain Throwable#getCause() cause} is
     * {@code cause} itself. Does nothing if the channel is already closed.
     *
     * @param cause the reason the stream ended, for example a producer's failure
     * @throws NullPointerException if {@code cause} is {@code null}
     */
    void close(Throwable cause);

    /**
     * Returns whether the channel is closed, so that a send would fail.
     *
     * @return {@code true} once {@link #close()}, {@link #close(Throwable)} or
     *     {@link ReceiveChannel#cancel()} took effect
     */
    boolean isClosedForSend();

    /**
     * Returns a select clause that sends {@code element}; when the select chooses it, the
     * element has been delivered or buffered and {@code then} computes the select's result.
     * When the channel is closed, a select that reaches this clause throws
     * {@link ChannelClosedException} (Go panics there too).
     *
     * @param element the element to send
     * @param then computes the select's result after the send
     * @param <R> the select's result type
     * @return the clause
     * @throws NullPointerException if an argument is {@code null}
     */
    <R extends @Nullable Object> SelectClause<R> onSend(T element, Supplier<? extends R> then);
}
