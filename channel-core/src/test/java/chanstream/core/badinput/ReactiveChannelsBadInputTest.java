package chanstream.core.badinput;

import static chanstream.core.badinput.Rejection.invalidArgument;
import static chanstream.core.badinput.Rejection.nullArgument;
import static org.assertj.core.api.Assertions.assertThat;

import chanstream.core.ChannelSubscriber;
import chanstream.core.ReactiveChannels;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;

/**
 * Bad arguments to {@link ReactiveChannels}: a rejected call subscribes to no publisher and
 * leaves the channel it was given unchanged.
 */
@Timeout(30)
class ReactiveChannelsBadInputTest {

    private static final String NOT_CREATED_BY_CHANSTREAM = "was not created by chanstream";

    /** A publisher that counts subscriptions and never signals. */
    static final class CountingPublisher implements Publisher<String> {

        final AtomicInteger subscriptions = new AtomicInteger();

        @Override
        public void subscribe(Subscriber<? super String> subscriber) {
            subscriptions.incrementAndGet();
        }
    }

    /** One bad call, given a subject channel and a publisher, and the exception it must raise. */
    record BridgeCall(String description,
            Function<Subject, Function<CountingPublisher, ThrowingCallable>> call,
            Rejection rejection) {

        @Override
        public String toString() {
            return description;
        }
    }

    static Stream<BridgeCall> calls() {
        return Stream.of(
                call("toPublisher(null)", s -> p -> () -> ReactiveChannels.toPublisher(null),
                        nullArgument("channel")),
                call("toPublisher(foreign)",
                        s -> p -> () -> ReactiveChannels.toPublisher(new Foreign.Receiver<>()),
                        invalidArgument("channel (" + Foreign.Receiver.class.getName() + ") "
                                + NOT_CREATED_BY_CHANSTREAM, "create channels with Channel.builder() or a Channels helper")),
                call("toPublisher(channel).subscribe(null)",
                        s -> p -> () -> ReactiveChannels.toPublisher(s.receiveSide())
                                .subscribe(null),
                        nullArgument("subscriber")),
                call("toChannel(null, 1)", s -> p -> () -> ReactiveChannels.toChannel(null, 1),
                        nullArgument("source")),
                call("toChannel(source, -1)",
                        s -> p -> () -> ReactiveChannels.toChannel(p, -1),
                        invalidArgument("capacity must be >= 0, was -1")),
                call("toChannel(null, 1, handler)",
                        s -> p -> () -> ReactiveChannels.toChannel(null, 1, element -> { }),
                        nullArgument("source")),
                call("toChannel(source, -1, handler)",
                        s -> p -> () -> ReactiveChannels.toChannel(p, -1, element -> { }),
                        invalidArgument("capacity must be >= 0, was -1")),
                call("toChannel(source, 1, null)",
                        s -> p -> () -> ReactiveChannels.toChannel(p, 1, null),
                        nullArgument("onUndelivered")),
                call("subscriber(-1)", s -> p -> () -> ReactiveChannels.subscriber(-1),
                        invalidArgument("capacity must be >= 0, was -1")),
                call("sendAll(null, target)",
                        s -> p -> () -> ReactiveChannels.sendAll(null, s.channel()),
                        nullArgument("source")),
                call("sendAll(source, null)",
                        s -> p -> () -> ReactiveChannels.sendAll(p, null),
                        nullArgument("target")),
                call("sendAll(source, foreign)",
                        s -> p -> () -> ReactiveChannels.sendAll(p, new Foreign.Sender()),
                        invalidArgument("target (" + Foreign.Sender.class.getName() + ") "
                                + NOT_CREATED_BY_CHANSTREAM,
                                "use Channel.buffered or Channel.builder")));
    }

    private static BridgeCall call(String description,
            Function<Subject, Function<CountingPublisher, ThrowingCallable>> call,
            Rejection rejection) {
        return new BridgeCall(description, call, rejection);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("calls")
    void badBridgeCallSubscribesToNothing(BridgeCall call) throws Exception {
        try (Subject subject = Subject.buffered()) {
            CountingPublisher publisher = new CountingPublisher();

            call.rejection().assertThrownBy(call.description(),
                    call.call().apply(subject).apply(publisher));

            assertThat(publisher.subscriptions).as("subscriptions").hasValue(0);
            subject.assertUnchanged();
        }
    }

    @Test
    void channelSubscriberRejectsNullSignals() throws InterruptedException {
        ChannelSubscriber<String> subscriber = ReactiveChannels.subscriber(2);

        nullArgument("subscription")
                .assertThrownBy("onSubscribe(null)", () -> subscriber.onSubscribe(null));
        nullArgument("element").assertThrownBy("onNext(null)", () -> subscriber.onNext(null));
        nullArgument("failure").assertThrownBy("onError(null)", () -> subscriber.onError(null));

        assertThat(subscriber.channel().size()).as("size").isZero();
        assertThat(subscriber.channel().isClosedForReceive()).as("closed").isFalse();
        try (Subject source = Subject.buffered()) {
            ReactiveChannels.toPublisher(source.receiveSide()).subscribe(subscriber);
            assertThat(subscriber.channel().receive()).isEqualTo("a");
            assertThat(subscriber.channel().receive()).isEqualTo("b");
            subscriber.channel().cancel();
        }
    }

    @Test
    void rule213MessagesCiteTheRule() {
        ChannelSubscriber<String> subscriber = ReactiveChannels.subscriber(1);

        new Rejection(NullPointerException.class, "element is null",
                List.of("Reactive Streams rule 2.13"))
                .assertThrownBy("onNext(null)", () -> subscriber.onNext(null));
        subscriber.channel().cancel();
    }
}
