package chanstream.core.internal;

import org.jspecify.annotations.Nullable;

/**
 * One primitive operation that a select can commit: a receive, a send or a close watch on one
 * channel, or an outcome that is ready at once. A select clause expands into one or more arms:
 * a receive on a plain channel is one arm, a receive on an or-done view is an arm per channel
 * the view watches.
 */
public final class Arm {

    /** Takes an element, or reports the channel closed and drained. */
    public static final int RECEIVE = 0;

    /** Puts an element, or reports the channel closed. */
    public static final int SEND = 1;

    /** Takes nothing; ready once the channel is closed and drained. */
    public static final int WATCH = 2;

    /** Ready at once with a fixed outcome, for example a view that already reports closed. */
    public static final int READY = 3;

    /** The raw outcome of a committed send. */
    public static final Object SENT = new Object() {
        @Override
        public String toString() {
            return "SENT";
        }
    };

    /** Returned by a {@link Completion} to make the select start over. */
    public static final Object RETRY = new Object() {
        @Override
        public String toString() {
            return "RETRY";
        }
    };

    /** One of {@link #RECEIVE}, {@link #SEND}, {@link #WATCH}, {@link #READY}. */
    final int kind;

    /** The channel operated on; {@code null} for {@link #READY}. */
    final @Nullable ChannelImpl<?> channel;

    final Completion completion;

    Arm(int kind, @Nullable ChannelImpl<?> channel, Completion completion) {
        this.kind = kind;
        this.channel = channel;
        this.completion = completion;
    }

    String describe() {
        switch (kind) {
            case RECEIVE:
                return "receive on " + channel;
            case SEND:
                return "send on " + channel;
            case WATCH:
                return "close watch on " + channel;
            default:
                return "ready outcome";
        }
    }

    @Override
    public String toString() {
        return describe();
    }
}
