package chanstream.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import chanstream.core.BlockedOperation;
import chanstream.core.Channel;
import chanstream.core.ReceiveChannel;
import chanstream.core.Tasks;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import java.util.regex.PatternSyntaxException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The programmatic check, {@link ChannelLeaks}, without the JUnit extension. */
@Timeout(60)
class ChannelLeaksTest {

    @AfterEach
    void releaseLeftovers() throws InterruptedException {
        Leftovers.release();
    }

    @Test
    void baselinePassesWhenNothingWasStarted() {
        ChannelLeaks.Baseline before = ChannelLeaks.baseline();

        assertThatCode(() -> before.verifyNone(Duration.ZERO)).doesNotThrowAnyException();
    }

    @Test
    void baselinePassesWhenTaskFinishedBeforeCheck() throws InterruptedException {
        ChannelLeaks.Baseline before = ChannelLeaks.baseline();
        Channel<String> results = Channel.buffered(1);

        Thread task = Tasks.start("finishes-" + System.nanoTime(), () -> results.trySend("done"));
        task.join(Leftovers.WAIT.toMillis());

        assertThat(results.tryReceive()).isEqualTo("done");
        assertThatCode(() -> before.verifyNone(Duration.ZERO)).doesNotThrowAnyException();
    }

    @Test
    void blockedReceiveFailsWithDump() {
        ChannelLeaks.Baseline before = ChannelLeaks.baseline();
        Channel<String> orders = Channel.<String>builder().name("orders").build();
        Thread consumer = Leftovers.blockedReceiverTask("orders-consumer", orders);

        ChannelLeakError error = catchThrowableOfType(ChannelLeakError.class,
                () -> before.verifyNone(Duration.ofMillis(20)));

        assertThat(error).isNotNull();
        assertThat(error.getMessage())
                .startsWith("channel leak: 1 operation blocked on channels after a grace period "
                        + "of 20 ms")
                .contains("thread \"orders-consumer\"")
                .contains("[chan receive, ")
                .contains("receive on channel 'orders'")
                .contains("chanstream.test.Leftovers.receiveQuietly(")
                .contains("ignoreThreads");
        assertThat(error.blockedOperations()).extracting(BlockedOperation::thread)
                .containsExactly(consumer);
        assertThat(error.runningTasks()).isEmpty();
    }

    @Test
    void runningTaskFailsWithItsStack() {
        ChannelLeaks.Baseline before = ChannelLeaks.baseline();
        Thread task = Leftovers.taskWaitingOnLatch("latch-waiter");

        ChannelLeakError error = catchThrowableOfType(ChannelLeakError.class,
                () -> before.verifyNone(Duration.ofMillis(20)));

        assertThat(error).isNotNull();
        assertThat(error.getMessage())
                .startsWith("channel leak: 1 task still running after a grace period of 20 ms")
                .contains("1 task started by Tasks still running, not blocked on a channel")
                .contains("thread \"latch-waiter\"")
                .contains("chanstream.test.Leftovers.awaitQuietly(")
                .doesNotContain("blocked on channels");
        assertThat(error.runningTasks()).containsExactly(task);
        assertThat(error.blockedOperations()).isEmpty();
    }

    @Test
    void blockedTaskIsListedOnceAsBlocked() {
        ChannelLeaks.Baseline before = ChannelLeaks.baseline();
        Thread blocked = Leftovers.blockedReceiverTask("blocked-task", Channel.unbuffered());
        Thread waiting = Leftovers.taskWaitingOnLatch("waiting-task");

        ChannelLeakError error = catchThrowableOfType(ChannelLeakError.class,
                () -> before.verifyNone(Duration.ZERO));

        assertThat(error).isNotNull();
        assertThat(error.getMessage()).startsWith(
                "channel leak: 1 operation blocked on channels and 1 task still running");
        assertThat(error.blockedOperations()).extracting(BlockedOperation::thread)
                .containsExactly(blocked);
        assertThat(error.runningTasks()).containsExactly(waiting);
    }

    @Test
    void platformThreadBlockedOnChannelFails() {
        ChannelLeaks.Baseline before = ChannelLeaks.baseline();
        Channel<String> audit = Channel.<String>builder().name("audit").build();
        Thread sender = Leftovers.blockedSenderThread("audit-writer", audit, audit);

        ChannelLeakError error = catchThrowableOfType(ChannelLeakError.class,
                () -> before.verifyNone(Duration.ZERO));

        assertThat(error).isNotNull();
        assertThat(error.getMessage())
                .contains("thread \"audit-writer\"")
                .contains("[chan send, ")
                .contains("send on channel 'audit'");
        assertThat(error.blockedOperations()).extracting(BlockedOperation::thread)
                .containsExactly(sender);
    }

    @Test
    void threadsFromBeforeBaselineAreNotReported() {
        Leftovers.blockedReceiverTask("older-task", Channel.unbuffered());
        Leftovers.taskWaitingOnLatch("older-latch-waiter");

        ChannelLeaks.Baseline before = ChannelLeaks.baseline();

        assertThatCode(() -> before.verifyNone(Duration.ZERO)).doesNotThrowAnyException();
    }

    @Test
    void verifyNoneWithoutBaselineReportsEverything() {
        Thread older = Leftovers.blockedReceiverTask("reported-anyway", Channel.unbuffered());

        ChannelLeakError error = catchThrowableOfType(ChannelLeakError.class,
                () -> ChannelLeaks.verifyNone(Duration.ZERO));

        assertThat(error).isNotNull();
        assertThat(error.blockedOperations()).extracting(BlockedOperation::thread)
                .contains(older);
    }

    @Test
    void verifyNoneWithoutBaselinePassesWhenAllEnded() throws InterruptedException {
        Leftovers.blockedReceiverTask("ends-before-check", Channel.unbuffered());
        Leftovers.release();

        assertThatCode(() -> ChannelLeaks.verifyNone(Duration.ofSeconds(5)))
                .doesNotThrowAnyException();
    }

    @Test
    void ignorePredicateSkipsAcceptedThreads() {
        ChannelLeaks.Baseline before = ChannelLeaks.baseline();
        Leftovers.blockedReceiverTask("known-worker-1", Channel.unbuffered());
        Leftovers.taskWaitingOnLatch("known-worker-2");

        Predicate<Thread> known = ChannelLeaks.threadNamesMatching("known-worker-\\d+");

        assertThatCode(() -> before.verifyNone(Duration.ZERO, known)).doesNotThrowAnyException();
        assertThatCode(() -> ChannelLeaks.verifyNone(Duration.ZERO, known))
                .doesNotThrowAnyException();
    }

    @Test
    void threadNamesMatchingNeedsWholeName() {
        Thread thread = new Thread(() -> { }, "reactor-http-nio-1");

        assertThat(ChannelLeaks.threadNamesMatching("reactor-.*").test(thread)).isTrue();
        assertThat(ChannelLeaks.threadNamesMatching("nio-1", "^reactor$").test(thread)).isFalse();
        assertThat(ChannelLeaks.threadNamesMatching().test(thread)).isFalse();
    }

    @Test
    void threadNamesMatchingRejectsBadPatterns() {
        assertThatThrownBy(() -> ChannelLeaks.threadNamesMatching("worker-["))
                .isInstanceOf(PatternSyntaxException.class);
        assertThatThrownBy(() -> ChannelLeaks.threadNamesMatching("ok", null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("regexes[1] is null");
        assertThatThrownBy(() -> ChannelLeaks.threadNamesMatching((String[]) null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("regexes is null");
    }

    @Test
    void leakThatEndsDuringGracePasses() {
        ChannelLeaks.Baseline before = ChannelLeaks.baseline();
        Channel<String> jobs = Channel.unbuffered();
        Leftovers.blockedReceiverTask("ends-during-grace", jobs);
        Leftovers.cancelWhileChecking(Thread.currentThread(), jobs);

        assertThatCode(() -> before.verifyNone(Leftovers.WAIT)).doesNotThrowAnyException();
    }

    @Test
    void checkWaitsWholeGraceBeforeFailing() {
        ChannelLeaks.Baseline before = ChannelLeaks.baseline();
        Leftovers.blockedReceiverTask("outlives-grace", Channel.unbuffered());
        Duration grace = Duration.ofMillis(150);

        long start = System.nanoTime();
        assertThatThrownBy(() -> before.verifyNone(grace)).isInstanceOf(ChannelLeakError.class);
        long waitedNanos = System.nanoTime() - start;

        assertThat(waitedNanos).isGreaterThanOrEqualTo(grace.toNanos());
    }

    @Test
    void interruptedCheckReportsAndKeepsInterrupt() {
        ChannelLeaks.Baseline before = ChannelLeaks.baseline();
        Leftovers.blockedReceiverTask("outlives-interrupt", Channel.unbuffered());

        Thread.currentThread().interrupt();
        ChannelLeakError error = catchThrowableOfType(ChannelLeakError.class,
                () -> before.verifyNone(Leftovers.WAIT));
        boolean interrupted = Thread.interrupted();

        assertThat(interrupted).as("interrupt flag after the check").isTrue();
        assertThat(error).isNotNull();
        assertThat(error.getMessage()).contains(
                "the check was interrupted before the grace period of 10000 ms had passed");
    }

    @Test
    void hugeGraceStillReportsTheLeak() {
        ChannelLeaks.Baseline before = ChannelLeaks.baseline();
        Leftovers.blockedReceiverTask("outlives-huge-grace", Channel.unbuffered());

        Thread.currentThread().interrupt();
        ChannelLeakError error = catchThrowableOfType(ChannelLeakError.class,
                () -> before.verifyNone(Duration.ofSeconds(Long.MAX_VALUE)));
        boolean interrupted = Thread.interrupted();

        assertThat(interrupted).as("interrupt flag after the check").isTrue();
        assertThat(error).isNotNull();
        assertThat(error.getMessage()).contains("the check was interrupted before the grace period of "
                + Long.MAX_VALUE + " ms had passed");
    }

    @Test
    void pendingAsyncReceiveIsNotALeak() {
        ChannelLeaks.Baseline before = ChannelLeaks.baseline();
        Channel<String> replies = Channel.unbuffered();

        CompletableFuture<String> reply = replies.receiveAsync();

        assertThatCode(() -> before.verifyNone(Duration.ZERO)).doesNotThrowAnyException();
        assertThat(reply.cancel(false)).isTrue();
    }

    @Test
    void invalidArgumentsAreRejected() {
        ChannelLeaks.Baseline before = ChannelLeaks.baseline();

        assertThatThrownBy(() -> before.verifyNone(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("grace must be >= 0, was PT-0.001S");
        assertThatThrownBy(() -> ChannelLeaks.verifyNone(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("grace is null");
        assertThatThrownBy(() -> ChannelLeaks.verifyNone(Duration.ZERO, null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("ignore is null");
    }

    @Test
    void defaultGraceIsOneSecond() {
        assertThat(ChannelLeaks.DEFAULT_GRACE).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void stageExampleFromJavadocLeaksNothing() throws InterruptedException {
        ChannelLeaks.Baseline before = ChannelLeaks.baseline();
        Channel<Void> done = Channel.unbuffered();
        ReceiveChannel<Integer> numbers = chanstream.core.Channels.generator(done, 1, 2, 3);
        ReceiveChannel<Integer> doubled =
                chanstream.core.Channels.stage(done, numbers, n -> 2 * n);

        assertThat(doubled.receive()).isEqualTo(2);
        done.close();

        assertThatCode(() -> before.verifyNone(Leftovers.WAIT)).doesNotThrowAnyException();
    }
}
