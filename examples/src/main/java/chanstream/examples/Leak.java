package chanstream.examples;

import chanstream.core.BlockedOperation;
import chanstream.core.Channel;
import chanstream.core.ChannelClosedException;
import chanstream.core.ChannelDiagnostics;
import chanstream.core.Context;
import chanstream.core.Select;
import chanstream.core.Tasks;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A task leak and its fix: "first answer wins" over replicas.
 *
 * <p>Each request starts one task per replica; every task sends its answer on an unbuffered
 * channel, and the caller takes the first answer. In the leaky version the other tasks stay
 * blocked in their send forever, because nobody will ever receive: each request leaks
 * {@code replicas - 1} tasks, and the count grows with every request.
 *
 * <p>The fix gives each request a {@link Context}. Every task selects between its send and
 * {@code ctx.done()}, and the caller cancels the context (try-with-resources, Go's
 * {@code defer cancel()}) once it has its answer, so the losers return and no task is left.
 *
 * <p>After each version the example queries {@link ChannelDiagnostics}. It lists the leaky
 * version's losers as senders parked on their channels and prints the oldest as the dump shows
 * it. The fixed version leaves nothing parked.
 */
final class Leak {

    static final String NAME = "leak";

    static final String DESCRIPTION =
            "a task leak (senders nobody receives from) and its fix with a Context; counts both";

    private static final int DEFAULT_REQUESTS = 100;

    private static final int DEFAULT_REPLICAS = 3;

    /** How long to wait for tasks that should end. */
    private static final Duration END_TIMEOUT = Duration.ofSeconds(10);

    private Leak() {
    }

    static int run(PrintStream out, String... args) throws InterruptedException {
        Options options;
        int requests;
        int replicas;
        try {
            options = Options.parse(args, Set.of("--requests", "--replicas"), Set.of(), false);
            requests = options.intValue("--requests", DEFAULT_REQUESTS, 1);
            replicas = options.intValue("--replicas", DEFAULT_REPLICAS, 2);
        } catch (UsageException e) {
            out.println(NAME + ": " + e.getMessage());
            printUsage(out);
            return 2;
        }
        if (options.helpRequested()) {
            printUsage(out);
            return 0;
        }

        out.printf("%d requests, each taking the first answer of %d replica tasks%n",
                requests, replicas);

        StartedTasks leakyTasks = new StartedTasks();
        List<Channel<Answer>> abandoned = new ArrayList<>();
        for (int request = 1; request <= requests; request++) {
            abandoned.add(askLeaky(request, replicas));
            if (isPowerOfTen(request) || request == requests) {
                out.printf("leaky: after request %d: %d tasks running%n", request,
                        leakyTasks.running().size());
            }
        }
        Set<Thread> leakyLeft = leakyTasks.running();
        int leaked = leakyLeft.size();
        out.printf("leaky: tasks left: %d (expected %d: the losers block in send forever)%n",
                leaked, requests * (replicas - 1));
        List<BlockedOperation> parkedSends = awaitParkedSends(leakyLeft, END_TIMEOUT);
        out.printf("leaky: ChannelDiagnostics sees %d senders parked on channels; the oldest,"
                + " as its dump shows it:%n", parkedSends.size());
        out.print(ChannelDiagnostics.format(
                parkedSends.isEmpty() ? List.of() : parkedSends.subList(0, 1)));

        StartedTasks fixedTasks = new StartedTasks();
        for (int request = 1; request <= requests; request++) {
            askWithContext(request, replicas);
        }
        int fixedLeft = fixedTasks.awaitAllEnded(END_TIMEOUT).size();
        out.printf("fixed: tasks left: %d (the losers return when the context is cancelled)%n",
                fixedLeft);
        int fixedParked = 0;
        for (BlockedOperation operation : ChannelDiagnostics.blockedOperations()) {
            if (!leakyLeft.contains(operation.thread())) {
                fixedParked++;
            }
        }
        out.printf("fixed: ChannelDiagnostics sees %d operations parked on channels besides"
                + " the leaky senders%n", fixedParked);

        // Clean up after the leaky version: cancelling a channel wakes its blocked senders.
        for (Channel<Answer> answers : abandoned) {
            answers.cancel();
        }
        int leftAfterCleanup = leakyTasks.awaitAllEnded(END_TIMEOUT).size();
        out.printf("cleanup: cancelled the abandoned channels; leaky tasks left: %d%n",
                leftAfterCleanup);

        boolean asExpected = leaked == requests * (replicas - 1)
                && parkedSends.size() == leaked && fixedLeft == 0 && fixedParked == 0
                && leftAfterCleanup == 0;
        return asExpected ? 0 : 1;
    }

    /**
     * Asks every replica and returns once the first answer is in and its task has ended; the
     * other tasks stay blocked in their send. Returns the channel they block on.
     */
    private static Channel<Answer> askLeaky(int request, int replicas) throws InterruptedException {
        Channel<Answer> answers = Channel.<Answer>builder().name("answers-" + request).build();
        for (int replica = 1; replica <= replicas; replica++) {
            int id = replica;
            Tasks.start("leaky-" + request + "-" + replica, () -> {
                try {
                    answers.send(new Answer(id, Thread.currentThread()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (ChannelClosedException cancelled) {
                    // The cleanup at the end cancelled the channel: nobody wants the answer.
                }
            });
        }
        Answer first = answers.receive();
        // Joined so that the count afterwards holds only the blocked losers.
        first.task.join();
        return answers;
    }

    /** Asks every replica, takes the first answer, and cancels the others through a context. */
    private static Answer askWithContext(int request, int replicas) throws InterruptedException {
        Channel<Answer> answers = Channel.<Answer>builder().name("answers-" + request).build();
        try (Context ctx = Context.background().withCancel()) {
            for (int replica = 1; replica <= replicas; replica++) {
                int id = replica;
                Tasks.start("fixed-" + request + "-" + replica, () -> {
                    try {
                        Select.select(
                                answers.onSend(new Answer(id, Thread.currentThread()), () -> true),
                                ctx.done().onReceiveOrNull(ignored -> false));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
            }
            return answers.receive();
        }
    }

    /**
     * Returns the sends that {@code tasks} are parked in, oldest first, once every task is
     * parked in one or {@code timeout} has passed. A loser may not have parked yet when its
     * request returns. {@link ChannelDiagnostics} sends no notification, so this polls it.
     */
    private static List<BlockedOperation> awaitParkedSends(Set<Thread> tasks, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            boolean timedOut = System.nanoTime() - deadline >= 0;
            // blockedCount() is cheap, but blockedOperations() captures a stack per operation.
            if (timedOut || ChannelDiagnostics.blockedCount() >= tasks.size()) {
                List<BlockedOperation> sends = new ArrayList<>();
                for (BlockedOperation operation : ChannelDiagnostics.blockedOperations()) {
                    if (tasks.contains(operation.thread())
                            && operation.operation().equals("send")) {
                        sends.add(operation);
                    }
                }
                if (timedOut || sends.size() == tasks.size()) {
                    return sends;
                }
            }
            TimeUnit.MILLISECONDS.sleep(5);
        }
    }

    private static boolean isPowerOfTen(int n) {
        int rest = n;
        while (rest % 10 == 0) {
            rest /= 10;
        }
        return rest == 1;
    }

    /** One replica's answer: which replica, and the task that sent it. */
    private record Answer(int replica, Thread task) {
    }

    private static void printUsage(PrintStream out) {
        out.println("usage: " + NAME + " [--requests N] [--replicas N]");
        out.println("  --requests  how many requests each version makes (default "
                + DEFAULT_REQUESTS + ")");
        out.println("  --replicas  tasks started per request, at least 2 (default "
                + DEFAULT_REPLICAS + ")");
    }
}
