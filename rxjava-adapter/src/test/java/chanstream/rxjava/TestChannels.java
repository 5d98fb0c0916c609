package chanstream.rxjava;

import chanstream.core.Channel;
import chanstream.core.ReceiveChannel;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/** Channel factories and the parameter rows shared by the tests of this module. */
final class TestChannels {

    /** The capacity that stands for {@link Channel#unlimited()} in parameter rows. */
    static final int UNLIMITED = Integer.MAX_VALUE;

    private TestChannels() {
    }

    /** Returns every tested capacity: unbuffered, 1, a small buffer and unlimited. */
    static Stream<Integer> capacities() {
        return Stream.of(0, 1, 16, UNLIMITED);
    }

    /** Returns the tested capacities that buffer an element without a waiting receiver. */
    static Stream<Integer> bufferedCapacities() {
        return Stream.of(1, 16, UNLIMITED);
    }

    /** Returns the tested capacities whose channel can be full, so that a send waits. */
    static Stream<Integer> boundedCapacities() {
        return Stream.of(0, 1, 16);
    }

    /** Returns every tested capacity on every thread kind. */
    static Stream<Arguments> capacitiesAndThreadKinds() {
        return withThreadKinds(capacities());
    }

    /** Returns every bounded capacity on every thread kind. */
    static Stream<Arguments> boundedCapacitiesAndThreadKinds() {
        return withThreadKinds(boundedCapacities());
    }

    private static Stream<Arguments> withThreadKinds(Stream<Integer> capacities) {
        List<Arguments> rows = new ArrayList<>();
        capacities.forEach(capacity -> {
            for (ThreadKind kind : ThreadKind.values()) {
                rows.add(Arguments.of(capacity, kind));
            }
        });
        return rows.stream();
    }

    /** Returns every thread kind. */
    static Stream<ThreadKind> threadKinds() {
        return Stream.of(ThreadKind.values());
    }

    static <T> Channel<T> channel(int capacity) {
        return capacity == UNLIMITED ? Channel.unlimited() : Channel.buffered(capacity);
    }

    static <T> Channel<T> channel(int capacity, Consumer<? super T> onUndelivered) {
        return Channel.<T>builder().capacity(capacity).onUndelivered(onUndelivered).build();
    }

    /**
     * Reads the number of queued senders, receivers and close watchers of a channel
     * through the package-private test hook {@code ChannelImpl.queueLengths()}. A channel
     * returned by {@code toChannel} is a view: the hook is read on the channel behind it.
     */
    static int[] queueLengths(ReceiveChannel<?> channel) {
        Object target = channel;
        try {
            Class<?> impl = Class.forName("chanstream.core.internal.ChannelImpl");
            if (!impl.isInstance(target)) {
                Field inner = target.getClass().getDeclaredField("channel");
                inner.setAccessible(true);
                target = inner.get(target);
            }
            Method hook = impl.getDeclaredMethod("queueLengths");
            hook.setAccessible(true);
            return (int[]) hook.invoke(target);
        } catch (ReflectiveOperationException failure) {
            throw new AssertionError("cannot read ChannelImpl.queueLengths() of " + channel,
                    failure);
        }
    }
}
