package chanstream.examples;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The launcher: {@code java -jar chanstream-examples.jar NAME [ARGS]} runs one example.
 *
 * <p>With no argument it lists the examples; an unknown name prints the list and exits with
 * status 2. Each example writes to the stream it is given and returns its exit status, so that
 * the tests run the same code as the command line.
 */
public final class Main {

    /** The examples in the order the list shows them. */
    static final List<Example> EXAMPLES = List.of(
            new Example(WordCount.NAME, WordCount.DESCRIPTION, WordCount::run),
            new Example(Deadlock.NAME, Deadlock.DESCRIPTION, Deadlock::run),
            new Example(Buffered.NAME, Buffered.DESCRIPTION, Buffered::run),
            new Example(CowsAndPigs.NAME, CowsAndPigs.DESCRIPTION, CowsAndPigs::run),
            new Example(Leak.NAME, Leak.DESCRIPTION, Leak::run),
            new Example(Shutdown.NAME, Shutdown.DESCRIPTION, Shutdown::run),
            new Example(FluxToChannel.NAME, FluxToChannel.DESCRIPTION, FluxToChannel::run));

    private Main() {
    }

    /**
     * Runs the example named by {@code args[0]} and exits with its status.
     *
     * @param args the example's name, then its arguments
     */
    public static void main(String[] args) {
        int status = run(System.out, args);
        System.out.flush();
        System.exit(status);
    }

    /**
     * Runs the example named by {@code args[0]} with the remaining arguments.
     *
     * @param out where the example and the launcher write
     * @param args the example's name, then its arguments
     * @return the exit status: the example's own, 0 for the list, 2 for an unknown name, 1 if
     *     the example threw
     */
    static int run(PrintStream out, String... args) {
        if (args.length == 0) {
            printList(out);
            return 0;
        }
        String name = args[0];
        if (name.equals("-h") || name.equals("--help") || name.equals("help")) {
            printList(out);
            return 0;
        }
        Optional<Example> example = find(name);
        if (example.isEmpty()) {
            out.println("unknown example '" + name + "'");
            out.println();
            printList(out);
            return 2;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        try {
            return example.get().runner().run(out, rest);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            out.println(name + ": interrupted");
            return 1;
        } catch (Exception e) {
            out.println(name + " failed: " + e);
            e.printStackTrace(out);
            return 1;
        }
    }

    static Optional<Example> find(String name) {
        return EXAMPLES.stream().filter(example -> example.name().equals(name)).findFirst();
    }

    private static void printList(PrintStream out) {
        out.println("usage: java -jar chanstream-examples.jar NAME [ARGS]");
        out.println("       java -jar chanstream-examples.jar NAME --help"
                + "   (the example's options)");
        out.println();
        out.println("examples:");
        for (Example example : EXAMPLES) {
            out.printf("  %-16s %s%n", example.name(), example.description());
        }
    }
}
