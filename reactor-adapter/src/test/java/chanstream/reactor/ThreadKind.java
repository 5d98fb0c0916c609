package chanstream.reactor;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import chanstream.core.Tasks;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The kind of thread a test runs its producers, consumers and body on. Tests compile at
 * {@code --release 17}, so virtual threads come from {@link Tasks#threadFactory()}, which
 * uses them on JDK 21+; on JDK 17 the virtual variant is skipped.
 */
enum ThreadKind {
    PLATFORM,
    VIRTUAL;

    /** How long {@link #run} waits for a test body. */
    static final long BODY_TIMEOUT_SECONDS = 60;

    /** A body of test code that may throw anything. */
    @FunctionalInterface
    interface Body {
        void run() throws Throwable;
    }

    /** Skips the current test when this kind is not available on the running JDK. */
    void assumeAvailable() {
        if (this == VIRTUAL) {
            assumeTrue(Tasks.usesVirtualThreads(), "virtual threads need JDK 21+");
        }
    }

    ThreadFactory factory() {
        if (this == VIRTUAL) {
            assumeAvailable();
            return Tasks.threadFactory();
        }
        return task -> {
            Thread thread = new Thread(task);
            thread.setDaemon(true);
            return thread;
        };
    }

    /**
     * Starts {@code body} on a new thread of this kind.
     *
     * @return a future that completes when the body returns, or exceptionally with what
     *     it threw
     */
    CompletableFuture<Void> start(String name, Body body) {
        CompletableFuture<Void> result = new CompletableFuture<>();
        Thread thread = factory().newThread(() -> {
            try {
                body.run();
                result.complete(null);
            } catch (Throwable failure) {
                result.completeExceptionally(failure);
            }
        });
        thread.setName(name);
        thread.start();
        return result;
    }

    /** Runs {@code body} on a new thread of this kind, waits for it and rethrows its failure. */
    void run(Body body) throws Throwable {
        await(start("test-body-" + name().toLowerCase(), body));
    }

    /** Waits for a future from {@link #start} and rethrows its failure as is. */
    static void await(CompletableFuture<Void> future) throws Throwable {
        try {
            future.get(BODY_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException failed) {
            throw failed.getCause();
        } catch (TimeoutException timedOut) {
            throw new AssertionError("thread did not finish within " + BODY_TIMEOUT_SECONDS
                    + " s", timedOut);
        }
    }
}
