package chanstream.core.badinput;

import static chanstream.core.badinput.Rejection.invalidArgument;
import static chanstream.core.badinput.Rejection.nullArgument;
import static org.assertj.core.api.Assertions.assertThat;

import chanstream.core.Channel;
import chanstream.core.ChannelBuilder;
import chanstream.core.Overflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad arguments to the methods of {@link Channel}, {@link ChannelBuilder},
 * {@link chanstream.core.SendChannel} and {@link chanstream.core.ReceiveChannel}: each raises its
 * exception before it has any effect, so the channel keeps its elements, stays open and still
 * works. The send-side rows run on every kind of channel, the receive-side rows also on the
 * views (or-done, merge, toChannel).
 */
@Timeout(30)
class ChannelBadInputTest {

    /** One bad call on a channel, and the exception it must raise. */
    record ChannelCall(String description, Function<Subject, ThrowingCallable> call,
            Rejection rejection) {

        @Override
        public String toString() {
            return description;
        }
    }

    static Stream<Arguments> sendCalls() {
        Duration second = Duration.ofSeconds(1);
        List<ChannelCall> calls = List.of(
                new ChannelCall("send(null)",
                        s -> () -> s.channel().send(null), nullArgument("element")),
                new ChannelCall("send(null, 1 s)",
                        s -> () -> s.channel().send(null, second), nullArgument("element")),
                new ChannelCall("send(x, null)",
                        s -> () -> s.channel().send("x", null), nullArgument("timeout")),
                new ChannelCall("send(x, -1 ms)",
                        s -> () -> s.channel().send("x", Duration.ofMillis(-1)),
                        invalidArgument("timeout must be >= 0", "PT-0.001S")),
                new ChannelCall("trySend(null)",
                        s -> () -> s.channel().trySend(null), nullArgument("element")),
                new ChannelCall("sendAsync(null)",
                        s -> () -> s.channel().sendAsync(null), nullArgument("element")),
                new ChannelCall("close(null)",
                        s -> () -> s.channel().close(null), nullArgument("cause")),
                new ChannelCall("onSend(null, then)",
                        s -> () -> s.channel().onSend(null, () -> "sent"),
                        nullArgument("element")),
                new ChannelCall("onSend(x, null)",
                        s -> () -> s.channel().onSend("x", null), nullArgument("then")));
        return crossProduct(Subject.channels(), calls);
    }

    static Stream<Arguments> receiveCalls() {
        List<ChannelCall> calls = List.of(
                new ChannelCall("forEach(null)",
                        s -> () -> s.receiveSide().forEach(null), nullArgument("action")),
                new ChannelCall("onReceive(null)",
                        s -> () -> s.receiveSide().onReceive(null), nullArgument("then")),
                new ChannelCall("onReceiveOrNull(null)",
                        s -> () -> s.receiveSide().onReceiveOrNull(null), nullArgument("then")));
        return crossProduct(Subject.receiveChannels(), calls);
    }

    private static Stream<Arguments> crossProduct(List<Subject.Kind> subjects,
            List<ChannelCall> calls) {
        List<Arguments> rows = new ArrayList<>();
        for (Subject.Kind subject : subjects) {
            for (ChannelCall call : calls) {
                rows.add(Arguments.of(call, subject));
            }
        }
        return rows.stream();
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource({"sendCalls", "receiveCalls"})
    void badCallLeavesChannelUnchanged(ChannelCall call, Subject.Kind kind) throws Exception {
        try (Subject subject = kind.create()) {
            call.rejection().assertThrownBy(call.description(), call.call().apply(subject));

            subject.assertUnchanged();
        }
    }

    static Stream<Arguments> factoryCalls() {
        return Stream.of(
                Arguments.of("Channel.buffered(-1)",
                        (ThrowingCallable) () -> Channel.buffered(-1),
                        invalidArgument("capacity must be >= 0, was -1")),
                Arguments.of("Channel.buffered(Integer.MIN_VALUE)",
                        (ThrowingCallable) () -> Channel.buffered(Integer.MIN_VALUE),
                        invalidArgument("capacity must be >= 0, was -2147483648")),
                Arguments.of("builder().capacity(-1)",
                        (ThrowingCallable) () -> Channel.builder().capacity(-1),
                        invalidArgument("capacity must be >= 0, was -1")),
                Arguments.of("builder().overflow(null)",
                        (ThrowingCallable) () -> Channel.builder().overflow(null),
                        nullArgument("overflow")),
                Arguments.of("builder().onUndelivered(null)",
                        (ThrowingCallable) () -> Channel.builder().onUndelivered(null),
                        nullArgument("handler")),
                Arguments.of("builder().name(null)",
                        (ThrowingCallable) () -> Channel.builder().name(null),
                        nullArgument("name")),
                Arguments.of("builder().overflow(DROP_OLDEST).build()",
                        (ThrowingCallable) () -> Channel.builder().overflow(Overflow.DROP_OLDEST)
                                .build(),
                        invalidArgument("overflow DROP_OLDEST needs a buffer",
                                "set capacity(1) or more", "capacity was 0")),
                Arguments.of("builder().capacity(0).overflow(DROP_LATEST).build()",
                        (ThrowingCallable) () -> Channel.builder().capacity(0)
                                .overflow(Overflow.DROP_LATEST).build(),
                        invalidArgument("overflow DROP_LATEST needs a buffer",
                                "set capacity(1) or more", "capacity was 0")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("factoryCalls")
    void badFactoryArgumentIsRejected(String description, ThrowingCallable call,
            Rejection rejection) {
        rejection.assertThrownBy(description, call);
    }

    @Test
    void rejectedBuilderCallKeepsEarlierSettings() {
        List<String> undelivered = new ArrayList<>();
        ChannelBuilder<String> builder = Channel.<String>builder()
                .capacity(1)
                .overflow(Overflow.DROP_LATEST)
                .onUndelivered(undelivered::add)
                .name("kept");

        capacityRejected(builder);
        overflowRejected(builder);
        handlerRejected(builder);
        nameRejected(builder);
        Channel<String> channel = builder.build();

        assertThat(channel.capacity()).as("capacity").isEqualTo(1);
        assertThat(channel).hasToString("channel 'kept'");
        assertThat(channel.trySend("first")).as("first send").isTrue();
        assertThat(channel.trySend("dropped")).as("send that DROP_LATEST drops").isTrue();
        assertThat(undelivered).as("undelivered handler").containsExactly("dropped");
        assertThat(channel.tryReceive()).isEqualTo("first");
    }

    @Test
    void rejectedBuildLeavesBuilderUsable() {
        ChannelBuilder<String> builder = Channel.<String>builder().overflow(Overflow.DROP_OLDEST);

        invalidArgument("overflow DROP_OLDEST needs a buffer")
                .assertThrownBy("build() with DROP_OLDEST and capacity 0", builder::build);
        Channel<String> channel = builder.capacity(1).build();

        assertThat(channel.trySend("old")).isTrue();
        assertThat(channel.trySend("new")).isTrue();
        assertThat(channel.tryReceive()).isEqualTo("new");
    }

    private static void capacityRejected(ChannelBuilder<String> builder) {
        invalidArgument("capacity must be >= 0, was -5")
                .assertThrownBy("capacity(-5)", () -> builder.capacity(-5));
    }

    private static void overflowRejected(ChannelBuilder<String> builder) {
        nullArgument("overflow").assertThrownBy("overflow(null)", () -> builder.overflow(null));
    }

    private static void handlerRejected(ChannelBuilder<String> builder) {
        nullArgument("handler")
                .assertThrownBy("onUndelivered(null)", () -> builder.onUndelivered(null));
    }

    private static void nameRejected(ChannelBuilder<String> builder) {
        nullArgument("name").assertThrownBy("name(null)", () -> builder.name(null));
    }
}
