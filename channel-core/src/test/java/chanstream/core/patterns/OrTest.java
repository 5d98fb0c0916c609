package chanstream.core.patterns;

import static chanstream.core.patterns.PatternSupport.joined;
import static chanstream.core.patterns.PatternSupport.start;
import static chanstream.core.patterns.PatternSupport.threads;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chanstream.core.Channel;
import chanstream.core.Channels;
import chanstream.core.ReceiveChannel;
import chanstream.core.Select;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link Channels#or}: fires when any input fires, and then reports closed to everyone. */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
@ExtendWith(NoTaskLeftRunning.class)
class OrTest {

    @ParameterizedTest(name = "input {0} of 3 fires")
    @ValueSource(ints = {0, 1, 2})
    void firesWhenAnyInputIsClosed(int firing) throws Exception {
        List<Channel<Object>> inputs = List.of(Channel.unbuffered(), Channel.buffered(1),
                Channel.unlimited());
        ReceiveChannel<?> any = Channels.or(inputs.toArray(new ReceiveChannel<?>[0]));
        assertThat(any.tryReceive()).as("before").isNull();
        assertThat(any.isClosedForReceive()).as("closed before").isFalse();

        inputs.get(firing).close();

        assertThat(any.receiveOrNull()).isNull();
        assertThat(any.isClosedForReceive()).as("closed after").isTrue();
    }

    @ParameterizedTest(name = "input {0} of 3 fires")
    @ValueSource(ints = {0, 1, 2})
    void firesWhenAnyInputReceivesAValue(int firing) throws Exception {
        List<Channel<Object>> inputs = List.of(Channel.buffered(1), Channel.buffered(1),
                Channel.buffered(1));
        ReceiveChannel<?> any = Channels.or(inputs.toArray(new ReceiveChannel<?>[0]));

        inputs.get(firing).send("fire");

        assertThat(any.receiveOrNull()).isNull();
        assertThat(any.receiveOrNull()).as("stays fired").isNull();
    }

    @Test
    void noInputIsRejected() {
        assertThatThrownBy(() -> Channels.or())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one");
    }

    @ParameterizedTest(name = "virtual {0}")
    @ValueSource(booleans = {false, true})
    void broadcastsToEveryWaitingReceiver(boolean virtual) throws Exception {
        ThreadFactory threads = threads(virtual);
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        Channel<Object> first = Channel.unbuffered();
        Channel<Object> second = Channel.unbuffered();
        ReceiveChannel<?> any = Channels.or(first, second);
        AtomicInteger woken = new AtomicInteger();
        List<Thread> receivers = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            receivers.add(start(threads, errors, () -> {
                any.receiveOrNull();
                woken.incrementAndGet();
            }));
        }

        second.send("fire");

        for (Thread receiver : receivers) {
            assertThat(joined(receiver)).as("receiver woke").isTrue();
        }
        assertThat(errors).isEmpty();
        assertThat(woken).hasValue(20);
    }

    @Test
    void worksAsDoneChannelAndInSelect() throws Exception {
        Channel<Object> stop = Channel.unbuffered();
        ReceiveChannel<?> any = Channels.or(stop, Channel.unbuffered());
        Channel<Integer> source = Channel.buffered(1);
        source.send(1);
        ReceiveChannel<Integer> view = Channels.orDone(any, source);

        assertThat(view.receive()).isEqualTo(1);
        stop.close();

        assertThat(view.receiveOrNull()).isNull();
        assertThat(Select.select(any.onReceiveOrNull(ignored -> "fired"),
                Select.onTimeout(Duration.ofSeconds(10), () -> "timeout"))).isEqualTo("fired");
    }
}
