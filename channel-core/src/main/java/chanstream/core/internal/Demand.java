package chanstream.core.internal;

/**
 * Arithmetic on Reactive Streams demand: additions saturate at {@link Long#MAX_VALUE}, which
 * means unbounded (rule 3.17).
 */
final class Demand {

    private Demand() {
    }

    static long addCap(long a, long b) {
        long sum = a + b;
        return sum < 0L ? Long.MAX_VALUE : sum;
    }

    /** Creates the error that rule 3.9 requires for {@code request(n)} with {@code n <= 0}. */
    static IllegalArgumentException nonPositive(long n) {
        return new IllegalArgumentException(
                "Reactive Streams rule 3.9: non-positive subscription request, n = " + n
                        + "; request at least 1");
    }
}
