package chanstream.core;

import static org.assertj.core.api.Assertions.assertThat;

import chanstream.core.internal.ChannelProbe;
import chanstream.core.testing.Await;
import chanstream.core.testing.ThreadKind;
import chanstream.core.testing.Workers;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A stop signal shared by 100 receivers. Sending one value wakes exactly one of them and leaves
 * the other 99 parked. Closing the channel wakes all of them, and every later receive reports
 * closed at once. So a stop channel shared by several watchers must be closed, never sent to.
 */
@Timeout(120)
class SingleStopValueWakesOneReceiverTest {

    private static final int RECEIVERS = 100;

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void oneValueWakesOnlyOneReceiver(ThreadKind threads) throws Exception {
        Channel<String> stop = Channel.unbuffered();
        Channel<String> jobs = Channel.unbuffered();
        Queue<String> outcomes = new ConcurrentLinkedQueue<>();
        AtomicInteger finished = new AtomicInteger();

        try (Workers receivers = Workers.start(threads, "receiver", RECEIVERS, i -> {
            outcomes.add(Select.select(
                    stop.onReceiveOrNull(v -> v == null ? "closed" : "value " + v),
                    jobs.onReceive(job -> "job " + job)));
            finished.incrementAndGet();
        })) {
            ChannelProbe.awaitReceivers(stop, RECEIVERS);
            ChannelProbe.awaitReceivers(jobs, RECEIVERS);

            stop.send("stop");

            Await.until(() -> "one receiver finished, " + finished + " did",
                    () -> finished.get() >= 1);
            assertThat(outcomes).containsExactly("value stop");
            assertThat(ChannelProbe.queues(stop).receivers()).as("receivers still waiting on stop")
                    .isEqualTo(RECEIVERS - 1);
            ChannelProbe.awaitReceivers(jobs, RECEIVERS - 1);
            assertThat(finished).as("receivers the value woke").hasValue(1);

            stop.close();
            receivers.join();
        }

        assertThat(finished).hasValue(RECEIVERS);
        assertThat(outcomes).filteredOn("closed"::equals).hasSize(RECEIVERS - 1);
        assertThat(ChannelProbe.queues(stop)).isEqualTo(ChannelProbe.Queues.EMPTY);
        assertThat(ChannelProbe.queues(jobs)).isEqualTo(ChannelProbe.Queues.EMPTY);
        for (int attempt = 0; attempt < 1_000; attempt++) {
            assertThat(stop.receiveOrNull()).as("receive number %d after close", attempt).isNull();
        }
    }

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void closeWakesEveryReceiver(ThreadKind threads) throws Exception {
        Channel<String> stop = Channel.unbuffered();
        Channel<String> jobs = Channel.unbuffered();
        AtomicInteger closedSeen = new AtomicInteger();

        try (Workers receivers = Workers.start(threads, "receiver", RECEIVERS, i -> {
            String outcome = Select.select(stop.onReceiveOrNull(v -> v == null ? "closed" : v),
                    jobs.onReceive(job -> "job"));
            if (outcome.equals("closed")) {
                closedSeen.incrementAndGet();
            }
        })) {
            ChannelProbe.awaitReceivers(stop, RECEIVERS);

            stop.close();
            receivers.join();
        }

        assertThat(closedSeen).hasValue(RECEIVERS);
        assertThat(ChannelProbe.queues(jobs)).isEqualTo(ChannelProbe.Queues.EMPTY);
        assertThat(stop.isClosedForReceive()).isTrue();
        assertThat(stop.tryReceive()).isNull();
        assertThat(stop.receiveAsync()).isCompletedExceptionally();
    }
}
