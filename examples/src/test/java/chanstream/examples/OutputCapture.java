package chanstream.examples;

import chanstream.core.Channel;
import chanstream.core.Select;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/**
 * A {@link PrintStream} for an example's output that a test reads line by line, also while the
 * example is still running: every complete line goes into a list and into a channel that
 * {@link #awaitLine} receives from.
 */
final class OutputCapture {

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Channel<String> pending = Channel.unlimited();
    private final PrintStream stream =
            new PrintStream(new LineSplitter(), true, StandardCharsets.UTF_8);

    PrintStream stream() {
        return stream;
    }

    /** Returns the complete lines written so far. */
    List<String> lines() {
        return List.copyOf(lines);
    }

    /** Returns the complete lines written so far, joined with newlines, for failure messages. */
    String text() {
        return String.join("\n", lines);
    }

    /**
     * Waits for the next line that {@code matcher} accepts; the lines before it are passed over
     * by later calls but stay in {@link #lines()}.
     *
     * @throws TimeoutException if no such line was written within {@code timeout}
     */
    String awaitLine(Predicate<String> matcher, Duration timeout)
            throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Duration remaining = Duration.ofNanos(Math.max(0L, deadline - System.nanoTime()));
            Optional<String> line = Select.select(
                    pending.onReceive(Optional::of),
                    Select.onTimeout(remaining, Optional::<String>empty));
            if (line.isEmpty()) {
                throw new TimeoutException("no matching line within " + timeout
                        + "; output so far:\n" + text());
            }
            if (matcher.test(line.get())) {
                return line.get();
            }
        }
    }

    /** Splits the bytes written into UTF-8 lines. */
    private final class LineSplitter extends OutputStream {

        private final ReentrantLock lock = new ReentrantLock();
        private final ByteArrayOutputStream current = new ByteArrayOutputStream();

        @Override
        public void write(int b) {
            lock.lock();
            try {
                if (b == '\n') {
                    String line = current.toString(StandardCharsets.UTF_8);
                    current.reset();
                    lines.add(line);
                    pending.trySend(line);
                } else {
                    current.write(b);
                }
            } finally {
                lock.unlock();
            }
        }
    }
}
