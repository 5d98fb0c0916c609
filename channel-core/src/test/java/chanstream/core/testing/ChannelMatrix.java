package chanstream.core.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * Runs a test method once per combination of channel {@link Capacity} and {@link ThreadKind}.
 * The method takes {@code (Capacity capacity, ThreadKind threads)}. Virtual-thread rows are
 * generated on every JDK and skip themselves on JDK 17 when they create a thread.
 *
 * <pre>{@code
 * @ChannelMatrix(capacities = {Capacity.ONE, Capacity.SIXTEEN})
 * void bufferedSendDoesNotWait(Capacity capacity, ThreadKind threads) { ... }
 * }</pre>
 */
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ParameterizedTest(name = "{0}, {1}")
@ArgumentsSource(ChannelMatrixProvider.class)
public @interface ChannelMatrix {

    /** The capacities to run with, all five by default. */
    Capacity[] capacities() default {
        Capacity.UNBUFFERED, Capacity.ONE, Capacity.TWO, Capacity.SIXTEEN, Capacity.UNLIMITED
    };

    /** The thread kinds to run with, both by default. */
    ThreadKind[] threads() default {ThreadKind.PLATFORM, ThreadKind.VIRTUAL};
}
