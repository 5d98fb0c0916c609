package chanstream.tck;

import org.reactivestreams.tck.TestEnvironment;

/**
 * Timeouts and sizes shared by every verification in this module. The TCK's own default
 * timeouts are 100 ms, and these leave room for a build machine that runs other builds at the
 * same time.
 *
 * <p>Each timeout can be raised with a system property, for example
 * {@code mvn verify -Dchanstream.tck.timeoutMillis=5000} on a slower machine. Surefire
 * passes the {@code -D} properties of the Maven command line to the forked test JVM.
 */
final class TckSettings {

    /**
     * How long a test waits for a signal it expects (an element, a request, completion),
     * in milliseconds. A passing test rarely waits this long, except in
     * {@code expectError} (see {@link #environment()}).
     */
    static final long TIMEOUT_MILLIS = Long.getLong("chanstream.tck.timeoutMillis", 2_000L);

    /**
     * How long a test watches for a signal that must not come, in milliseconds. Every
     * {@code expectNone} waits this long, so it dominates the run time. A delay longer
     * than this weakens a check but never fails a correct implementation.
     */
    static final long NO_SIGNALS_TIMEOUT_MILLIS =
            Long.getLong("chanstream.tck.noSignalsTimeoutMillis", 200L);

    /**
     * How long rule 3.13's test waits after {@code cancel} before it runs the garbage
     * collector and checks that the publisher dropped its subscriber, in milliseconds.
     */
    static final long PUBLISHER_REFERENCE_GC_TIMEOUT_MILLIS =
            Long.getLong("chanstream.tck.publisherReferenceGcTimeoutMillis", 1_000L);

    /** The capacity of the buffered channel under the publisher verifications. */
    static final int BUFFERED_CAPACITY = 8;

    private TckSettings() {
    }

    /**
     * Creates the test environment with the timeouts above.
     *
     * <p>The poll timeout equals {@link #TIMEOUT_MILLIS}: in TCK 1.0.4,
     * {@code expectError} sleeps one poll interval, checks once and then gives up, so a
     * shorter poll interval would shorten the time an error has to arrive. Each
     * {@code expectError} therefore costs one full {@link #TIMEOUT_MILLIS}.
     */
    static TestEnvironment environment() {
        return new TestEnvironment(TIMEOUT_MILLIS, NO_SIGNALS_TIMEOUT_MILLIS, TIMEOUT_MILLIS);
    }
}
