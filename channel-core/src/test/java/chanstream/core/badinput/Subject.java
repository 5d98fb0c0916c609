package chanstream.core.badinput;

import static org.assertj.core.api.Assertions.assertThat;

import chanstream.core.Channel;
import chanstream.core.Channels;
import chanstream.core.Overflow;
import chanstream.core.ReactiveChannels;
import chanstream.core.ReceiveChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A channel in a known state that a bad call must leave unchanged: its buffered elements, its
 * open state, and its ability to pass a new element from a sender to a receiver.
 */
final class Subject implements AutoCloseable {

    private static final List<String> TWO = List.of("a", "b");

    private final String description;
    private final ReceiveChannel<String> receiveSide;
    private final @Nullable Channel<String> channel;
    private final Channel<String> feed;
    private final List<String> contents;
    private final List<ReceiveChannel<?>> owned = new ArrayList<>();

    private Subject(String description, ReceiveChannel<String> receiveSide,
            @Nullable Channel<String> channel, Channel<String> feed, List<String> contents) {
        this.description = description;
        this.receiveSide = receiveSide;
        this.channel = channel;
        this.feed = feed;
        this.contents = contents;
        owned.add(receiveSide);
        owned.add(feed);
    }

    /**
     * A way to create a subject, named for test reports.
     *
     * @param description what the subject is
     * @param factory creates a fresh subject
     */
    record Kind(String description, Supplier<Subject> factory) {

        Subject create() {
            return factory.get();
        }

        @Override
        public String toString() {
            return description;
        }
    }

    /** Returns one kind per sort of {@link Channel}: every capacity and overflow policy. */
    static List<Kind> channels() {
        return List.of(
                channelKind("unbuffered", Channel::unbuffered, List.of()),
                channelKind("buffered(4) holding 2", () -> Channel.buffered(4), TWO),
                channelKind("full buffered(2)", () -> Channel.buffered(2), TWO),
                channelKind("unlimited holding 2", Channel::unlimited, TWO),
                channelKind("full DROP_OLDEST buffered(2) named 'drops'",
                        () -> Channel.<String>builder().capacity(2)
                                .overflow(Overflow.DROP_OLDEST).name("drops").build(),
                        TWO));
    }

    /** Returns {@link #channels()} plus the receive-only views: or-done, merge and toChannel. */
    static List<Kind> receiveChannels() {
        List<Kind> all = new ArrayList<>(channels());
        all.add(new Kind("orDone view of buffered(4) holding 2", () -> {
            Channel<String> source = filled(Channel.buffered(4), TWO);
            Channel<Object> done = Channel.unbuffered();
            Subject subject = new Subject("orDone view of buffered(4) holding 2",
                    Channels.orDone(done, source), null, source, TWO);
            subject.owned.add(done);
            return subject;
        }));
        all.add(new Kind("merge view of buffered(4) holding 2", () -> {
            Channel<String> source = filled(Channel.buffered(4), TWO);
            return new Subject("merge view of buffered(4) holding 2", Channels.merge(source),
                    null, source, TWO);
        }));
        all.add(new Kind("toChannel(toPublisher(buffered(4) holding 2), 4)", () -> {
            Channel<String> source = filled(Channel.buffered(4), TWO);
            ReceiveChannel<String> bridged =
                    ReactiveChannels.toChannel(ReactiveChannels.toPublisher(source), 4);
            return new Subject("toChannel(toPublisher(buffered(4) holding 2), 4)", bridged, null,
                    source, TWO);
        }));
        return all;
    }

    private static Kind channelKind(String description, Supplier<Channel<String>> channel,
            List<String> contents) {
        return new Kind(description,
                () -> ofChannel(description, channel.get(), contents));
    }

    /** Returns the subject most tables use: a named buffered(4) channel holding "a" and "b". */
    static Subject buffered() {
        return ofChannel("buffered(4) named 'subject' holding 2",
                Channel.<String>builder().capacity(4).name("subject").build(), TWO);
    }

    private static Subject ofChannel(String description, Channel<String> channel,
            List<String> contents) {
        return new Subject(description, filled(channel, contents), channel, channel, contents);
    }

    private static Channel<String> filled(Channel<String> channel, List<String> contents) {
        for (String element : contents) {
            assertThat(channel.trySend(element)).as("fill %s", channel).isTrue();
        }
        return channel;
    }

    /** Returns the subject as a channel; only for subjects from {@link #channels()}. */
    Channel<String> channel() {
        assertThat(channel).as("%s has a send side", description).isNotNull();
        return channel;
    }

    ReceiveChannel<String> receiveSide() {
        return receiveSide;
    }

    /**
     * Checks that the subject still contains the elements it started with, in order, is still
     * open, and still passes an element from a sender to a receiver.
     */
    void assertUnchanged() throws Exception {
        assertThat(receiveSide.size()).as("size of %s", description).isEqualTo(contents.size());
        assertThat(receiveSide.isClosedForReceive()).as("%s closed for receive", description)
                .isFalse();
        if (channel != null) {
            assertThat(channel.isClosedForSend()).as("%s closed for send", description).isFalse();
        }
        for (String expected : contents) {
            assertThat(receiveSide.tryReceive()).as("element of %s", description)
                    .isEqualTo(expected);
        }
        assertThat(receiveSide.tryReceive()).as("%s after its elements", description).isNull();

        CompletableFuture<Void> sent = feed.sendAsync("probe");
        assertThat(receiveSide.receive()).as("probe through %s", description).isEqualTo("probe");
        sent.get(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        for (ReceiveChannel<?> each : owned) {
            each.cancel();
        }
    }

    @Override
    public String toString() {
        return description;
    }
}
