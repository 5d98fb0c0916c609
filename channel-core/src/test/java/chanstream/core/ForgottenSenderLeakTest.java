package chanstream.core;

import static org.assertj.core.api.Assertions.assertThat;

import chanstream.core.internal.ChannelProbe;
import chanstream.core.testing.Await;
import chanstream.core.testing.ThreadKind;
import chanstream.core.testing.Workers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A caller selects between a worker's result channel and a timeout, the timeout wins, and
 * no thread ever receives the result. With an unbuffered result channel the worker stays parked
 * on its send for good: one leaked thread per timeout, visible as a queued sender on the
 * channel. {@link Tasks#async} gives its result channel capacity 1, so its task ends anyway;
 * a worker whose send is a select against a done channel ends too.
 *
 * <p>The worker waits on a latch that the test opens after the caller timed out, in place of a
 * sleep longer than the timeout.
 */
@Timeout(120)
class ForgottenSenderLeakTest {

    private static final int CALLS = 20;

    private static final int STRESS_CALLS = 1_000;

    private static final Duration CALLER_TIMEOUT = Duration.ofMillis(10);

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void naiveWorkerLeaksParkedSender(ThreadKind threads) throws Exception {
        naiveWorkersLeak(threads, CALLS);
    }

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    @Tag("stress")
    @Timeout(1_200)
    void naiveWorkerLeaksParkedSenderUnderStress(ThreadKind threads) throws Exception {
        naiveWorkersLeak(threads, STRESS_CALLS);
    }

    private static void naiveWorkersLeak(ThreadKind threads, int calls) throws Exception {
        CountDownLatch callersTimedOut = new CountDownLatch(1);
        List<Channel<Integer>> results = new ArrayList<>();
        List<Workers> workers = new ArrayList<>();
        try {
            for (int call = 0; call < calls; call++) {
                Channel<Integer> result = Channel.unbuffered();
                results.add(result);
                int value = call;
                workers.add(Workers.startOne(threads, "worker-" + call, i -> {
                    callersTimedOut.await();
                    try {
                        result.send(value);
                    } catch (ChannelClosedException cleanedUp) {
                        // The test cancels the channel to end the leaked worker.
                    }
                }));

                String outcome = Select.select(result.onReceive(v -> "result"),
                        Select.onTimeout(CALLER_TIMEOUT, () -> "timeout"));
                assertThat(outcome).as("call %d", call).isEqualTo("timeout");
            }
            callersTimedOut.countDown();

            for (Channel<Integer> result : results) {
                ChannelProbe.awaitSenders(result, 1);
            }
            int alive = 0;
            for (Workers worker : workers) {
                Await.parked(worker.thread(0));
                alive += worker.thread(0).isAlive() ? 1 : 0;
            }
            assertThat(alive).as("workers still blocked on their result channel").isEqualTo(calls);
        } finally {
            for (Channel<Integer> result : results) {
                result.cancel();
            }
            for (Workers worker : workers) {
                worker.join();
            }
        }
        for (Channel<Integer> result : results) {
            assertThat(ChannelProbe.queues(result)).isEqualTo(ChannelProbe.Queues.EMPTY);
        }
    }

    @Test
    void asyncTaskEndsAfterCallerTimeout() throws Exception {
        asyncTasksEnd(CALLS);
    }

    @Test
    @Tag("stress")
    @Timeout(1_200)
    void asyncTaskEndsAfterCallerTimeoutUnderStress() throws Exception {
        asyncTasksEnd(STRESS_CALLS);
    }

    private static void asyncTasksEnd(int calls) throws Exception {
        Set<Thread> baseline = Tasks.running();
        CountDownLatch callersTimedOut = new CountDownLatch(1);
        List<ReceiveChannel<Integer>> results = new ArrayList<>();

        for (int call = 0; call < calls; call++) {
            int value = call;
            ReceiveChannel<Integer> result = Tasks.async(() -> {
                callersTimedOut.await();
                return value;
            });
            results.add(result);

            String outcome = Select.select(result.onReceive(v -> "result"),
                    Select.onTimeout(CALLER_TIMEOUT, () -> "timeout"));
            assertThat(outcome).as("call %d", call).isEqualTo("timeout");
        }
        Set<Thread> started = new HashSet<>(Tasks.running());
        started.removeAll(baseline);
        assertThat(started).as("tasks started by this test").hasSize(calls);
        callersTimedOut.countDown();

        for (Thread task : started) {
            Await.terminated(task);
        }

        assertThat(Tasks.running()).as("tasks left running").doesNotContainAnyElementsOf(started);
        for (int call = 0; call < calls; call++) {
            ReceiveChannel<Integer> result = results.get(call);
            assertThat(result.size()).as("result %d kept in the channel", call).isOne();
            assertThat(ChannelProbe.queues(result).senders()).isZero();
            assertThat(result.receive()).isEqualTo(call);
            assertThat(result.receiveOrNull()).isNull();
        }
    }

    @ParameterizedTest
    @EnumSource(ThreadKind.class)
    void workerSelectingAgainstDoneEnds(ThreadKind threads) throws Exception {
        Channel<Integer> result = Channel.unbuffered();
        Channel<Void> done = Channel.unbuffered();
        CountDownLatch callerTimedOut = new CountDownLatch(1);
        AtomicReference<String> workerOutcome = new AtomicReference<>();

        try (Workers worker = Workers.startOne(threads, "worker", i -> {
            callerTimedOut.await();
            workerOutcome.set(Select.select(result.onSend(42, () -> "delivered"),
                    done.onReceiveOrNull(v -> "abandoned")));
        })) {
            String outcome = Select.select(result.onReceive(v -> "result"),
                    Select.onTimeout(CALLER_TIMEOUT, () -> "timeout"));
            assertThat(outcome).isEqualTo("timeout");
            callerTimedOut.countDown();
            done.close();
            worker.join();
        }

        assertThat(workerOutcome.get()).isEqualTo("abandoned");
        assertThat(ChannelProbe.queues(result)).isEqualTo(ChannelProbe.Queues.EMPTY);
        assertThat(result.tryReceive()).isNull();
    }
}
