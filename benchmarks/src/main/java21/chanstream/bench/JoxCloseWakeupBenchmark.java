package chanstream.bench;

import com.softwaremill.jox.Channel;
import com.softwaremill.jox.ChannelDone;
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
 * The Jox anchor of {@link CloseWakeupBenchmark}: 1,000 threads block in
 * {@code receiveOrClosed} on one Jox rendezvous channel, and {@code done()} wakes them. The score
 * is the time per woken receiver.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class JoxCloseWakeupBenchmark {

    @Param({ThreadKind.PARAM_PLATFORM, ThreadKind.PARAM_VIRTUAL})
    public String threads;

    private Channel<Integer> channel;
    private ThreadBatch receivers;

    @Setup(Level.Invocation)
    public void blockReceivers() throws InterruptedException {
        Channel<Integer> fresh = Channel.newRendezvousChannel();
        channel = fresh;
        receivers = ThreadBatch.startParked(ThreadKind.parse(threads), "jox-close-receiver",
                CloseWakeupBenchmark.RECEIVERS,
                index -> {
                    Object result = fresh.receiveOrClosed();
                    if (!(result instanceof ChannelDone)) {
                        throw new IllegalStateException("expected ChannelDone, got " + result);
                    }
                });
    }

    @TearDown(Level.Invocation)
    public void joinReceivers() throws InterruptedException {
        receivers.stop();
    }

    @Benchmark
    @OperationsPerInvocation(CloseWakeupBenchmark.RECEIVERS)
    public void jox() throws InterruptedException {
        channel.done();
        receivers.awaitFinished();
    }
}
