package chanstream.core.lincheck;

import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Lincheck checks that trySend, tryReceive, the asynchronous send and receive with withdrawal,
 * close, close with a cause, cancel and isClosedForSend are linearizable against
 * {@link ChannelModel}, on capacities 0, 1, 2 and unlimited, in model checking (every
 * interleaving Lincheck explores, including lost wake-ups, which show as a hang) and under
 * stress (real threads).
 *
 * <p>A failure throws {@code LincheckAssertionError}, which prints the scenario, the results
 * and, in model checking, the interleaving.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class ChannelLinearizabilityTest {

    static Stream<Arguments> capacities() {
        return Stream.of(
                Arguments.of("unbuffered", ChannelOperations.Unbuffered.class,
                        ChannelOperations.UnbufferedModel.class),
                Arguments.of("capacity 1", ChannelOperations.Buffered1.class,
                        ChannelOperations.Buffered1Model.class),
                Arguments.of("capacity 2", ChannelOperations.Buffered2.class,
                        ChannelOperations.Buffered2Model.class),
                Arguments.of("unlimited", ChannelOperations.Unlimited.class,
                        ChannelOperations.UnlimitedModel.class));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("capacities")
    void operationsAreLinearizableUnderModelChecking(String capacity, Class<?> operations,
            Class<?> model) {
        new ModelCheckingOptions()
                .iterations(3)
                .invocationsPerIteration(50)
                .threads(3)
                .actorsPerThread(3)
                .actorsBefore(2)
                .actorsAfter(2)
                .sequentialSpecification(model)
                .check(operations);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("capacities")
    void operationsAreLinearizableUnderStress(String capacity, Class<?> operations,
            Class<?> model) {
        new StressOptions()
                .iterations(5)
                .invocationsPerIteration(500)
                .threads(3)
                .actorsPerThread(3)
                .actorsBefore(2)
                .actorsAfter(2)
                .sequentialSpecification(model)
                .check(operations);
    }

    @Tag("stress")
    @ParameterizedTest(name = "{0}")
    @MethodSource("capacities")
    void operationsAreLinearizableUnderLongModelChecking(String capacity, Class<?> operations,
            Class<?> model) {
        new ModelCheckingOptions()
                .iterations(50)
                .invocationsPerIteration(1000)
                .threads(3)
                .actorsPerThread(4)
                .actorsBefore(2)
                .actorsAfter(2)
                .sequentialSpecification(model)
                .check(operations);
    }

    @Tag("stress")
    @ParameterizedTest(name = "{0}")
    @MethodSource("capacities")
    void operationsAreLinearizableUnderLongStress(String capacity, Class<?> operations,
            Class<?> model) {
        new StressOptions()
                .iterations(50)
                .invocationsPerIteration(5000)
                .threads(3)
                .actorsPerThread(4)
                .actorsBefore(2)
                .actorsAfter(2)
                .sequentialSpecification(model)
                .check(operations);
    }
}
