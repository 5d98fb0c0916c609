package chanstream.bench;

import chanstream.core.Channel;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * 1,000 threads block receiving from one channel; the benchmark closes it and waits until every
 * receiver has returned. Starting the receivers and waiting until they are all parked happens
 * before each invocation and is not timed. The score is the time per woken receiver.
 *
 * <p>The anchor is a {@link CountDownLatch} that 1,000 threads await, released by one
 * {@code countDown}. {@code JoxCloseWakeupBenchmark} (JDK 21+) closes a Jox channel instead.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CloseWakeupBenchmark {

    /** Blocked receivers per invocation. */
    public static final int RECEIVERS = 1_000;

    /** Receivers blocked in {@code receiveOrNull} on one unbuffered chanstream channel. */
    @State(Scope.Thread)
    public static class ChanstreamReceivers {
        @Param({ThreadKind.PARAM_PLATFORM, ThreadKind.PARAM_VIRTUAL})
        public String threads;

        Channel<Integer> channel;
        ThreadBatch receivers;

        @Setup(Level.Invocation)
        public void blockReceivers() throws InterruptedException {
            Channel<Integer> fresh = Channel.unbuffered();
            channel = fresh;
            receivers = ThreadBatch.startParked(ThreadKind.parse(threads), "close-receiver", RECEIVERS,
                    index -> {
                        Integer element = fresh.receiveOrNull();
                        if (element != null) {
                            throw new IllegalStateException("received " + element
                                    + " from a channel that nobody sends to");
                        }
                    });
        }

        @TearDown(Level.Invocation)
        public void joinReceivers() throws InterruptedException {
            receivers.stop();
        }
    }

    /** Threads blocked in {@link CountDownLatch#await()} on one latch of count 1. */
    @State(Scope.Thread)
    public static class LatchWaiters {
        @Param({ThreadKind.PARAM_PLATFORM, ThreadKind.PARAM_VIRTUAL})
        public String threads;

        CountDownLatch latch;
        ThreadBatch waiters;

        @Setup(Level.Invocation)
        public void blockWaiters() throws InterruptedException {
            CountDownLatch fresh = new CountDownLatch(1);
            latch = fresh;
            waiters = ThreadBatch.startParked(ThreadKind.parse(threads), "latch-waiter", RECEIVERS,
                    index -> fresh.await());
        }

        @TearDown(Level.Invocation)
        public void joinWaiters() throws InterruptedException {
            waiters.stop();
        }
    }

    @Benchmark
    @OperationsPerInvocation(RECEIVERS)
    public void chanstream(ChanstreamReceivers state) throws InterruptedException {
        state.channel.close();
        state.receivers.awaitFinished();
    }

    @Benchmark
    @OperationsPerInvocation(RECEIVERS)
    public void countDownLatch(LatchWaiters state) throws InterruptedException {
        state.latch.countDown();
        state.waiters.awaitFinished();
    }
}
