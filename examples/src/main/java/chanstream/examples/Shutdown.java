package chanstream.examples;

import chanstream.core.Channel;
import chanstream.core.ReceiveChannel;
import chanstream.core.Select;
import chanstream.core.SelectClause;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Graceful shutdown of a real HTTP server ({@link EventServer}, on 127.0.0.1) that streams
 * events from channels as server-sent events.
 *
 * <p>Main waits for a shutdown signal: Ctrl-C or SIGTERM (a shutdown hook), {@code POST
 * /shutdown}, or the {@code --timeout}. Then it closes the done channel, and:
 *
 * <ol>
 *   <li>new requests are rejected with 503;
 *   <li>open event streams end cleanly: their {@code orDone} view reports closed, the response
 *       sends a last {@code shutdown} event and completes, and each stream's producer task
 *       returns;
 *   <li>in-flight work ({@code POST /work}) completes and is answered;
 *   <li>the server closes, and the example checks that no task it started is left.
 * </ol>
 */
final class Shutdown {

    static final String NAME = "shutdown";

    static final String DESCRIPTION =
            "graceful shutdown of an HTTP server streaming channel events (SSE) on 127.0.0.1";

    private static final Duration DEFAULT_INTERVAL = Duration.ofMillis(500);

    private static final Duration DEFAULT_GRACE = Duration.ofSeconds(10);

    private Shutdown() {
    }

    static int run(PrintStream out, String... args) throws InterruptedException {
        Options options;
        int port;
        Duration interval;
        Duration timeout;
        Duration grace;
        try {
            options = Options.parse(args, Set.of("--port", "--interval", "--timeout", "--grace"),
                    Set.of(), false);
            port = options.intValue("--port", 0, 0);
            if (port > 65535) {
                throw new UsageException("option --port must be <= 65535, was " + port);
            }
            interval = options.duration("--interval", DEFAULT_INTERVAL);
            if (interval.isZero()) {
                throw new UsageException("option --interval must be > 0");
            }
            timeout = options.duration("--timeout", Duration.ZERO);
            grace = options.duration("--grace", DEFAULT_GRACE);
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
        Channel<Object> shutdownRequested = Channel.builder().name("shutdown-requested").build();
        Channel<Object> done = Channel.builder().name("done").build();
        // After Ctrl-C the hook holds the JVM until this block has drained and closed the server.
        try (ShutdownSignal signal = ShutdownSignal.install(grace.plusSeconds(15))) {
            boolean drained;
            try (EventServer server = EventServer.start(out, port, interval, done,
                    shutdownRequested::close)) {
                String base = "http://127.0.0.1:" + server.port();
                out.println("listening on " + base);
                out.println("  curl -N " + base + "/events            (stream events)");
                out.println("  curl -X POST --data-binary @FILE " + base
                        + "/work   (in-flight work)");
                out.println("  curl -X POST " + base + "/shutdown     (or press Ctrl-C)");

                String reason = Select.select(shutdownSignals(signal, shutdownRequested, timeout));

                done.close();
                out.println("shutdown: " + reason + "; new requests get 503, open streams end");
                drained = server.awaitInFlight(grace);
                if (drained) {
                    out.println("shutdown: every stream and work request has finished");
                } else {
                    out.println("shutdown: " + server.inFlight() + " requests still in flight"
                            + " after " + Options.format(grace) + "; closing them");
                    server.cancelWorkInFlight();
                }
            } finally {
                done.close();
            }
            int left = started.awaitAllEnded(Duration.ofSeconds(5)).size();
            out.println("shutdown: server closed; tasks left: " + left);
            return drained && left == 0 ? 0 : 1;
        }
    }

    /**
     * Returns one select clause per shutdown signal. The chosen clause returns a description
     * of its signal.
     */
    private static List<SelectClause<String>> shutdownSignals(ShutdownSignal signal,
            ReceiveChannel<?> shutdownRequested, Duration timeout) {
        List<SelectClause<String>> signals = new ArrayList<>();
        signals.add(signal.done().onReceiveOrNull(ignored -> "Ctrl-C or SIGTERM"));
        signals.add(shutdownRequested.onReceiveOrNull(ignored -> "POST /shutdown"));
        if (!timeout.isZero()) {
            signals.add(Select.onTimeout(timeout,
                    () -> "the timeout of " + Options.format(timeout) + " passed"));
        }
        return signals;
    }

    private static void printUsage(PrintStream out) {
        out.println("usage: " + NAME + " [--port N] [--interval DURATION] [--timeout DURATION]"
                + " [--grace DURATION]");
        out.println("  --port      the port on 127.0.0.1; 0 picks a free one (default 0)");
        out.println("  --interval  time between two events of a stream (default "
                + Options.format(DEFAULT_INTERVAL) + ")");
        out.println("  --timeout   shut down after this time (default: only on Ctrl-C or"
                + " POST /shutdown)");
        out.println("  --grace     how long the shutdown waits for in-flight requests (default "
                + Options.format(DEFAULT_GRACE) + ")");
    }
}
