package chanstream.core.patterns;

import static chanstream.core.patterns.PatternSupport.joined;
import static chanstream.core.patterns.PatternSupport.start;
import static chanstream.core.patterns.PatternSupport.threads;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chanstream.core.Context;
import chanstream.core.ReceiveChannel;
import chanstream.core.Select;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link Context}: cancellation, deadlines, the parent-child tree and the done channel. */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
@ExtendWith(NoTaskLeftRunning.class)
class ContextTest {

    @Test
    void cancelEndsTheContext() throws Exception {
        Context context = Context.background().withCancel();
        assertThat(context.isDone()).isFalse();
        assertThat(context.err()).isNull();
        assertThat(context.cause()).isNull();

        context.cancel();

        assertThat(context.isDone()).isTrue();
        assertThat(context.err()).isInstanceOf(CancellationException.class)
                .hasMessage("context canceled");
        assertThat(context.cause()).isSameAs(context.err());
        assertThat(context.done().receiveOrNull()).isNull();
    }

    @Test
    void cancelWithCauseRecordsIt() {
        Context context = Context.background().withCancel();
        IllegalStateException cause = new IllegalStateException("shutting down");

        context.cancel(cause);
        context.cancel(new IllegalStateException("too late"));

        assertThat(context.cause()).isSameAs(cause);
        assertThat(context.err()).hasMessage("context canceled");
    }

    @Test
    void timeoutEndsWithDeadlineExceeded() throws Exception {
        Context context = Context.background().withTimeout(Duration.ofMillis(20));

        assertThat(context.done().receiveOrNull()).isNull();

        assertThat(context.err()).isInstanceOf(Context.DeadlineExceededException.class)
                .hasMessage("context deadline exceeded");
        assertThat(context.cause()).isInstanceOf(Context.DeadlineExceededException.class);
        assertThat(context.deadline()).isPresent();
    }

    @Test
    void deadlineInThePastEndsAtOnce() {
        Context context = Context.background()
                .withDeadline(Instant.now().minusSeconds(1));

        assertThat(context.isDone()).isTrue();
        assertThat(context.err()).isInstanceOf(Context.DeadlineExceededException.class);
    }

    @Test
    void deadlineCenturiesAgoEndsAtOnce() {
        // Over 292 years before now, Duration.toNanos() overflows.
        for (Instant deadline : List.of(Instant.parse("1700-01-01T00:00:00Z"), Instant.MIN)) {
            Context context = Context.background().withDeadline(deadline);

            assertThat(context.isDone()).as("done with deadline %s", deadline).isTrue();
            assertThat(context.err()).as("err with deadline %s", deadline)
                    .isInstanceOf(Context.DeadlineExceededException.class);
        }
    }

    @Test
    void parentCancelsChildrenButNotTheReverse() {
        Context parent = Context.background().withCancel();
        Context child = parent.withCancel();
        Context grandchild = child.withTimeout(Duration.ofHours(1));
        Context sibling = parent.withCancel();

        child.cancel();
        assertThat(parent.isDone()).as("parent after child cancel").isFalse();
        assertThat(sibling.isDone()).as("sibling after child cancel").isFalse();
        assertThat(grandchild.isDone()).as("grandchild after child cancel").isTrue();

        IllegalStateException cause = new IllegalStateException("parent gave up");
        parent.cancel(cause);
        assertThat(sibling.isDone()).as("sibling after parent cancel").isTrue();
        assertThat(sibling.cause()).isSameAs(cause);
    }

    @Test
    void childOfAnEndedParentStartsDone() throws Exception {
        Context parent = Context.background().withCancel();
        parent.cancel();

        Context child = parent.withTimeout(Duration.ofHours(1));

        assertThat(child.isDone()).isTrue();
        assertThat(child.done().tryReceive()).isNull();
        assertThat(child.done().isClosedForReceive()).isTrue();
    }

    @Test
    void earlierParentDeadlineWins() {
        Instant soon = Instant.now().plusSeconds(60);
        Context parent = Context.background().withDeadline(soon);

        Context child = parent.withDeadline(soon.plusSeconds(3600));

        assertThat(child.deadline()).contains(soon);
        parent.cancel();
        assertThat(child.isDone()).isTrue();
    }

    @Test
    void laterChildDeadlineEndsWithTheParent() throws Exception {
        Context parent = Context.background().withTimeout(Duration.ofMillis(20));
        Context child = parent.withTimeout(Duration.ofHours(1));

        assertThat(child.done().receiveOrNull()).isNull();

        assertThat(child.err()).isInstanceOf(Context.DeadlineExceededException.class);
    }

    @ParameterizedTest(name = "virtual {0}")
    @ValueSource(booleans = {false, true})
    void doneIsClosedForEveryWatcher(boolean virtual) throws Exception {
        ThreadFactory threads = threads(virtual);
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        Context context = Context.background().withCancel();
        ReceiveChannel<?> done = context.done();
        AtomicInteger woken = new AtomicInteger();
        List<Thread> watchers = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            watchers.add(start(threads, errors, () -> {
                Select.select(done.onReceiveOrNull(ignored -> "done"));
                woken.incrementAndGet();
            }));
        }

        context.cancel();

        for (Thread watcher : watchers) {
            assertThat(joined(watcher)).as("watcher woke").isTrue();
        }
        assertThat(errors).isEmpty();
        assertThat(woken).hasValue(20);
        assertThat(done.isClosedForReceive()).isTrue();
    }

    @Test
    void throwIfDoneThrowsOnlyOnceEnded() {
        Context context = Context.background().withCancel();
        context.throwIfDone();
        IllegalStateException cause = new IllegalStateException("stop");

        context.cancel(cause);

        assertThatThrownBy(context::throwIfDone)
                .isInstanceOf(CancellationException.class)
                .hasMessage("context canceled")
                .hasCause(cause);
    }

    @Test
    void tryWithResourcesCancels() {
        Context context;
        try (Context scoped = Context.background().withTimeout(Duration.ofHours(1))) {
            context = scoped;
            assertThat(scoped.isDone()).isFalse();
        }

        assertThat(context.isDone()).isTrue();
        assertThat(context.err()).isNotInstanceOf(Context.DeadlineExceededException.class);
    }

    @Test
    void backgroundNeverEnds() {
        Context background = Context.background();

        background.cancel();

        assertThat(background.isDone()).isFalse();
        assertThat(background.done().tryReceive()).isNull();
        assertThat(background.deadline()).isEmpty();
    }
}
