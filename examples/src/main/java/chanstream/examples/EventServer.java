package chanstream.examples;

import chanstream.core.Channel;
import chanstream.core.ChannelClosedException;
import chanstream.core.Channels;
import chanstream.core.ReceiveChannel;
import chanstream.core.Select;
import chanstream.core.Tasks;
import chanstream.core.WaitGroup;
import chanstream.reactor.ReactorChannels;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * The HTTP server of the {@link Shutdown} example, bound to 127.0.0.1 only.
 *
 * <ul>
 *   <li>{@code GET /events}: a stream of server-sent events. A task per stream sends a tick
 *       event into a channel every interval; the response is that channel bridged to a
 *       {@link Flux} and cut by {@link ReactorChannels#orDone}, so the stream ends cleanly, with
 *       a last {@code shutdown} event, once the done channel is closed.
 *   <li>{@code POST /work}: in-flight work. A blocking task counts the lines and bytes of the
 *       request body, which reaches it through {@code toChannel} with a buffer of 4 chunks, so
 *       a slow task slows the upload down. The work is not cancelled by shutdown: it completes.
 *   <li>{@code POST /shutdown}: starts the shutdown of the example.
 * </ul>
 *
 * <p>Once the done channel is closed every new request is rejected with 503 Service
 * Unavailable. {@link #awaitInFlight} waits for the streams and the work that were accepted
 * before.
 */
final class EventServer implements AutoCloseable {

    /** The chunks of a request body that may wait in the channel for the work task. */
    private static final int BODY_BUFFER_CHUNKS = 4;

    private final PrintStream log;
    private final Duration interval;
    private final ReceiveChannel<?> done;
    private final Runnable onShutdownRequest;
    private final WaitGroup inFlight = new WaitGroup();
    private final AtomicInteger streamIds = new AtomicInteger();
    private final AtomicInteger workIds = new AtomicInteger();
    /** The request bodies of the work in flight; cancelling one ends its counting task. */
    private final Set<ReceiveChannel<byte[]>> openBodies = ConcurrentHashMap.newKeySet();
    private final DisposableServer server;

    private EventServer(PrintStream log, int port, Duration interval, ReceiveChannel<?> done,
            Runnable onShutdownRequest) {
        this.log = log;
        this.interval = interval;
        this.done = done;
        this.onShutdownRequest = onShutdownRequest;
        this.server = HttpServer.create()
                .host("127.0.0.1")
                .port(port)
                .route(routes -> routes
                        .get("/events", this::events)
                        .post("/work", this::work)
                        .post("/shutdown", this::shutdown)
                        .route(request -> true, this::notFound))
                .bindNow(Duration.ofSeconds(10));
    }

    /**
     * Binds the server to 127.0.0.1.
     *
     * @param port the port; 0 picks a free one, see {@link #port()}
     * @param interval the time between two events of a stream
     * @param done closed when the server starts to shut down
     * @param onShutdownRequest called by {@code POST /shutdown}
     */
    static EventServer start(PrintStream log, int port, Duration interval, ReceiveChannel<?> done,
            Runnable onShutdownRequest) {
        return new EventServer(log, port, interval, done, onShutdownRequest);
    }

    int port() {
        return server.port();
    }

    /** Returns the number of accepted streams and work requests that have not finished. */
    /**
     * Cancels the request bodies of the work still in flight, which ends their counting tasks
     * and their requests. A shutdown calls it when its grace period runs out.
     *
     * @return how many were cancelled
     */
    int cancelWorkInFlight() {
        int cancelled = 0;
        for (ReceiveChannel<byte[]> body : openBodies) {
            body.cancel();
            cancelled++;
        }
        return cancelled;
    }

    int inFlight() {
        return inFlight.count();
    }

    /** Waits until every accepted stream and work request has finished. */
    boolean awaitInFlight(Duration timeout) throws InterruptedException {
        return inFlight.await(timeout);
    }

    /** Closes the listening socket and any connection left, waiting at most 10 seconds. */
    @Override
    public void close() {
        server.disposeNow(Duration.ofSeconds(10));
    }

    /**
     * Counts the request in, unless the server is shutting down. The count comes first, so
     * that a request that saw the server running is always waited for: the shutdown closes
     * {@code done} before it waits.
     */
    private boolean accept() {
        inFlight.add(1);
        if (done.isClosedForReceive()) {
            inFlight.done();
            return false;
        }
        return true;
    }

    private Publisher<Void> reject(HttpServerResponse response) {
        return response.status(HttpResponseStatus.SERVICE_UNAVAILABLE)
                .header("Connection", "close")
                .sendString(Mono.just("shutting down\n"));
    }

    private Publisher<Void> events(HttpServerRequest request, HttpServerResponse response) {
        if (!accept()) {
            return reject(response);
        }
        int id = streamIds.incrementAndGet();
        Channel<String> events =
                Channel.<String>builder().capacity(16).name("events-" + id).build();
        Tasks.start("events-" + id, () -> produceEvents(events));
        log.println("stream " + id + " opened");

        Flux<String> body = ReactorChannels.orDone(ReactorChannels.toFlux(events), done)
                .concatWith(Mono.just("event: shutdown\ndata: server is shutting down\n\n"))
                .doFinally(signal -> {
                    // A client that left cancels the flux; cancelling the channel stops the
                    // producer, whose next send fails.
                    events.cancel();
                    log.println("stream " + id + " " + streamEnd(signal));
                    inFlight.done();
                });
        return response.sse().sendString(body);
    }

    private static String streamEnd(SignalType signal) {
        switch (signal) {
            case CANCEL:
                return "closed by the client";
            case ON_COMPLETE:
                return "ended by the shutdown";
            default:
                return "failed";
        }
    }

    /** Sends a tick event every interval until done fires or the stream is cancelled. */
    private void produceEvents(Channel<String> events) {
        ReceiveChannel<Instant> ticks = Channels.tick(interval);
        try (events) {
            long sequence = 0;
            while (true) {
                Optional<Instant> tick = Select.select(
                        done.onReceiveOrNull(ignored -> Optional.<Instant>empty()),
                        ticks.onReceive(Optional::of));
                if (tick.isEmpty()) {
                    return;
                }
                Instant now = tick.get();
                sequence++;
                String event = "id: " + sequence + "\nevent: tick\ndata: {\"seq\":" + sequence
                        + ",\"time\":\"" + now + "\"}\n\n";
                boolean sent = Select.select(
                        done.onReceiveOrNull(ignored -> false),
                        events.onSend(event, () -> true));
                if (!sent) {
                    return;
                }
            }
        } catch (ChannelClosedException clientLeft) {
            // The response's doFinally cancelled the channel.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            ticks.cancel();
        }
    }

    private Publisher<Void> work(HttpServerRequest request, HttpServerResponse response) {
        if (!accept()) {
            return reject(response);
        }
        int id = workIds.incrementAndGet();
        log.println("work " + id + " started");
        ReceiveChannel<byte[]> chunks =
                ReactorChannels.toChannel(request.receive().asByteArray(), BODY_BUFFER_CHUNKS);
        openBodies.add(chunks);
        ReceiveChannel<String> result = Tasks.async(() -> countLines(chunks));
        Mono<String> reply = ReactorChannels.toFlux(result).next();
        return response.sendString(reply)
                .then()
                .doFinally(signal -> {
                    // After a complete body this changes nothing; after a dropped connection
                    // it ends the counting task, which would otherwise wait for more chunks.
                    openBodies.remove(chunks);
                    chunks.cancel();
                    log.println("work " + id + " finished");
                    inFlight.done();
                });
    }

    /** Blocks until the body has been read, and describes its size. */
    private static String countLines(ReceiveChannel<byte[]> chunks) throws InterruptedException {
        BodySize size = new BodySize();
        chunks.forEach(size::add);
        return "processed " + size.lines + " lines, " + size.bytes + " bytes\n";
    }

    private Publisher<Void> shutdown(HttpServerRequest request, HttpServerResponse response) {
        if (done.isClosedForReceive()) {
            return reject(response);
        }
        onShutdownRequest.run();
        return response.status(HttpResponseStatus.ACCEPTED)
                .sendString(Mono.just("shutting down\n"));
    }

    private Publisher<Void> notFound(HttpServerRequest request, HttpServerResponse response) {
        if (done.isClosedForReceive()) {
            return reject(response);
        }
        return response.status(HttpResponseStatus.NOT_FOUND)
                .sendString(Mono.just("not found: " + request.method() + " " + request.uri()
                        + "; try GET /events, POST /work, POST /shutdown\n"));
    }

    /** The size of a request body, counted chunk by chunk on one thread. */
    private static final class BodySize {

        long lines;
        long bytes;

        void add(byte[] chunk) {
            bytes += chunk.length;
            for (byte b : chunk) {
                if (b == '\n') {
                    lines++;
                }
            }
        }
    }
}
