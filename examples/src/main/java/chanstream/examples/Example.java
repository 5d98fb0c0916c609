package chanstream.examples;

import java.io.PrintStream;

/**
 * One runnable example: its name on the command line, a one-line description for the list, and
 * its entry point.
 *
 * @param name the name given to the launcher
 * @param description one line for the launcher's list
 * @param runner the entry point
 */
record Example(String name, String description, Runner runner) {

    /** An example's entry point: writes to {@code out} and returns the process exit code. */
    @FunctionalInterface
    interface Runner {

        int run(PrintStream out, String... args) throws Exception;
    }
}
