package chanstream.examples;

import chanstream.core.Channel;
import java.io.PrintStream;
import java.util.Set;

/**
 * The two sends of {@link Deadlock} on a channel with a buffer of 10: nothing blocks, because
 * the buffer takes both elements before anyone receives. Go's classic example:
 *
 * <pre>{@code
 * ch := make(chan interface{}, 10)
 * ch <- "string"
 * ch <- 24
 * fmt.Println(<-ch) // string
 * fmt.Println(<-ch) // 24
 * }</pre>
 */
final class Buffered {

    static final String NAME = "buffered";

    static final String DESCRIPTION =
            "Go's classic: send \"string\" and 24 into a buffer of 10, then print both";

    private Buffered() {
    }

    static int run(PrintStream out, String... args) throws InterruptedException {
        Options options;
        try {
            options = Options.parse(args, Set.of(), Set.of(), false);
        } catch (UsageException e) {
            out.println(NAME + ": " + e.getMessage());
            printUsage(out);
            return 2;
        }
        if (options.helpRequested()) {
            printUsage(out);
            return 0;
        }

        try (Channel<Object> ch = Channel.buffered(10)) {
            ch.send("string");
            ch.send(24);
            out.println(ch.receive());
            out.println(ch.receive());
        }
        return 0;
    }

    private static void printUsage(PrintStream out) {
        out.println("usage: " + NAME + "   (no options; prints \"string\" then \"24\")");
    }
}
