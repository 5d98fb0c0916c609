package chanstream.core.lincheck;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A sequential model of a channel with {@code Overflow.BLOCK}, written as a dual data structure:
 * an operation that has to wait leaves a pending ticket in a queue, and a later operation of
 * a partner (or a close) settles it, as Scherer and Scott define dual data structures. The
 * model never blocks, so Lincheck can use it as the sequential specification.
 *
 * <p>Tickets belong to slots: slot 0 and slot 1 each hold at most one pending asynchronous
 * send or receive, and the owner of a slot settles it later, taking the outcome or withdrawing
 * the operation. Outcomes are strings, so that the model and the real channel report them in
 * the same words: {@code "sent"}, an element, {@code "closed"} or {@code "closed:" + cause}.
 */
final class ChannelModel {

    static final String SENT = "sent";
    static final String PENDING = "pending";
    static final String BUSY = "busy";
    static final String NONE = "none";
    static final String EMPTY = "empty";
    static final String WITHDRAWN = "withdrawn";
    static final String CAUSE = "boom";

    private static final int SLOTS = 2;

    private final int capacity;
    private final ArrayDeque<Integer> buffer = new ArrayDeque<>();
    private final ArrayDeque<Ticket> senders = new ArrayDeque<>();
    private final ArrayDeque<Ticket> receivers = new ArrayDeque<>();
    private final @Nullable Ticket[] slots = new Ticket[SLOTS];

    private boolean closed;
    private @Nullable String closeCause;

    ChannelModel(int capacity) {
        this.capacity = capacity;
    }

    /** One pending or settled asynchronous operation. */
    private static final class Ticket {

        final int element;
        @Nullable Object outcome;

        Ticket(int element) {
            this.element = element;
        }
    }

    static String closedOutcome(@Nullable String cause) {
        return cause == null ? "closed" : "closed:" + cause;
    }

    private String closedOutcome() {
        return closedOutcome(closeCause);
    }

    /** Returns {@code true}, {@code false} or the closed outcome, as {@code trySend} does. */
    Object trySend(int element) {
        if (closed) {
            return closedOutcome();
        }
        return offer(element);
    }

    private boolean offer(int element) {
        Ticket receiver = receivers.poll();
        if (receiver != null) {
            receiver.outcome = element;
            return true;
        }
        if (buffer.size() < capacity) {
            buffer.add(element);
            return true;
        }
        return false;
    }

    /** Returns an element, {@link #EMPTY} or the closed outcome, as {@code tryReceive} does. */
    Object tryReceive() {
        Integer element = poll();
        if (element != null) {
            return element;
        }
        return closed ? closedOutcome() : EMPTY;
    }

    private @Nullable Integer poll() {
        Integer element = buffer.poll();
        if (element != null) {
            Ticket sender = senders.poll();
            if (sender != null) {
                buffer.add(sender.element);
                sender.outcome = SENT;
            }
            return element;
        }
        Ticket sender = senders.poll();
        if (sender != null) {
            sender.outcome = SENT;
            return sender.element;
        }
        return null;
    }

    /**
     * Starts an asynchronous send in {@code slot}: it commits at once if it can, and otherwise
     * waits as a pending ticket. Returns {@link #PENDING} either way, because a caller cannot
     * tell an immediate commit from a partner's commit that completed the future before the call
     * returned; {@link #settle} reports the outcome.
     */
    Object sendAsync(int slot, int element) {
        if (slots[slot] != null) {
            return BUSY;
        }
        Ticket ticket = new Ticket(element);
        slots[slot] = ticket;
        if (closed) {
            ticket.outcome = closedOutcome();
        } else if (offer(element)) {
            ticket.outcome = SENT;
        } else {
            senders.add(ticket);
        }
        return PENDING;
    }

    /** Starts an asynchronous receive in {@code slot}; see {@link #sendAsync}. */
    Object receiveAsync(int slot) {
        if (slots[slot] != null) {
            return BUSY;
        }
        Ticket ticket = new Ticket(0);
        slots[slot] = ticket;
        Integer element = poll();
        if (element != null) {
            ticket.outcome = element;
        } else if (closed) {
            ticket.outcome = closedOutcome();
        } else {
            receivers.add(ticket);
        }
        return PENDING;
    }

    /** Takes the outcome of the slot's operation, or withdraws it if it is still pending. */
    Object settle(int slot) {
        Ticket ticket = slots[slot];
        if (ticket == null) {
            return NONE;
        }
        slots[slot] = null;
        if (ticket.outcome != null) {
            return ticket.outcome;
        }
        senders.remove(ticket);
        receivers.remove(ticket);
        return WITHDRAWN;
    }

    void close(@Nullable String cause) {
        if (closed) {
            return;
        }
        closed = true;
        closeCause = cause;
        settleAllClosed(senders);
        settleAllClosed(receivers);
    }

    private void settleAllClosed(ArrayDeque<Ticket> queue) {
        Ticket ticket;
        while ((ticket = queue.poll()) != null) {
            ticket.outcome = closedOutcome();
        }
    }

    /** Cancels the channel and returns the undelivered elements, sorted. */
    List<Integer> cancel() {
        List<Integer> undelivered = new ArrayList<>();
        if (!closed) {
            closed = true;
            closeCause = null;
        }
        Ticket sender;
        while ((sender = senders.poll()) != null) {
            sender.outcome = closedOutcome();
            undelivered.add(sender.element);
        }
        undelivered.addAll(buffer);
        buffer.clear();
        settleAllClosed(receivers);
        Collections.sort(undelivered);
        return undelivered;
    }

    boolean isClosedForSend() {
        return closed;
    }
}
