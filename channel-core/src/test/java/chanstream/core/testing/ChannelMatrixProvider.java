package chanstream.core.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.ArgumentsProvider;
import org.junit.jupiter.params.support.AnnotationConsumer;
import org.junit.jupiter.params.support.ParameterDeclarations;

/**
 * Generates the rows of a {@link ChannelMatrix}: every capacity with every thread kind.
 */
public final class ChannelMatrixProvider
        implements ArgumentsProvider, AnnotationConsumer<ChannelMatrix> {

    private Capacity[] capacities = Capacity.values();
    private ThreadKind[] threads = ThreadKind.values();

    @Override
    public void accept(ChannelMatrix matrix) {
        capacities = matrix.capacities();
        threads = matrix.threads();
    }

    @Override
    public Stream<? extends Arguments> provideArguments(ParameterDeclarations parameters,
            ExtensionContext context) {
        List<Arguments> rows = new ArrayList<>();
        for (Capacity capacity : capacities) {
            for (ThreadKind kind : threads) {
                rows.add(Arguments.of(capacity, kind));
            }
        }
        return rows.stream();
    }
}
