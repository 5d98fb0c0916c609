package chanstream.core.patterns;

import static chanstream.core.patterns.PatternSupport.joined;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chanstream.core.ChannelClosedException;
import chanstream.core.ReceiveChannel;
import chanstream.core.Select;
import chanstream.core.Tasks;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link Tasks}: starting tasks, async results, tracking, and the choice of thread kind. */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
@ExtendWith(NoTaskLeftRunning.class)
class TasksTest {

    @Test
    void startTracksRunningTask() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch ran = new CountDownLatch(1);

        Thread task = Tasks.start("tasks-test", () -> {
            ran.countDown();
            try {
                release.await();
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        });

        assertThat(ran.await(PatternSupport.WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(task.getName()).isEqualTo("tasks-test");
        assertThat(Tasks.running()).contains(task);
        release.countDown();
        assertThat(joined(task)).isTrue();
        assertThat(Tasks.running()).doesNotContain(task);
    }

    @Test
    void asyncDeliversTheResultThenCloses() throws Exception {
        ReceiveChannel<String> result = Tasks.async(() -> "answer");

        assertThat(result.receive()).isEqualTo("answer");
        assertThat(result.receiveOrNull()).isNull();
        assertThat(result.capacity()).isEqualTo(1);
    }

    @Test
    void asyncFailureClosesWithTheCause() {
        IllegalStateException failure = new IllegalStateException("computation failed");

        ReceiveChannel<String> result = Tasks.async(() -> {
            throw failure;
        });

        assertThatThrownBy(result::receive)
                .isInstanceOf(ChannelClosedException.class)
                .hasCause(failure);
    }

    @Test
    void asyncLeaksNoTaskOnTimeout() throws Exception {
        for (int i = 0; i < 200; i++) {
            CountDownLatch slow = new CountDownLatch(1);
            ReceiveChannel<Integer> result = Tasks.async(() -> {
                slow.await();
                return 1;
            });
            String outcome = Select.select(result.onReceive(value -> "result"),
                    Select.onTimeout(Duration.ZERO, () -> "gave up"));
            assertThat(outcome).as("round %d", i).isEqualTo("gave up");
            slow.countDown();
        }
        // NoTaskLeftRunning fails this test unless all 200 tasks end, although no one receives
        // their results.
    }

    @Test
    void asyncEndsWhenResultCancelled() throws Exception {
        CountDownLatch slow = new CountDownLatch(1);
        ReceiveChannel<Integer> result = Tasks.async(() -> {
            slow.await();
            return 1;
        });

        result.cancel();
        slow.countDown();

        assertThat(result.receiveOrNull()).isNull();
    }

    @Test
    void tasksUseVirtualThreadsOnJdk21AndLater() throws Exception {
        boolean disabled = !Boolean.parseBoolean(
                System.getProperty("chanstream.virtualThreads", "true"));
        boolean expected = Runtime.version().feature() >= 21 && !disabled;
        CountDownLatch ran = new CountDownLatch(1);

        Thread task = Tasks.start(ran::countDown);

        assertThat(ran.await(PatternSupport.WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(Tasks.usesVirtualThreads()).isEqualTo(expected);
        assertThat(isVirtual(task)).isEqualTo(expected);
        assertThat(isVirtual(Tasks.threadFactory().newThread(() -> { }))).isEqualTo(expected);
        if (!expected) {
            assertThat(task.isDaemon()).as("platform task is a daemon").isTrue();
        }
    }

    private static boolean isVirtual(Thread thread) throws Exception {
        if (Runtime.version().feature() < 21) {
            return false;
        }
        return (boolean) Thread.class.getMethod("isVirtual").invoke(thread);
    }
}
