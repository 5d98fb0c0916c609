package chanstream.examples;

import chanstream.core.ReceiveChannel;
import chanstream.reactor.ReactorChannels;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Flux;

/**
 * A fast {@link Flux} feeding a slow blocking consumer through {@code toChannel(flux, capacity)}:
 * backpressure is the buffer capacity.
 *
 * <p>The bridge requests {@code capacity} elements up front and more only as the consumer takes
 * elements, so the elements requested but not yet taken never exceed the capacity, however fast
 * the source could go. {@code doOnRequest} prints each request; each line of the consumer shows
 * how far demand runs ahead of it.
 */
final class FluxToChannel {

    static final String NAME = "flux-to-channel";

    static final String DESCRIPTION =
            "a fast Flux into a slow consumer via toChannel: demand never runs past the buffer";

    private static final int DEFAULT_COUNT = 20;

    private static final int DEFAULT_CAPACITY = 4;

    private static final Duration DEFAULT_DELAY = Duration.ofMillis(50);

    private FluxToChannel() {
    }

    static int run(PrintStream out, String... args) throws InterruptedException {
        Options options;
        int count;
        int capacity;
        Duration delay;
        try {
            options = Options.parse(args, Set.of("--count", "--capacity", "--delay"), Set.of(),
                    false);
            count = options.intValue("--count", DEFAULT_COUNT, 0);
            capacity = options.intValue("--capacity", DEFAULT_CAPACITY, 0);
            delay = options.duration("--delay", DEFAULT_DELAY);
        } catch (UsageException e) {
            out.println(NAME + ": " + e.getMessage());
            printUsage(out);
            return 2;
        }
        if (options.helpRequested()) {
            printUsage(out);
            return 0;
        }

        AtomicLong requested = new AtomicLong();
        AtomicLong taken = new AtomicLong();
        Flux<Integer> source = Flux.range(1, count)
                .doOnRequest(n -> out.printf("flux: request(%d), %d requested in all%n",
                        n, requested.addAndGet(n)));

        out.printf("toChannel(Flux.range(1, %d), capacity %d), consumer takes %s per element%n",
                count, capacity, Options.format(delay));
        ReceiveChannel<Integer> channel = ReactorChannels.toChannel(source, capacity);
        long limit = Math.max(capacity, 1);
        long maxAhead = 0;
        Integer element;
        while ((element = channel.receiveOrNull()) != null) {
            long takenSoFar = taken.incrementAndGet();
            long ahead = requested.get() - takenSoFar;
            maxAhead = Math.max(maxAhead, ahead);
            out.printf("consumer: took %d, buffered %d, requested but not taken %d (limit %d)%n",
                    element, channel.size(), ahead, limit);
            TimeUnit.NANOSECONDS.sleep(delay.toNanos());
        }

        out.printf("done: took %d elements; requested but not taken was at most %d, limit %d%n",
                taken.get(), maxAhead, limit);
        return maxAhead <= limit ? 0 : 1;
    }

    private static void printUsage(PrintStream out) {
        out.println("usage: " + NAME + " [--count N] [--capacity N] [--delay DURATION]");
        out.println("  --count     elements the Flux emits (default " + DEFAULT_COUNT + ")");
        out.println("  --capacity  the channel's buffer; 0 is unbuffered (default "
                + DEFAULT_CAPACITY + ")");
        out.println("  --delay     the consumer's work per element (default "
                + Options.format(DEFAULT_DELAY) + ")");
    }
}
