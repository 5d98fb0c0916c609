package chanstream.core;

import static org.assertj.core.api.Assertions.assertThat;

import chanstream.core.testing.Await;
import chanstream.core.testing.Rounds;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Cancelling {@code receiveAsync()} on a view races the close of one merge source, which makes
 * the pending receive retry on the other source. A cancel that returns {@code true} leaves the
 * future cancelled and takes nothing. A cancel that returns {@code false} leaves the future to
 * complete with the outcome of the receive that committed, never cancelled and never pending.
 */
@Timeout(120)
class CancelRacesViewRetryTest {

    private static final long LIVENESS_SECONDS = Await.LIVENESS.toSeconds();

    private static final int ROUNDS = 20_000;

    /** The views under test, each built over the two merge sources. */
    enum View {
        MERGE((a, b) -> Channels.merge(a, b)),
        OR_DONE_OVER_MERGE((a, b) -> Channels.orDone(Channel.unbuffered(), Channels.merge(a, b))),
        MERGE_OF_MERGE((a, b) -> Channels.merge(Channels.merge(a), b));

        final BiFunction<Channel<Integer>, Channel<Integer>, ReceiveChannel<Integer>> build;

        View(BiFunction<Channel<Integer>, Channel<Integer>, ReceiveChannel<Integer>> build) {
            this.build = build;
        }
    }

    /**
     * In even rounds the closer also offers one element on {@code b} after closing {@code a}, so
     * that both outcomes of the cancel occur. Rounds alternate {@code cancel(false)} and
     * {@code cancel(true)}.
     */
    @ParameterizedTest
    @EnumSource(View.class)
    void cancelRacingSourceCloseTakesNothingOrCompletes(View view) throws Exception {
        ExecutorService closer = Executors.newSingleThreadExecutor();
        try {
            Rounds.run(ROUNDS, round -> runRound(view, closer, round));
        } finally {
            closer.shutdownNow();
            assertThat(closer.awaitTermination(LIVENESS_SECONDS, TimeUnit.SECONDS)).isTrue();
        }
    }

    private static void runRound(View view, ExecutorService closer, int round) throws Exception {
        Channel<Integer> a = Channel.unbuffered();
        Channel<Integer> b = Channel.unbuffered();
        ReceiveChannel<Integer> merged = view.build.apply(a, b);
        boolean offersElement = round % 2 == 0;
        boolean mayInterrupt = (round / 2) % 2 == 0;
        CompletableFuture<Integer> received = merged.receiveAsync();
        CountDownLatch go = new CountDownLatch(1);
        Future<CompletableFuture<Void>> closing = closer.submit(() -> {
            assertThat(go.await(LIVENESS_SECONDS, TimeUnit.SECONDS)).isTrue();
            a.close();
            return offersElement ? b.sendAsync(round) : null;
        });
        go.countDown();

        boolean cancelled = received.cancel(mayInterrupt);
        CompletableFuture<Void> sent = closing.get(LIVENESS_SECONDS, TimeUnit.SECONDS);

        if (cancelled) {
            assertThat(received.isCancelled()).as("cancelled after cancel() returned true")
                    .isTrue();
            if (sent != null) {
                assertThat(b.tryReceive()).as("element offered after the cancel").isEqualTo(round);
                assertThat(sent.get(LIVENESS_SECONDS, TimeUnit.SECONDS)).isNull();
            } else {
                assertThat(b.trySend(round)).as("a receiver on b after the cancel").isFalse();
            }
        } else {
            assertThat(received.isCancelled()).as("cancelled after cancel() returned false")
                    .isFalse();
            assertThat(received.get(LIVENESS_SECONDS, TimeUnit.SECONDS))
                    .as("element of the committed receive").isEqualTo(round);
            assertThat(sent).as("element offered on b").isNotNull();
        }
        b.close();
    }
}
