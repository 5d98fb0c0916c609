package chanstream.core.internal;

import chanstream.core.SelectClause;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The implementation of {@link SelectClause}: knows how to expand itself into arms for one
 * select attempt. Receive clauses on views expand afresh on every attempt, because a view's arms
 * depend on its state (a merged source that closed is no longer watched).
 *
 * @param <R> the select's result type
 */
public abstract class Clause<R extends @Nullable Object> implements SelectClause<R> {

    Clause() {
    }

    /** Adds this clause's arms to {@code arms}, without ending the clause. */
    abstract void expand(ArmCollector arms);

    /** A receive on any {@link ReceiveSource}. */
    public static final class Receive<R extends @Nullable Object> extends Clause<R> {

        private final ReceiveSource source;
        private final Completion completion;

        /** The arm of a receive on a plain channel, which never changes; null for views. */
        private final @Nullable Arm fixed;

        public Receive(ReceiveSource source, Completion completion) {
            this.source = source;
            this.completion = completion;
            this.fixed = source instanceof ChannelImpl
                    ? new Arm(Arm.RECEIVE, (ChannelImpl<?>) source, completion) : null;
        }

        @Override
        void expand(ArmCollector arms) {
            Arm arm = fixed;
            if (arm != null) {
                arms.add(arm, null);
            } else {
                source.addReceiveArms(arms, completion);
            }
        }
    }

    /** A send on a channel. */
    public static final class Send<R extends @Nullable Object> extends Clause<R> {

        private final Arm arm;
        private final Object element;

        public Send(ChannelImpl<?> channel, Object element, Completion completion) {
            this.arm = new Arm(Arm.SEND, channel, completion);
            this.element = element;
        }

        @Override
        void expand(ArmCollector arms) {
            arms.add(arm, element);
        }
    }

    /** Go's {@code default:} case. */
    public static final class Default<R extends @Nullable Object> extends Clause<R> {

        final Supplier<? extends R> then;

        public Default(Supplier<? extends R> then) {
            this.then = then;
        }

        @Override
        void expand(ArmCollector arms) {
            throw new IllegalStateException("a default clause has no arms");
        }
    }

    /** A timeout case: chosen when no other clause became ready in time. */
    public static final class Timeout<R extends @Nullable Object> extends Clause<R> {

        final long nanos;
        final Supplier<? extends R> then;

        public Timeout(long nanos, Supplier<? extends R> then) {
            this.nanos = nanos;
            this.then = then;
        }

        @Override
        void expand(ArmCollector arms) {
            throw new IllegalStateException("a timeout clause has no arms");
        }
    }

    /** A case that is never ready: Go's nil channel. */
    public static final class Never<R extends @Nullable Object> extends Clause<R> {

        @Override
        void expand(ArmCollector arms) {
            // No arm: the clause can never be chosen.
        }
    }
}
