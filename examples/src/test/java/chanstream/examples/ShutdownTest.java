package chanstream.examples;

import static org.assertj.core.api.Assertions.assertThat;

import chanstream.core.Channel;
import chanstream.core.ReactiveChannels;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.reactivestreams.FlowAdapters;

/**
 * Runs the shutdown example's server on 127.0.0.1 and talks to it with the JDK's HTTP client.
 * The test follows the server's log lines to know when a request has arrived.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ShutdownTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private final OutputCapture log = new OutputCapture();
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(WAIT)
            .build();
    private CompletableFuture<Integer> exitStatus;
    private URI base;

    @BeforeEach
    void startServer() throws Exception {
        exitStatus = runServer(log, "--interval", "20ms", "--grace", "20s");
        String listening = log.awaitLine(line -> line.startsWith("listening on "), WAIT);
        base = URI.create(listening.substring("listening on ".length()));
        assertThat(base.getHost()).isEqualTo("127.0.0.1");
        assertThat(base.getPort()).isPositive();
    }

    @AfterEach
    void stopServer() throws Exception {
        if (!exitStatus.isDone()) {
            client.send(post("/shutdown", HttpRequest.BodyPublishers.noBody()),
                    HttpResponse.BodyHandlers.discarding());
        }
        exitStatus.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    @Test
    void shutdownDrainsStreamsAndWork() throws Exception {
        HttpResponse<Stream<String>> events = client.send(get("/events"),
                HttpResponse.BodyHandlers.ofLines());
        assertThat(events.statusCode()).isEqualTo(200);
        assertThat(events.headers().firstValue("content-type")).hasValue("text/event-stream");
        Iterator<String> eventLines = events.body().iterator();
        assertThat(nextLineStartingWith(eventLines, "data: ")).contains("\"seq\":1");

        // An upload that stays in flight until the test closes the channel of its body. The
        // channel keeps each chunk until the client requests it.
        Channel<ByteBuffer> upload = Channel.buffered(4);
        Flow.Publisher<ByteBuffer> body = FlowAdapters.toFlowPublisher(
                ReactiveChannels.toPublisher(upload));
        CompletableFuture<HttpResponse<String>> work = client.sendAsync(
                post("/work", HttpRequest.BodyPublishers.fromPublisher(body)),
                HttpResponse.BodyHandlers.ofString());
        upload.send(bytes("first line\n"));
        log.awaitLine(line -> line.equals("work 1 started"), WAIT);

        HttpResponse<String> shutdown = client.send(post("/shutdown",
                HttpRequest.BodyPublishers.noBody()), HttpResponse.BodyHandlers.ofString());
        assertThat(shutdown.statusCode()).isEqualTo(202);
        log.awaitLine(line -> line.startsWith("shutdown: POST /shutdown;"), WAIT);

        HttpResponse<String> refused = client.send(get("/events"),
                HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.body()).isEqualTo("shutting down\n");

        List<String> rest = new ArrayList<>();
        eventLines.forEachRemaining(rest::add);
        assertThat(rest).as("the end of the open stream")
                .containsSubsequence("event: shutdown", "data: server is shutting down");
        assertThat(work).as("work still in flight").isNotDone();

        upload.send(bytes("second line\n"));
        upload.close();
        HttpResponse<String> done = work.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(done.statusCode()).isEqualTo(200);
        assertThat(done.body()).isEqualTo("processed 2 lines, 23 bytes\n");

        assertThat(exitStatus.get(WAIT.toSeconds(), TimeUnit.SECONDS)).as(log.text()).isZero();
        // The stream may end before or after main logs the shutdown: the two race.
        assertThat(log.lines()).contains("stream 1 ended by the shutdown");
        assertThat(log.lines()).containsSubsequence(
                "stream 1 opened",
                "work 1 started",
                "shutdown: POST /shutdown; new requests get 503, open streams end",
                "work 1 finished",
                "shutdown: every stream and work request has finished",
                "shutdown: server closed; tasks left: 0");
    }

    @Test
    void clientThatLeavesStopsItsProducer() throws Exception {
        HttpResponse<Stream<String>> events = client.send(get("/events"),
                HttpResponse.BodyHandlers.ofLines());
        Iterator<String> eventLines = events.body().iterator();
        nextLineStartingWith(eventLines, "data: ");

        events.body().close();

        log.awaitLine(line -> line.equals("stream 1 closed by the client"), WAIT);
        client.send(post("/shutdown", HttpRequest.BodyPublishers.noBody()),
                HttpResponse.BodyHandlers.discarding());
        assertThat(exitStatus.get(WAIT.toSeconds(), TimeUnit.SECONDS)).as(log.text()).isZero();
        assertThat(log.lines()).last().isEqualTo("shutdown: server closed; tasks left: 0");
    }

    @Test
    void graceRunningOutEndsTheWorkInFlight() throws Exception {
        OutputCapture shortLog = new OutputCapture();
        CompletableFuture<Integer> shortExit =
                runServer(shortLog, "--interval", "20ms", "--grace", "200ms");
        String listening = shortLog.awaitLine(line -> line.startsWith("listening on "), WAIT);
        URI shortBase = URI.create(listening.substring("listening on ".length()));
        // An upload that never ends: the client keeps the request open.
        Channel<ByteBuffer> upload = Channel.buffered(4);
        Flow.Publisher<ByteBuffer> body = FlowAdapters.toFlowPublisher(
                ReactiveChannels.toPublisher(upload));
        client.sendAsync(HttpRequest.newBuilder(shortBase.resolve("/work"))
                        .POST(HttpRequest.BodyPublishers.fromPublisher(body)).build(),
                HttpResponse.BodyHandlers.discarding());
        try {
            upload.send(bytes("first line\n"));
            shortLog.awaitLine(line -> line.equals("work 1 started"), WAIT);

            client.send(HttpRequest.newBuilder(shortBase.resolve("/shutdown"))
                            .POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.discarding());

            assertThat(shortExit.get(WAIT.toSeconds(), TimeUnit.SECONDS)).as(shortLog.text())
                    .isEqualTo(1);
            assertThat(shortLog.lines()).as(shortLog.text())
                    .anyMatch(line -> line.startsWith("shutdown: 1 requests still in flight after"))
                    .contains("work 1 finished")
                    .last().isEqualTo("shutdown: server closed; tasks left: 0");
        } finally {
            upload.cancel();
        }
    }

    @Test
    void unknownPathIsNotFound() throws Exception {
        HttpResponse<String> response = client.send(get("/nowhere"),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).startsWith("not found: GET /nowhere;");
    }

    /**
     * Runs the example on a thread of its own. The common pool that
     * {@code CompletableFuture.supplyAsync} uses may have a single thread, which a second
     * server would wait for.
     */
    private static CompletableFuture<Integer> runServer(OutputCapture out, String... args) {
        CompletableFuture<Integer> status = new CompletableFuture<>();
        Thread server = new Thread(() -> {
            try {
                status.complete(Shutdown.run(out.stream(), args));
            } catch (Throwable failure) {
                status.completeExceptionally(failure);
            }
        }, "shutdown-example");
        server.setDaemon(true);
        server.start();
        return status;
    }

    private HttpRequest get(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(WAIT).GET().build();
    }

    private HttpRequest post(String path, HttpRequest.BodyPublisher body) {
        return HttpRequest.newBuilder(base.resolve(path)).POST(body).build();
    }

    private static ByteBuffer bytes(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String nextLineStartingWith(Iterator<String> lines, String prefix) {
        while (lines.hasNext()) {
            String line = lines.next();
            if (line.startsWith(prefix)) {
                return line;
            }
        }
        throw new AssertionError("the stream ended before a line starting with '" + prefix + "'");
    }
}
