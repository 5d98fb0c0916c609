package chanstream.examples;

import chanstream.core.Channel;
import chanstream.core.Channels;
import chanstream.core.ReceiveChannel;
import chanstream.core.Select;
import chanstream.core.WaitGroup;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Two producers and two consumers that stop when a shared done channel is closed.
 *
 * <p>Each producer loops on a select between {@code done} and a send of its sound ("moo" on
 * {@code cows}, "oink" on {@code pigs}), once per {@code --interval}. Each consumer loops on a
 * select between {@code done} and a receive, and notices when its channel was closed.
 *
 * <p>The Go original starts the four goroutines and returns from main at once, so nobody prints
 * anything. This version runs until {@code --count} sounds were printed or {@code --duration}
 * passed, then closes {@code done} (try-with-resources, Go's {@code defer close(done)}), waits
 * for every task with a {@link WaitGroup}, and shows that no task is left.
 */
final class CowsAndPigs {

    static final String NAME = "cows-and-pigs";

    static final String DESCRIPTION =
            "producers and consumers that select on a done channel; closing it stops all four";

    private static final int DEFAULT_COUNT = 10;

    private static final Duration DEFAULT_DURATION = Duration.ofSeconds(2);

    private static final Duration DEFAULT_INTERVAL = Duration.ofMillis(20);

    /** How long main waits for the tasks to end once done is closed. */
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

    private CowsAndPigs() {
    }

    static int run(PrintStream out, String... args) throws InterruptedException {
        Options options;
        int count;
        Duration duration;
        Duration interval;
        try {
            options = Options.parse(args, Set.of("--count", "--duration", "--interval"), Set.of(),
                    false);
            count = options.intValue("--count", DEFAULT_COUNT, 1);
            duration = options.duration("--duration", DEFAULT_DURATION);
            interval = options.duration("--interval", DEFAULT_INTERVAL);
            if (interval.isZero()) {
                throw new UsageException("option --interval must be > 0");
            }
        } catch (UsageException e) {
            out.println(NAME + ": " + e.getMessage());
            printUsage(out);
            return 2;
        }
        if (options.helpRequested()) {
            printUsage(out);
            return 0;
        }

        StartedTasks started = new StartedTasks();
        Channel<String> cows = Channel.<String>builder().capacity(4).name("cows").build();
        Channel<String> pigs = Channel.<String>builder().capacity(4).name("pigs").build();
        Channel<Object> enough = Channel.builder().name("enough").build();
        AtomicInteger printed = new AtomicInteger();
        Runnable countSound = () -> {
            if (printed.incrementAndGet() == count) {
                enough.close();
            }
        };
        WaitGroup tasks = new WaitGroup();

        try (Channel<Object> done = Channel.builder().name("done").build()) {
            tasks.go(() -> produce(done, cows, "moo", interval));
            tasks.go(() -> produce(done, pigs, "oink", interval));
            tasks.go(() -> consume(done, cows, out, countSound));
            tasks.go(() -> consume(done, pigs, out, countSound));

            String reason = Select.select(
                    enough.onReceiveOrNull(ignored -> count + " sounds printed"),
                    Select.onTimeout(duration, () -> Options.format(duration) + " passed"));
            out.println("main: " + reason + "; closing done");
        }

        if (!tasks.await(STOP_TIMEOUT)) {
            out.println("main: " + tasks.count() + " tasks still running after "
                    + Options.format(STOP_TIMEOUT));
            return 1;
        }
        Set<Thread> left = started.awaitAllEnded(STOP_TIMEOUT);
        out.println("main: all 4 tasks returned; tasks left: " + left.size());
        return left.isEmpty() ? 0 : 1;
    }

    /**
     * Sends {@code sound} once per tick until done fires, then closes {@code animals}: the
     * producer owns its channel. Every wait is a select that also watches done.
     */
    private static void produce(ReceiveChannel<?> done, Channel<String> animals, String sound,
            Duration interval) {
        ReceiveChannel<Instant> ticks = Channels.tick(interval);
        try (animals) {
            boolean running = true;
            while (running) {
                running = Select.select(
                        done.onReceiveOrNull(ignored -> false),
                        ticks.onReceive(tick -> true));
                if (running) {
                    running = Select.select(
                            done.onReceiveOrNull(ignored -> false),
                            animals.onSend(sound, () -> true));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            ticks.cancel();
        }
    }

    /** Prints what arrives on {@code animals} until done fires or the channel is closed. */
    private static void consume(ReceiveChannel<?> done, ReceiveChannel<String> animals,
            PrintStream out, Runnable countSound) {
        try {
            boolean more = true;
            while (more) {
                more = Select.select(
                        done.onReceiveOrNull(ignored -> {
                            out.println(animals + " consumer: done, returning");
                            return false;
                        }),
                        animals.onReceiveOrNull(sound -> {
                            if (sound == null) {
                                // Go's "v, ok := <-ch" with ok == false. Looping on would spin,
                                // because a closed channel is always ready.
                                out.println(animals + " consumer: channel closed, returning");
                                return false;
                            }
                            out.println(sound);
                            countSound.run();
                            return true;
                        }));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void printUsage(PrintStream out) {
        out.println("usage: " + NAME + " [--count N] [--duration DURATION] [--interval DURATION]");
        out.println("  --count     stop after this many sounds were printed (default "
                + DEFAULT_COUNT + ")");
        out.println("  --duration  stop after this time at the latest (default "
                + Options.format(DEFAULT_DURATION) + ")");
        out.println("  --interval  how often each producer makes its sound (default "
                + Options.format(DEFAULT_INTERVAL) + ")");
    }
}
