package chanstream.examples;

import chanstream.core.Channel;
import chanstream.core.ReceiveChannel;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Turns the JVM's shutdown (Ctrl-C, SIGTERM) into a closed channel, and keeps the JVM running
 * until the example has finished reacting to it.
 *
 * <p>The JVM runs shutdown hooks on SIGINT and SIGTERM and halts once they return. The hook
 * installed here runs the given action, closes {@link #done()}, and then waits, at most for the
 * grace period, until {@link #close()} reports that the example is finished: this is what lets
 * an interrupted run still print its partial result. {@link #close()} also removes the hook, so
 * a run that ended normally leaves nothing behind.
 */
final class ShutdownSignal implements AutoCloseable {

    private final Channel<Object> done = Channel.builder().name("shutdown-signal").build();
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread hook;

    private ShutdownSignal(Runnable onSignal, Duration grace) {
        this.hook = new Thread(() -> {
            onSignal.run();
            done.close();
            try {
                finished.await(grace.toNanos(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "shutdown-signal");
    }

    /**
     * Installs a shutdown hook that closes {@link #done()} and waits up to {@code grace} for
     * {@link #close()}.
     */
    static ShutdownSignal install(Duration grace) {
        return install(() -> { }, grace);
    }

    /**
     * Installs a shutdown hook that runs {@code onSignal}, closes {@link #done()} and waits up to
     * {@code grace} for {@link #close()}.
     */
    static ShutdownSignal install(Runnable onSignal, Duration grace) {
        ShutdownSignal signal = new ShutdownSignal(onSignal, grace);
        Runtime.getRuntime().addShutdownHook(signal.hook);
        return signal;
    }

    /** Returns a channel that is closed when the JVM starts to shut down. */
    ReceiveChannel<?> done() {
        return done;
    }

    /** Reports that the example has finished, and removes the hook unless it is running. */
    @Override
    public void close() {
        finished.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running or about to run; it returns at once now that finished is set.
        }
    }
}
