package chanstream.core.testing;

import org.opentest4j.TestAbortedException;

/**
 * Runs a race or repetition loop and names the failing round, so that a rare interleaving can
 * be told apart from a failure in every round.
 */
public final class Rounds {

    /** The body of one round. */
    @FunctionalInterface
    public interface Round {

        /**
         * Runs round {@code round}.
         *
         * @param round the round number, from 0
         * @throws Exception any failure, reported with the round number
         */
        void run(int round) throws Exception;
    }

    private Rounds() {
    }

    /**
     * Runs {@code body} for rounds {@code 0} to {@code rounds - 1}, stopping at the first failure.
     * A failed JUnit assumption passes through unchanged, so the test is skipped, not failed.
     *
     * @param rounds the number of rounds
     * @param body the round's body
     * @throws AssertionError naming the round, with the round's failure as cause
     */
    public static void run(int rounds, Round body) {
        for (int round = 0; round < rounds; round++) {
            try {
                body.run(round);
            } catch (TestAbortedException skipped) {
                throw skipped;
            } catch (Throwable failure) {
                throw new AssertionError(
                        "round " + round + " of " + rounds + " failed: " + failure, failure);
            }
        }
    }
}
