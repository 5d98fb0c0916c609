package chanstream.bench;

import chanstream.core.Channel;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.SynchronousQueue;
import org.openjdk.jol.info.ClassLayout;
import org.openjdk.jol.info.GraphLayout;

/**
 * Measures the memory figures that report.py adds to BENCHMARKS.md and writes them as JSON:
 *
 * <ul>
 *   <li>the shallow and deep size of an empty channel, with JOL, and its own size: the deep
 *       size without the objects that every channel shares;
 *   <li>the heap per blocked waiter: 10,000 ({@code --waiters}) virtual threads each blocked
 *       receiving from their own empty channel, measured as the growth of the used heap after a
 *       full GC, divided by the number of threads. It counts the channel, the waiter's queue
 *       node, the Thread object, the virtual thread's stack chunk and its Runnable, plus a slot
 *       in the list of threads (4 bytes with compressed references). The
 *       {@value #LATCH_BASELINE} row is the same measurement with a latch for a channel.
 * </ul>
 *
 * <p>Usage: {@code java -cp benchmarks.jar chanstream.bench.MemoryFootprint [--out FILE]
 * [--waiters N] [--samples N]}. The waiter figures need JDK 21+ and are left out before it.
 * Run it with {@code -XX:+UseSerialGC -XX:MarkSweepDeadRatio=0}: the serial collector's full GC
 * otherwise leaves some dead objects in place as filler, and the used heap then swings by
 * megabytes between samples.
 *
 * <p>A parked virtual thread's stack chunk is smaller once its frames are JIT-compiled, so each
 * subject first runs {@value #WARMUP_ROUNDS} unmeasured rounds, and the report gives the median
 * of the samples.
 */
public final class MemoryFootprint {

    private static final String JOX_PROVIDER = "chanstream.bench.JoxFootprintSubjects";

    private static final Integer ELEMENT = 7;

    private static final int WARMUP_ROUNDS = 3;

    /**
     * The baseline row: virtual threads blocked on their own {@link CountDownLatch} in place of a
     * channel. A channel row minus this row is what waiting on that channel costs beyond a latch.
     */
    static final String LATCH_BASELINE = "CountDownLatch(1)";

    private MemoryFootprint() {
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        List<FootprintSubject> subjects = subjects();

        StringBuilder json = new StringBuilder();
        json.append("{\n  \"baseline\": ").append(quote(LATCH_BASELINE))
                .append(",\n  \"jdk\": ").append(quote(System.getProperty("java.vm.version")))
                .append(",\n  \"vm\": ").append(quote(System.getProperty("java.vm.name")))
                .append(",\n  \"jvmArgs\": ").append(quote(String.join(" ",
                        ManagementFactory.getRuntimeMXBean().getInputArguments())))
                .append(",\n  \"emptyChannels\": [");
        appendEmptySizes(json, subjects);
        json.append("\n  ],\n  \"waiters\": ").append(options.waiters)
                .append(",\n  \"heapPerWaiter\": [");
        if (ThreadKind.virtualThreadsAvailable()) {
            appendWaiterHeap(json, subjects, options.waiters, options.samples);
        } else {
            System.out.println("heap per waiter: skipped, virtual threads need JDK 21+");
        }
        json.append("\n  ]\n}\n");

        if (options.out == null) {
            System.out.print(json);
        } else {
            Files.writeString(options.out, json, StandardCharsets.UTF_8);
            System.out.println("wrote " + options.out);
        }
    }

    /** The command-line options. */
    private static final class Options {
        Path out;
        int waiters = 10_000;
        int samples = 5;

        static Options parse(String[] args) {
            Options options = new Options();
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--out":
                        options.out = Path.of(requireValue(args, ++i, "--out"));
                        break;
                    case "--waiters":
                        options.waiters = Integer.parseInt(requireValue(args, ++i, "--waiters"));
                        break;
                    case "--samples":
                        options.samples = Integer.parseInt(requireValue(args, ++i, "--samples"));
                        break;
                    default:
                        throw new IllegalArgumentException("unknown option " + args[i]
                                + "; options are --out FILE, --waiters N and --samples N");
                }
            }
            if (options.waiters <= 0 || options.samples <= 0) {
                throw new IllegalArgumentException("invalid --waiters " + options.waiters
                        + " or --samples " + options.samples + ": both must be positive");
            }
            return options;
        }
    }

    private static String requireValue(String[] args, int index, String option) {
        if (index >= args.length) {
            throw new IllegalArgumentException("missing value after " + option);
        }
        return args[index];
    }

    /** Returns the chanstream and JDK subjects, then the Jox ones when this build has them. */
    @SuppressWarnings("unchecked")
    static List<FootprintSubject> subjects() throws ReflectiveOperationException {
        List<FootprintSubject> subjects = new ArrayList<>();
        subjects.add(new FootprintSubject("chanstream unbuffered", Channel::unbuffered,
                channel -> ((Channel<?>) channel).receive(),
                channel -> ((Channel<Integer>) channel).send(ELEMENT)));
        subjects.add(new FootprintSubject("chanstream buffered(16)", () -> Channel.buffered(16),
                null, null));
        subjects.add(new FootprintSubject("chanstream buffered(16), after one element",
                MemoryFootprint::usedBufferedChannel, null, null));
        subjects.add(new FootprintSubject("SynchronousQueue", SynchronousQueue::new,
                queue -> ((SynchronousQueue<?>) queue).take(),
                queue -> ((SynchronousQueue<Integer>) queue).put(ELEMENT)));
        subjects.add(new FootprintSubject("ArrayBlockingQueue(16)",
                () -> new ArrayBlockingQueue<Integer>(16), null, null));
        subjects.add(new FootprintSubject("LinkedBlockingQueue(16)",
                () -> new LinkedBlockingQueue<Integer>(16), null, null));
        subjects.add(new FootprintSubject(LATCH_BASELINE, () -> new CountDownLatch(1),
                latch -> ((CountDownLatch) latch).await(),
                latch -> ((CountDownLatch) latch).countDown()));
        try {
            Class<?> provider = Class.forName(JOX_PROVIDER);
            FootprintSubject.Provider jox = (FootprintSubject.Provider)
                    provider.getDeclaredConstructor().newInstance();
            subjects.addAll(jox.subjects());
        } catch (ClassNotFoundException builtOnJdk17) {
            System.out.println("Jox rows: skipped, this jar was built on JDK 17 without Jox");
        }
        return subjects;
    }

    /** Returns a buffered(16) channel that held one element, so its ring buffer exists. */
    private static Object usedBufferedChannel() {
        Channel<Integer> channel = Channel.buffered(16);
        if (!channel.trySend(ELEMENT) || channel.tryReceive() == null) {
            throw new IllegalStateException("an empty buffered(16) channel did not take and return"
                    + " one element without waiting");
        }
        return channel;
    }

    private static void appendEmptySizes(StringBuilder json, List<FootprintSubject> subjects) {
        String separator = "";
        for (FootprintSubject subject : subjects) {
            Object channel = subject.factory().create();
            long shallow = ClassLayout.parseInstance(channel).instanceSize();
            long deep = GraphLayout.parseInstance(channel).totalSize();
            // The deep size counts objects that all channels share, such as enum constants. A
            // second channel adds only what is its own.
            Object second = subject.factory().create();
            long own = GraphLayout.parseInstance(channel, second).totalSize() - deep;
            System.out.printf(Locale.ROOT, "%-45s shallow %5d B, deep %6d B, own %6d B%n",
                    subject.name(), shallow, deep, own);
            json.append(separator).append("\n    {\"name\": ").append(quote(subject.name()))
                    .append(", \"class\": ").append(quote(channel.getClass().getName()))
                    .append(", \"shallowBytes\": ").append(shallow)
                    .append(", \"deepBytes\": ").append(deep)
                    .append(", \"ownBytes\": ").append(own).append('}');
            separator = ",";
        }
    }

    private static void appendWaiterHeap(StringBuilder json, List<FootprintSubject> subjects,
            int waiters, int samples) throws InterruptedException {
        List<FootprintSubject> blocking = new ArrayList<>();
        for (FootprintSubject subject : subjects) {
            if (subject.receiver() != null) {
                blocking.add(subject);
            }
        }
        String separator = "";
        for (FootprintSubject subject : blocking) {
            for (int round = 0; round < WARMUP_ROUNDS; round++) {
                measureWaiters(subject, waiters);
            }
            long[] perWaiter = new long[samples];
            for (int s = 0; s < samples; s++) {
                perWaiter[s] = measureWaiters(subject, waiters);
            }
            long[] sorted = perWaiter.clone();
            Arrays.sort(sorted);
            long median = sorted[samples / 2];
            System.out.printf(Locale.ROOT, "%-45s %6d B per blocked virtual thread, samples %s%n",
                    subject.name(), median, Arrays.toString(perWaiter));
            json.append(separator).append("\n    {\"name\": ").append(quote(subject.name()))
                    .append(", \"bytesPerWaiter\": ").append(median)
                    .append(", \"samples\": ").append(Arrays.toString(perWaiter)).append('}');
            separator = ",";
        }
    }

    /**
     * Blocks {@code count} virtual threads, one per fresh channel of {@code subject}, and returns
     * the growth of the used heap per thread. The channels and threads stay reachable from this
     * frame while the heap is measured.
     */
    private static long measureWaiters(FootprintSubject subject, int count)
            throws InterruptedException {
        Object[] channels = new Object[count];
        long before = usedHeapAfterGc();
        for (int i = 0; i < count; i++) {
            channels[i] = subject.factory().create();
        }
        ThreadBatch batch = ThreadBatch.startParked(ThreadKind.VIRTUAL, "footprint-waiter", count,
                index -> subject.receiver().apply(channels[index]));
        long after = usedHeapAfterGc();
        for (Object channel : channels) {
            subject.sender().apply(channel);
        }
        batch.awaitFinished();
        batch.join(); // a thread that counted down may still be running, its stack on the heap
        return Math.round((after - before) / (double) count);
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        // Collect until the used heap stops falling, at most five times.
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(20);
            long now = memory.getHeapMemoryUsage().getUsed();
            if (now >= used) {
                return now;
            }
            used = now;
        }
        return used;
    }

    private static String quote(String text) {
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                quoted.append('\\').append(c);
            } else if (c < 0x20) {
                quoted.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                quoted.append(c);
            }
        }
        return quoted.append('"').toString();
    }
}
