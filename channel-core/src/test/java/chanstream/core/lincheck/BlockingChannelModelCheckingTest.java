package chanstream.core.lincheck;

import chanstream.core.Channel;
import chanstream.core.ChannelClosedException;
import chanstream.core.Select;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.jetbrains.lincheck.Lincheck;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Model checks the blocking operations, which park their thread with {@code LockSupport}.
 *
 * <p>Lincheck 3.7 verifies blocking operations against a sequential specification only when
 * they are Kotlin suspending functions; a parked Java thread that no other thread wakes is
 * reported as a hang. So these tests use Lincheck's general-purpose model checker
 * ({@link Lincheck#runConcurrentTest}) on small scenarios: it runs each scenario under many
 * interleavings, and the scenario checks that its outcome is one that a linearizable channel
 * allows. A lost wake-up shows as "the execution has hung", an element lost or duplicated as a
 * failed check.
 *
 * <p>Every scenario is built so that no thread can wait forever in a correct channel: each
 * waiting operation has a partner, or a close or cancel ends it. Checks inside a scenario throw
 * plain {@link AssertionError}s, because Lincheck intercepts the calls inside the scenario and
 * AssertJ's assertion objects reject the {@code equals} calls it makes.
 *
 * <p>No scenario here relies on a timeout, or on an interrupt reaching a waiter that no other
 * thread wakes: a waiter first spins for a bounded number of rounds before it parks (hundreds by
 * default, set by the system property {@code chanstream.spins}), and Lincheck's default loop
 * bound (50 iterations without progress) reports that bounded spin as a livelock when no other
 * thread can run. The randomised stress test covers timeouts and interrupts.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class BlockingChannelModelCheckingTest {

    /**
     * Interleavings per scenario in the default run. Each took 20-200 ms on this project's
     * loaded 2-core machine with Lincheck 3.7, an observation rather than a bound.
     */
    private static final int INVOCATIONS = 15;

    /** Interleavings per scenario in the run tagged "stress". */
    private static final int LONG_INVOCATIONS = 2000;

    private static final int UNLIMITED = Integer.MAX_VALUE;

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new AssertionError(message);
        }
    }

    private static Thread start(Runnable task) {
        Thread thread = new Thread(task);
        thread.start();
        return thread;
    }

    private static void join(Thread thread) {
        try {
            thread.join();
        } catch (InterruptedException unexpected) {
            throw new AssertionError(unexpected);
        }
    }

    /** Sends {@code element}; returns "sent", "closed" or "interrupted". */
    private static String send(Channel<Integer> channel, int element) {
        try {
            channel.send(element);
            return "sent";
        } catch (ChannelClosedException closed) {
            return "closed";
        } catch (InterruptedException interrupted) {
            return "interrupted";
        }
    }

    /** Receives; returns the element, "closed" or "interrupted". */
    private static Object receive(Channel<Integer> channel) {
        try {
            return channel.receive();
        } catch (ChannelClosedException closed) {
            return "closed";
        } catch (InterruptedException interrupted) {
            return "interrupted";
        }
    }

    private static List<Integer> drain(Channel<Integer> channel) {
        List<Integer> drained = new ArrayList<>();
        Integer element;
        while ((element = channel.tryReceive()) != null) {
            drained.add(element);
        }
        return drained;
    }

    private static Channel<Integer> channel(int capacity,
            @Nullable ConcurrentLinkedQueue<Integer> undelivered) {
        if (undelivered == null) {
            return Channel.<Integer>builder().capacity(capacity).build();
        }
        return Channel.<Integer>builder()
                .capacity(capacity)
                .onUndelivered(undelivered::add)
                .build();
    }

    /** Fills a bounded buffer with zeros, so that the next send waits. */
    private static int fill(Channel<Integer> channel, int capacity) {
        int filled = capacity == UNLIMITED ? 0 : capacity;
        for (int i = 0; i < filled; i++) {
            check(channel.trySend(0), "prefill failed");
        }
        return filled;
    }

    private static Runnable sendsAndReceivesPairUpInOrderScenario(int capacity) {
        return () -> {
            Channel<Integer> channel = channel(capacity, null);
            AtomicReference<String> sends = new AtomicReference<>();
            Thread sender = start(() -> sends.set(send(channel, 1) + "," + send(channel, 2)));
            Object first = receive(channel);
            Object second = receive(channel);
            join(sender);
            check(Integer.valueOf(1).equals(first), "first receive got " + first);
            check(Integer.valueOf(2).equals(second), "second receive got " + second);
            check("sent,sent".equals(sends.get()), "sends returned " + sends.get());
        };
    }

    private static Runnable closeRacingWaitingSendLosesNothingScenario(int capacity) {
        return () -> {
            Channel<Integer> channel = channel(capacity, null);
            int filled = fill(channel, capacity);
            AtomicReference<String> sendOutcome = new AtomicReference<>();
            AtomicReference<Object> receiveOutcome = new AtomicReference<>();
            Thread sender = start(() -> sendOutcome.set(send(channel, 1)));
            Thread receiver = start(() -> receiveOutcome.set(receive(channel)));
            channel.close();
            join(sender);
            join(receiver);

            List<Object> received = new ArrayList<>();
            received.add(receiveOutcome.get());
            received.addAll(drain(channel));
            received.remove("closed");
            long ones = received.stream().filter(Integer.valueOf(1)::equals).count();
            long zeros = received.stream().filter(Integer.valueOf(0)::equals).count();
            check(channel.isClosedForReceive(), "channel not drained: " + received);
            check(zeros == filled, "prefilled " + filled + " zeros, received " + received);
            if ("sent".equals(sendOutcome.get())) {
                check(ones == 1, "send succeeded, but received " + received);
            } else {
                check("closed".equals(sendOutcome.get()), "send returned " + sendOutcome.get());
                check(ones == 0, "send failed, but received " + received);
            }
        };
    }

    private static Runnable cancelRacingWaitingSendDropsNothingSilentlyScenario(int capacity) {
        return () -> {
            ConcurrentLinkedQueue<Integer> undelivered = new ConcurrentLinkedQueue<>();
            Channel<Integer> channel = channel(capacity, undelivered);
            int filled = fill(channel, capacity);
            AtomicReference<String> sendOutcome = new AtomicReference<>();
            Thread sender = start(() -> sendOutcome.set(send(channel, 1)));
            channel.cancel();
            join(sender);

            List<Integer> dropped = new ArrayList<>(undelivered);
            long ones = dropped.stream().filter(Integer.valueOf(1)::equals).count();
            long zeros = dropped.stream().filter(Integer.valueOf(0)::equals).count();
            check(zeros == filled, "prefilled " + filled + " zeros, undelivered " + dropped);
            check(ones <= 1, "element 1 undelivered twice: " + dropped);
            if ("sent".equals(sendOutcome.get())) {
                check(capacity > 0, "unbuffered send succeeded with no receiver");
                check(ones == 1, "buffered element not passed to the handler: " + dropped);
            } else {
                check("closed".equals(sendOutcome.get()), "send returned " + sendOutcome.get());
            }
            check("closed".equals(receive(channel)), "receive after cancel did not fail");
        };
    }

    /**
     * Interrupts a receiver and then calls trySend. The trySend may still hand its element to the
     * receiver after the interrupt returned, because a waiter counts as waiting until it has run
     * again and withdrawn. The element is then received, never lost.
     */
    private static Runnable interruptedReceiverLosesNoElementScenario() {
        return () -> {
            Channel<Integer> channel = Channel.unbuffered();
            AtomicReference<Object> received = new AtomicReference<>();
            Thread receiver = start(() -> received.set(receive(channel)));
            if (!channel.isClosedForSend()) {
                receiver.interrupt();
            }
            boolean sent = channel.trySend(1);
            channel.close();
            join(receiver);
            Object outcome = received.get();
            if (sent) {
                check(Integer.valueOf(1).equals(outcome), "trySend succeeded, receiver got "
                        + outcome);
            } else {
                check("interrupted".equals(outcome) || "closed".equals(outcome),
                        "trySend failed, receiver got " + outcome);
            }
        };
    }

    private static Runnable selectsOnTwoUnbufferedChannelsPairExactlyOnceScenario() {
        return () -> {
            Channel<Integer> first = Channel.unbuffered();
            Channel<Integer> second = Channel.unbuffered();
            AtomicReference<String> sent = new AtomicReference<>();
            Thread sender = start(() -> {
                try {
                    sent.set(Select.select(first.onSend(1, () -> "first"),
                            second.onSend(2, () -> "second")));
                } catch (InterruptedException unexpected) {
                    sent.set("interrupted");
                }
            });
            String received;
            try {
                received = Select.select(first.onReceive(element -> "first:" + element),
                        second.onReceive(element -> "second:" + element));
            } catch (InterruptedException unexpected) {
                throw new AssertionError(unexpected);
            }
            join(sender);
            String expected = "first".equals(sent.get()) ? "first:1" : "second:2";
            check(expected.equals(received), "sender chose " + sent.get() + ", receiver got "
                    + received);
            check(first.tryReceive() == null && second.tryReceive() == null,
                    "an element was left behind");
        };
    }

    private static Runnable selectNeverPairsItsOwnSendWithItsOwnReceiveScenario(int capacity) {
        return () -> {
            Channel<Integer> channel = channel(capacity, null);
            AtomicReference<Object> selected = new AtomicReference<>();
            Thread selector = start(() -> {
                try {
                    selected.set(Select.select(channel.onSend(1, () -> "sent"),
                            channel.onReceive(element -> "received:" + element)));
                } catch (InterruptedException unexpected) {
                    selected.set("interrupted");
                }
            });
            Object partner;
            if (capacity == 0) {
                partner = receive(channel);
                join(selector);
                check("sent".equals(selected.get()), "select returned " + selected.get());
                check(Integer.valueOf(1).equals(partner), "partner received " + partner);
            } else {
                join(selector);
                check("sent".equals(selected.get()), "select returned " + selected.get());
                check(Integer.valueOf(1).equals(channel.tryReceive()), "element not buffered");
            }
        };
    }

    @ParameterizedTest(name = "capacity {0}")
    @ValueSource(ints = {0, 1, 2, UNLIMITED})
    void sendsAndReceivesPairUpInOrder(int capacity) {
        Lincheck.runConcurrentTest(INVOCATIONS, sendsAndReceivesPairUpInOrderScenario(capacity));
    }

    @ParameterizedTest(name = "capacity {0}")
    @ValueSource(ints = {0, 1, 2, UNLIMITED})
    void closeRacingWaitingSendLosesNothing(int capacity) {
        Lincheck.runConcurrentTest(INVOCATIONS,
                closeRacingWaitingSendLosesNothingScenario(capacity));
    }

    @ParameterizedTest(name = "capacity {0}")
    @ValueSource(ints = {0, 1, 2, UNLIMITED})
    void cancelRacingWaitingSendDropsNothingSilently(int capacity) {
        Lincheck.runConcurrentTest(INVOCATIONS,
                cancelRacingWaitingSendDropsNothingSilentlyScenario(capacity));
    }

    @Test
    void interruptedReceiverLosesNoElement() {
        Lincheck.runConcurrentTest(INVOCATIONS,
                interruptedReceiverLosesNoElementScenario());
    }

    @Test
    void selectsOnTwoUnbufferedChannelsPairExactlyOnce() {
        Lincheck.runConcurrentTest(INVOCATIONS,
                selectsOnTwoUnbufferedChannelsPairExactlyOnceScenario());
    }

    @ParameterizedTest(name = "capacity {0}")
    @ValueSource(ints = {0, 1})
    void selectNeverPairsItsOwnSendWithItsOwnReceive(int capacity) {
        Lincheck.runConcurrentTest(INVOCATIONS,
                selectNeverPairsItsOwnSendWithItsOwnReceiveScenario(capacity));
    }

    @Tag("stress")
    @ParameterizedTest(name = "capacity {0}")
    @ValueSource(ints = {0, 1, 2, UNLIMITED})
    void everyScenarioPassesLongModelChecking(int capacity) {
        Lincheck.runConcurrentTest(LONG_INVOCATIONS,
                sendsAndReceivesPairUpInOrderScenario(capacity));
        Lincheck.runConcurrentTest(LONG_INVOCATIONS,
                closeRacingWaitingSendLosesNothingScenario(capacity));
        Lincheck.runConcurrentTest(LONG_INVOCATIONS,
                cancelRacingWaitingSendDropsNothingSilentlyScenario(capacity));
        if (capacity <= 1) {
            Lincheck.runConcurrentTest(LONG_INVOCATIONS,
                    selectNeverPairsItsOwnSendWithItsOwnReceiveScenario(capacity));
        }
        if (capacity == 0) {
            Lincheck.runConcurrentTest(LONG_INVOCATIONS,
                    interruptedReceiverLosesNoElementScenario());
            Lincheck.runConcurrentTest(LONG_INVOCATIONS,
                    selectsOnTwoUnbufferedChannelsPairExactlyOnceScenario());
        }
    }
}
