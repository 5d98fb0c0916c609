package chanstream.tck;

import chanstream.core.Channel;
import chanstream.core.ChannelClosedException;
import chanstream.core.ReceiveChannel;
import chanstream.core.Tasks;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * Channels fed by producer tasks, for the publisher verifications, and their cleanup
 * after each test.
 *
 * <p>A producer sends {@code 0, 1, ..., elements - 1} and then closes the channel. It
 * sends lazily: each send blocks until a receiver takes the element (unbuffered) or until
 * the buffer has room, so a stream of {@link Integer#MAX_VALUE} or {@link Long#MAX_VALUE}
 * elements, as rule 3.17's test requests, costs no memory.
 *
 * <p>Cancelling a subscription does not close its channel, so a producer whose subscriber
 * cancelled stays blocked in {@code send}. {@link #stopAll()} cancels every channel,
 * which wakes such a producer with {@link ChannelClosedException}, and waits for it to
 * end.
 */
final class Producers {

    /** How long {@link #stopAll()} waits for a woken producer to end. */
    private static final long STOP_TIMEOUT_MILLIS = 10_000L;

    private final ConcurrentLinkedQueue<Channel<Long>> channels = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Thread> producers = new ConcurrentLinkedQueue<>();

    /**
     * Creates a channel of {@code capacity} and starts a task that sends {@code elements}
     * values into it and then closes it.
     */
    ReceiveChannel<Long> start(int capacity, long elements) {
        Channel<Long> channel = Channel.<Long>builder()
                .capacity(capacity)
                .name("tck-producer-" + elements)
                .build();
        channels.add(channel);
        if (elements == 0) {
            channel.close();
            return channel;
        }
        producers.add(Tasks.start("tck-producer", () -> produce(channel, elements)));
        return channel;
    }

    /** Creates a channel of {@code capacity} that is already closed with a cause. */
    ReceiveChannel<Long> failed(int capacity) {
        Channel<Long> channel = Channel.<Long>builder()
                .capacity(capacity)
                .name("tck-failed")
                .build();
        channel.close(new IllegalStateException("channel closed with a cause by the TCK setup"));
        channels.add(channel);
        return channel;
    }

    /**
     * Cancels every channel created since the last call and waits for their producers to
     * end.
     *
     * @throws AssertionError if a producer is still blocked after its channel was
     *     cancelled
     */
    void stopAll() throws InterruptedException {
        Channel<Long> channel;
        while ((channel = channels.poll()) != null) {
            channel.cancel();
        }
        List<Thread> stuck = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STOP_TIMEOUT_MILLIS);
        Thread producer;
        while ((producer = producers.poll()) != null) {
            long remainingMillis = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            producer.join(Math.max(remainingMillis, 1L));
            if (producer.isAlive()) {
                stuck.add(producer);
            }
        }
        if (!stuck.isEmpty()) {
            throw new AssertionError(stuck.size() + " producer task(s) still running "
                    + STOP_TIMEOUT_MILLIS + " ms after their channels were cancelled, but "
                    + "cancel() must wake every blocked sender: " + stuck);
        }
    }

    private static void produce(Channel<Long> channel, long elements) {
        try {
            for (long i = 0; i < elements; i++) {
                channel.send(i);
            }
            channel.close();
        } catch (ChannelClosedException cancelled) {
            // stopAll() cancelled the channel: the test no longer wants elements.
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
