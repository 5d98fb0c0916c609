package chanstream.core.internal;

import chanstream.core.ReceiveChannel;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;

/**
 * Fan-in without a thread: a receive takes the next element from whichever source has one,
 * starting the poll at a random source so that no source is favoured. A source that closes
 * without a cause drops out; the view reports closed once every source has closed. A source
 * closed with a cause closes the view with that cause at once. Cancelling the view cancels
 * every source.
 *
 * <p>The set of open sources is an immutable array replaced by compare-and-set; a select that
 * finds a source closed drops it and starts over ({@link Arm#RETRY}), which is safe because such
 * an arm consumed nothing.
 *
 * @param <T> the element type
 */
final class MergeChannel<T> extends AbstractView<T> {

    private static final VarHandle OPEN;

    static {
        try {
            OPEN = MethodHandles.lookup()
                    .findVarHandle(MergeChannel.class, "open", ReceiveChannel[].class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final ReceiveChannel<? extends T>[] all;

    private volatile ReceiveChannel<?>[] open;
    private volatile @Nullable Closed failure;

    @SafeVarargs
    MergeChannel(ReceiveChannel<? extends T>... sources) {
        if (sources.length == 0) {
            throw new IllegalArgumentException("merge needs at least one source, was given none");
        }
        this.all = sources.clone();
        for (int i = 0; i < sources.length; i++) {
            source(sources[i], "sources[" + i + "]");
        }
        this.open = all.clone();
    }

    @Override
    public void addReceiveArms(ArmCollector arms, Completion completion) {
        addArms(arms, completion, false);
    }

    @Override
    public void addWatchArms(ArmCollector arms, Completion completion) {
        addArms(arms, completion, true);
    }

    private void addArms(ArmCollector arms, Completion completion, boolean watch) {
        Closed failed = failure;
        if (failed != null) {
            arms.addReady(completion, failed);
            return;
        }
        ReceiveChannel<?>[] current = open;
        if (current.length == 0) {
            arms.addReady(completion, Closed.NO_CAUSE);
            return;
        }
        int start = current.length == 1 ? 0 : ThreadLocalRandom.current().nextInt(current.length);
        for (int k = 0; k < current.length; k++) {
            ReceiveChannel<?> channel = current[(start + k) % current.length];
            Completion onOutcome = raw -> {
                if (raw instanceof Closed) {
                    Closed closed = (Closed) raw;
                    if (closed.cause != null) {
                        failure = closed;
                        return completion.complete(closed);
                    }
                    drop(channel);
                    return Arm.RETRY;
                }
                return completion.complete(raw);
            };
            ReceiveSource source = (ReceiveSource) channel;
            if (watch) {
                source.addWatchArms(arms, onOutcome);
            } else {
                source.addReceiveArms(arms, onOutcome);
            }
        }
    }

    private void drop(ReceiveChannel<?> channel) {
        for (;;) {
            ReceiveChannel<?>[] current = open;
            int index = Arrays.asList(current).indexOf(channel);
            if (index < 0) {
                return;
            }
            ReceiveChannel<?>[] next = new ReceiveChannel<?>[current.length - 1];
            System.arraycopy(current, 0, next, 0, index);
            System.arraycopy(current, index + 1, next, index, current.length - index - 1);
            if (OPEN.compareAndSet(this, current, next)) {
                return;
            }
        }
    }

    @Override
    public void cancel() {
        for (ReceiveChannel<? extends T> source : all) {
            source.cancel();
        }
    }

    @Override
    public boolean isClosedForReceive() {
        if (failure != null) {
            return true;
        }
        for (ReceiveChannel<?> source : open) {
            if (!source.isClosedForReceive()) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int size() {
        long size = 0;
        for (ReceiveChannel<?> source : open) {
            size += source.size();
        }
        return (int) Math.min(Integer.MAX_VALUE, size);
    }

    @Override
    public int capacity() {
        return 0;
    }

    @Override
    public String toString() {
        return "merge" + Arrays.toString(all).replace('[', '(').replace(']', ')');
    }
}
