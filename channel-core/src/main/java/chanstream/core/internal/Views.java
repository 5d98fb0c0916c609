package chanstream.core.internal;

import chanstream.core.ReceiveChannel;
import java.util.List;

/**
 * Factories of the thread-free views, for the public {@code Channels} class.
 */
public final class Views {

    private Views() {
    }

    public static <T> ReceiveChannel<T> orDone(ReceiveChannel<?> done, ReceiveChannel<T> source) {
        return new OrDoneChannel<>(done, source);
    }

    public static ReceiveChannel<?> or(ReceiveChannel<?>[] done) {
        return new OrChannel(done);
    }

    @SuppressWarnings("unchecked")
    public static <T> ReceiveChannel<T> merge(List<? extends ReceiveChannel<? extends T>> sources) {
        return new MergeChannel<T>(sources.toArray(new ReceiveChannel[0]));
    }
}
