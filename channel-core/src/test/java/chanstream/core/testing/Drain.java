package chanstream.core.testing;

import chanstream.core.ReceiveChannel;
import java.util.ArrayList;
import java.util.List;

/** Empties a channel without blocking, to check what it still holds. */
public final class Drain {

    private Drain() {
    }

    /**
     * Receives with {@link ReceiveChannel#tryReceive()} until it returns {@code null}.
     *
     * @param channel the channel to empty
     * @param <T> the element type
     * @return the elements received, in order
     */
    public static <T> List<T> remaining(ReceiveChannel<T> channel) {
        List<T> elements = new ArrayList<>();
        T element;
        while ((element = channel.tryReceive()) != null) {
            elements.add(element);
        }
        return elements;
    }
}
