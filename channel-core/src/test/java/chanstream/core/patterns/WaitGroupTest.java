package chanstream.core.patterns;

import static chanstream.core.patterns.PatternSupport.joined;
import static chanstream.core.patterns.PatternSupport.start;
import static chanstream.core.patterns.PatternSupport.threads;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chanstream.core.ChannelHooks;
import chanstream.core.WaitGroup;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link WaitGroup}: Go's {@code sync.WaitGroup}. */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
@ExtendWith(NoTaskLeftRunning.class)
class WaitGroupTest {

    @Test
    void awaitReturnsAtOnceOnZero() throws Exception {
        WaitGroup group = new WaitGroup();

        group.await();

        assertThat(group.await(Duration.ZERO)).isTrue();
        assertThat(group.count()).isZero();
    }

    @ParameterizedTest(name = "virtual {0}")
    @ValueSource(booleans = {false, true})
    void awaitWaitsForEveryDone(boolean virtual) throws Exception {
        WaitGroup group = new WaitGroup();
        group.add(3);
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        CountDownLatch waiting = new CountDownLatch(1);
        AtomicInteger passed = new AtomicInteger();
        Thread waiter = start(threads(virtual), errors, () -> {
            waiting.countDown();
            group.await();
            passed.incrementAndGet();
        });
        waiting.await();

        group.done();
        group.done();
        assertThat(group.count()).isEqualTo(1);
        assertThat(group.await(Duration.ofMillis(10))).as("await with one left").isFalse();
        assertThat(passed).as("waiter passed early").hasValue(0);
        group.done();

        assertThat(joined(waiter)).isTrue();
        assertThat(errors).isEmpty();
        assertThat(passed).hasValue(1);
    }

    @Test
    void timedAwaitGivesUp() throws Exception {
        WaitGroup group = new WaitGroup();
        group.add(1);

        assertThat(group.await(Duration.ofMillis(5))).isFalse();

        group.done();
        assertThat(group.await(Duration.ofSeconds(10))).isTrue();
    }

    @Test
    void goRunsTasksAndCountsThemDown() throws Exception {
        WaitGroup group = new WaitGroup();
        AtomicInteger ran = new AtomicInteger();

        for (int i = 0; i < 50; i++) {
            group.go(ran::incrementAndGet);
        }

        assertThat(group.await(Duration.ofSeconds(PatternSupport.WAIT_SECONDS))).isTrue();
        assertThat(ran).hasValue(50);
    }

    @Test
    void goCountsDownEvenWhenTheTaskThrows() throws Exception {
        WaitGroup group = new WaitGroup();
        List<Throwable> reported = new CopyOnWriteArrayList<>();
        CountDownLatch reportedOnce = new CountDownLatch(1);
        ChannelHooks.setUndeliverableErrorHandler(failure -> {
            reported.add(failure);
            reportedOnce.countDown();
        });
        try {
            group.go(() -> {
                throw new IllegalStateException("task failed");
            });

            assertThat(group.await(Duration.ofSeconds(PatternSupport.WAIT_SECONDS))).isTrue();
            assertThat(reportedOnce.await(PatternSupport.WAIT_SECONDS, TimeUnit.SECONDS))
                    .as("failure reported to the hook").isTrue();
        } finally {
            ChannelHooks.setUndeliverableErrorHandler(null);
        }
        assertThat(reported).singleElement().extracting(Throwable::getMessage)
                .isEqualTo("task failed");
    }

    @Test
    void negativeCounterIsRejectedAndLeftUnchanged() {
        WaitGroup group = new WaitGroup();
        group.add(2);

        assertThatThrownBy(() -> group.add(-3))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("negative WaitGroup counter");
        assertThat(group.count()).isEqualTo(2);

        group.done();
        group.done();
        assertThatThrownBy(group::done).isInstanceOf(IllegalStateException.class);
        assertThat(group.count()).isZero();
    }

    @Test
    void interruptedAwaitThrows() throws Exception {
        WaitGroup group = new WaitGroup();
        group.add(1);
        Thread.currentThread().interrupt();

        assertThatThrownBy(group::await).isInstanceOf(InterruptedException.class);
        assertThat(Thread.interrupted()).as("interrupt flag cleared").isFalse();
    }
}
