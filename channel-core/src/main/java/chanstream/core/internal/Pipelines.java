package chanstream.core.internal;

import chanstream.core.Overflow;
import chanstream.core.ReceiveChannel;
import chanstream.core.Tasks;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The pipeline patterns that need a task of their own (generator, repeat, take, tee, bridge,
 * stage). Each task owns its output channels: it closes them when it ends, with the cause if it
 * failed or its input failed. Every blocking step also watches the done channel, so a task ends,
 * and leaks nothing, once done fires. A consumer that cancels an output ends the task too: its
 * next send finds the output closed.
 */
public final class Pipelines {

    private static final Object STOP = new Object();

    private Pipelines() {
    }

    /** The body of a pipeline task; may block, and ends by returning or throwing. */
    @FunctionalInterface
    private interface Body {
        void run() throws Exception;
    }

    private static <T> ChannelImpl<T> output(String name) {
        return new ChannelImpl<>(0, Overflow.BLOCK, null, name);
    }

    /** Starts {@code body} as a task that closes {@code outputs} when it ends. */
    private static void run(String name, List<? extends ChannelImpl<?>> outputs, Body body) {
        Tasks.start(name, () -> {
            Throwable failure = null;
            try {
                body.run();
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            } catch (Throwable thrown) {
                failure = thrown;
            }
            for (ChannelImpl<?> output : outputs) {
                if (failure != null) {
                    output.close(failure);
                } else {
                    output.close();
                }
            }
        });
    }

    /**
     * Receives from {@code source} unless done fires first.
     *
     * @return the element, a {@link Closed} outcome, or {@link #STOP}
     */
    private static Object receiveOrDone(ReceiveSource done, ReceiveSource source)
            throws InterruptedException {
        return Selector.select(List.of(new Clause.Receive<>(done, raw -> STOP),
                new Clause.Receive<>(source, Completion.IDENTITY)), true);
    }

    /** Sends unless done fires first; {@code false} if done fired or the output was cancelled. */
    private static boolean sendOrDone(ReceiveSource done, ChannelImpl<?> output, Object element)
            throws InterruptedException {
        Object outcome = Selector.select(List.of(new Clause.Receive<>(done, raw -> STOP),
                new Clause.Send<>(output, element, Completion.IDENTITY)), true);
        return outcome == Arm.SENT;
    }

    /** Throws the source's close cause, if it has one; the task then closes its outputs with it. */
    private static void rethrowCause(Closed closed) throws Exception {
        Throwable cause = closed.cause;
        if (cause instanceof Exception) {
            throw (Exception) cause;
        }
        if (cause instanceof Error) {
            throw (Error) cause;
        }
        if (cause != null) {
            throw new IllegalStateException(cause);
        }
    }

    public static <T> ReceiveChannel<T> generator(ReceiveChannel<?> done,
            Iterable<? extends T> values) {
        ReceiveSource doneSource = AbstractView.source(done, "done");
        Objects.requireNonNull(values, "values is null");
        ChannelImpl<T> out = output("generator");
        run("chanstream-generator", List.of(out), () -> {
            for (T value : values) {
                if (!sendOrDone(doneSource, out, Objects.requireNonNull(value,
                        "values contain null"))) {
                    return;
                }
            }
        });
        return out;
    }

    public static <T> ReceiveChannel<T> repeat(ReceiveChannel<?> done, List<? extends T> values) {
        ReceiveSource doneSource = AbstractView.source(done, "done");
        if (values.isEmpty()) {
            throw new IllegalArgumentException("repeat needs at least one value, was given none");
        }
        for (T value : values) {
            Objects.requireNonNull(value, "values contain null");
        }
        ChannelImpl<T> out = output("repeat");
        run("chanstream-repeat", List.of(out), () -> {
            for (;;) {
                for (T value : values) {
                    if (!sendOrDone(doneSource, out, value)) {
                        return;
                    }
                }
            }
        });
        return out;
    }

    public static <T> ReceiveChannel<T> repeatFn(ReceiveChannel<?> done,
            Supplier<? extends T> supplier) {
        ReceiveSource doneSource = AbstractView.source(done, "done");
        Objects.requireNonNull(supplier, "supplier is null");
        ChannelImpl<T> out = output("repeatFn");
        run("chanstream-repeatFn", List.of(out), () -> {
            for (;;) {
                T value = Objects.requireNonNull(supplier.get(), "supplier returned null");
                if (!sendOrDone(doneSource, out, value)) {
                    return;
                }
            }
        });
        return out;
    }

    @SuppressWarnings("unchecked")
    public static <T> ReceiveChannel<T> take(ReceiveChannel<?> done,
            ReceiveChannel<? extends T> source, long count) {
        ReceiveSource doneSource = AbstractView.source(done, "done");
        ReceiveSource sourceSource = AbstractView.source(source, "source");
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0, was " + count);
        }
        ChannelImpl<T> out = output("take(" + count + ")");
        run("chanstream-take", List.of(out), () -> {
            for (long taken = 0; taken < count; taken++) {
                Object received = receiveOrDone(doneSource, sourceSource);
                if (received == STOP) {
                    return;
                }
                if (received instanceof Closed) {
                    rethrowCause((Closed) received);
                    return;
                }
                if (!sendOrDone(doneSource, out, received)) {
                    return;
                }
            }
        });
        return out;
    }

    public static <T, R> List<ReceiveChannel<R>> stages(ReceiveChannel<?> done,
            ReceiveChannel<? extends T> source, int workers,
            Function<? super T, ? extends R> function) {
        ReceiveSource doneSource = AbstractView.source(done, "done");
        ReceiveSource sourceSource = AbstractView.source(source, "source");
        Objects.requireNonNull(function, "function is null");
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be >= 1, was " + workers);
        }
        List<ReceiveChannel<R>> outputs = new ArrayList<>(workers);
        for (int i = 0; i < workers; i++) {
            ChannelImpl<R> out = output(workers == 1 ? "stage" : "stage[" + i + "]");
            outputs.add(out);
            run("chanstream-stage-" + i, List.of(out), () -> {
                for (;;) {
                    Object received = receiveOrDone(doneSource, sourceSource);
                    if (received == STOP) {
                        return;
                    }
                    if (received instanceof Closed) {
                        rethrowCause((Closed) received);
                        return;
                    }
                    @SuppressWarnings("unchecked")
                    T element = (T) received;
                    R result = Objects.requireNonNull(function.apply(element),
                            "stage function returned null");
                    if (!sendOrDone(doneSource, out, result)) {
                        return;
                    }
                }
            });
        }
        return outputs;
    }

    public static <T> List<ReceiveChannel<T>> tee(ReceiveChannel<?> done,
            ReceiveChannel<? extends T> source,
            int count) {
        ReceiveSource doneSource = AbstractView.source(done, "done");
        ReceiveSource sourceSource = AbstractView.source(source, "source");
        if (count < 1) {
            throw new IllegalArgumentException("count must be >= 1, was " + count);
        }
        List<ChannelImpl<T>> outputs = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            outputs.add(output("tee[" + i + "]"));
        }
        run("chanstream-tee", outputs, () -> {
            boolean[] cancelled = new boolean[count];
            int live = count;
            while (live > 0) {
                Object received = receiveOrDone(doneSource, sourceSource);
                if (received == STOP) {
                    return;
                }
                if (received instanceof Closed) {
                    rethrowCause((Closed) received);
                    return;
                }
                live = sendToAll(doneSource, outputs, cancelled, received);
                if (live < 0) {
                    return;
                }
            }
        });
        return new ArrayList<>(outputs);
    }

    /**
     * Sends {@code element} to every output not yet cancelled, to whichever is ready first, as Go's
     * tee does with a select over both outputs.
     *
     * @return the number of outputs still open, or -1 if done fired
     */
    private static int sendToAll(ReceiveSource done, List<? extends ChannelImpl<?>> outputs,
            boolean[] cancelled, Object element) throws InterruptedException {
        boolean[] pending = new boolean[outputs.size()];
        int waiting = 0;
        for (int i = 0; i < pending.length; i++) {
            pending[i] = !cancelled[i];
            if (pending[i]) {
                waiting++;
            }
        }
        while (waiting > 0) {
            List<Clause<Object>> clauses = new ArrayList<>(waiting + 1);
            clauses.add(new Clause.Receive<>(done, raw -> STOP));
            for (int i = 0; i < pending.length; i++) {
                if (pending[i]) {
                    int index = i;
                    clauses.add(new Clause.Send<>(outputs.get(i), element,
                            raw -> raw == Arm.SENT ? index : -1 - index));
                }
            }
            Object outcome = Selector.select(clauses, false);
            if (outcome == STOP) {
                return -1;
            }
            int index = (Integer) outcome;
            if (index < 0) {
                index = -1 - index;
                cancelled[index] = true;
            }
            pending[index] = false;
            waiting--;
        }
        int live = 0;
        for (boolean isCancelled : cancelled) {
            if (!isCancelled) {
                live++;
            }
        }
        return live;
    }

    public static <T> ReceiveChannel<T> bridge(ReceiveChannel<?> done,
            ReceiveChannel<? extends ReceiveChannel<? extends T>> channels) {
        ReceiveSource doneSource = AbstractView.source(done, "done");
        ReceiveSource outerSource = AbstractView.source(channels, "channels");
        ChannelImpl<T> out = output("bridge");
        run("chanstream-bridge", List.of(out), () -> {
            for (;;) {
                Object next = receiveOrDone(doneSource, outerSource);
                if (next == STOP) {
                    return;
                }
                if (next instanceof Closed) {
                    rethrowCause((Closed) next);
                    return;
                }
                ReceiveSource inner = AbstractView.source((ReceiveChannel<?>) next,
                        "inner channel");
                for (;;) {
                    Object received = receiveOrDone(doneSource, inner);
                    if (received == STOP) {
                        return;
                    }
                    if (received instanceof Closed) {
                        rethrowCause((Closed) received);
                        break;
                    }
                    if (!sendOrDone(doneSource, out, received)) {
                        return;
                    }
                }
            }
        });
        return out;
    }

    /** Returns a lazy, single-pass view of {@code channel} as an iterator. */
    public static <T> Iterator<T> iterator(ReceiveChannel<T> channel) {
        return new ChannelIterator<>(channel);
    }

    private static final class ChannelIterator<T> implements Iterator<T> {

        private final ReceiveChannel<T> channel;
        private @Nullable T next;
        private boolean finished;

        ChannelIterator(ReceiveChannel<T> channel) {
            this.channel = channel;
        }

        @Override
        public boolean hasNext() {
            if (next != null) {
                return true;
            }
            if (finished) {
                return false;
            }
            NonBlockingThreads.rejectBlockingOn(channel);
            T received;
            try {
                received = channel.receiveOrNull();
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + channel,
                        interrupted);
            }
            if (received == null) {
                finished = true;
                return false;
            }
            next = received;
            return true;
        }

        @Override
        public T next() {
            if (!hasNext()) {
                throw new java.util.NoSuchElementException(channel + " is closed and drained");
            }
            T result = Objects.requireNonNull(next);
            next = null;
            return result;
        }
    }
}
