package chanstream.bench;

import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * 10,000 virtual threads each block receiving from their own rendezvous channel. The benchmark
 * thread then sends one element to every channel and waits until all 10,000 receivers have
 * returned. The threads are started and parked before each invocation, outside the timed part.
 * The score is the time per released waiter.
 *
 * <p>{@code MemoryFootprint} measures the heap that each such waiter takes.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class BlockedWaitersBenchmark {

    /** Blocked virtual threads per invocation. */
    public static final int WAITERS = 10_000;

    static final Integer ELEMENT = 7;

    /** Receivers blocked on unbuffered chanstream channels, one channel each. */
    @State(Scope.Thread)
    public static class ChanstreamWaiters {
        chanstream.core.Channel<Integer>[] channels;
        ThreadBatch waiters;

        @Setup(Level.Invocation)
        @SuppressWarnings("unchecked")
        public void blockWaiters() throws InterruptedException {
            chanstream.core.Channel<Integer>[] fresh = new chanstream.core.Channel[WAITERS];
            for (int i = 0; i < WAITERS; i++) {
                fresh[i] = chanstream.core.Channel.unbuffered();
            }
            channels = fresh;
            waiters = ThreadBatch.startParked(ThreadKind.VIRTUAL, "chanstream-waiter", WAITERS,
                    index -> fresh[index].receive());
        }

        @TearDown(Level.Invocation)
        public void joinWaiters() throws InterruptedException {
            waiters.stop();
        }
    }

    /** Takers blocked on {@link SynchronousQueue}s, one queue each. */
    @State(Scope.Thread)
    public static class SynchronousQueueWaiters {
        SynchronousQueue<Integer>[] queues;
        ThreadBatch waiters;

        @Setup(Level.Invocation)
        @SuppressWarnings("unchecked")
        public void blockWaiters() throws InterruptedException {
            SynchronousQueue<Integer>[] fresh = new SynchronousQueue[WAITERS];
            for (int i = 0; i < WAITERS; i++) {
                fresh[i] = new SynchronousQueue<>();
            }
            queues = fresh;
            waiters = ThreadBatch.startParked(ThreadKind.VIRTUAL, "synchronous-queue-waiter",
                    WAITERS, index -> fresh[index].take());
        }

        @TearDown(Level.Invocation)
        public void joinWaiters() throws InterruptedException {
            waiters.stop();
        }
    }

    /** Receivers blocked on Jox rendezvous channels, one channel each. */
    @State(Scope.Thread)
    public static class JoxWaiters {
        com.softwaremill.jox.Channel<Integer>[] channels;
        ThreadBatch waiters;

        @Setup(Level.Invocation)
        @SuppressWarnings("unchecked")
        public void blockWaiters() throws InterruptedException {
            com.softwaremill.jox.Channel<Integer>[] fresh = new com.softwaremill.jox.Channel[WAITERS];
            for (int i = 0; i < WAITERS; i++) {
                fresh[i] = com.softwaremill.jox.Channel.newRendezvousChannel();
            }
            channels = fresh;
            waiters = ThreadBatch.startParked(ThreadKind.VIRTUAL, "jox-waiter", WAITERS,
                    index -> fresh[index].receive());
        }

        @TearDown(Level.Invocation)
        public void joinWaiters() throws InterruptedException {
            waiters.stop();
        }
    }

    @Benchmark
    @OperationsPerInvocation(WAITERS)
    public void chanstream(ChanstreamWaiters state) throws InterruptedException {
        for (chanstream.core.Channel<Integer> channel : state.channels) {
            channel.send(ELEMENT);
        }
        state.waiters.awaitFinished();
    }

    @Benchmark
    @OperationsPerInvocation(WAITERS)
    public void synchronousQueue(SynchronousQueueWaiters state) throws InterruptedException {
        for (SynchronousQueue<Integer> queue : state.queues) {
            queue.put(ELEMENT);
        }
        state.waiters.awaitFinished();
    }

    @Benchmark
    @OperationsPerInvocation(WAITERS)
    public void jox(JoxWaiters state) throws InterruptedException {
        for (com.softwaremill.jox.Channel<Integer> channel : state.channels) {
            channel.send(ELEMENT);
        }
        state.waiters.awaitFinished();
    }
}
