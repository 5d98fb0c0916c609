package chanstream.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link ChannelBuilder} and the factory methods of {@link Channel}: defaults, argument checks
 * and what each setting does to the built channel.
 */
@Timeout(60)
class ChannelBuilderTest {

    @Test
    void defaultBuilderMakesOpenUnbufferedBlockingChannel() throws Exception {
        Channel<String> ch = Channel.<String>builder().build();

        assertThat(ch.capacity()).isZero();
        assertThat(ch.isClosedForSend()).isFalse();
        assertThat(ch.trySend("no receiver")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, -16, Integer.MIN_VALUE})
    void negativeCapacityIsRejectedWithTheValue(int capacity) {
        assertThatThrownBy(() -> Channel.builder().capacity(capacity))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(Integer.toString(capacity));
        assertThatThrownBy(() -> Channel.buffered(capacity))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(Integer.toString(capacity));
    }

    @Test
    void bufferedZeroIsUnbuffered() {
        Channel<String> ch = Channel.buffered(0);

        assertThat(ch.capacity()).isZero();
        assertThat(ch.trySend("no receiver")).isFalse();
    }

    @Test
    void capacityMaxValueIsUnlimited() {
        Channel<Integer> ch = Channel.<Integer>builder().capacity(Integer.MAX_VALUE).build();

        for (int i = 0; i < 1_000; i++) {
            assertThat(ch.trySend(i)).isTrue();
        }
        assertThat(ch.capacity()).isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void laterCapacitySettingReplacesUnlimited() {
        Channel<Integer> ch = Channel.<Integer>builder().unlimited().capacity(2).build();

        assertThat(ch.capacity()).isEqualTo(2);
        assertThat(ch.trySend(1)).isTrue();
        assertThat(ch.trySend(2)).isTrue();
        assertThat(ch.trySend(3)).isFalse();
    }

    @ParameterizedTest
    @EnumSource(value = Overflow.class, names = {"DROP_OLDEST", "DROP_LATEST"})
    void dropPolicyOnUnbufferedChannelIsRejectedByBuild(Overflow overflow) {
        ChannelBuilder<String> builder = Channel.<String>builder().overflow(overflow);

        assertThatThrownBy(builder::build)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(overflow.name());
        assertThatThrownBy(() -> Channel.<String>builder().capacity(0).overflow(overflow).build())
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void blockPolicyOnUnbufferedChannelIsAccepted() {
        Channel<String> ch = Channel.<String>builder().overflow(Overflow.BLOCK).build();

        assertThat(ch.capacity()).isZero();
    }

    @Test
    void nullArgumentsAreRejectedNamingTheParameter() {
        ChannelBuilder<String> builder = Channel.builder();

        assertThatThrownBy(() -> builder.overflow(null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("overflow");
        assertThatThrownBy(() -> builder.onUndelivered(null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("handler");
        assertThatThrownBy(() -> builder.name(null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("name");
    }

    @Test
    void nameAppearsInToStringAndExceptionMessages() {
        Channel<String> ch = Channel.<String>builder().capacity(1).name("cows").build();
        ch.close();

        assertThat(ch.toString()).contains("cows");
        assertThatThrownBy(() -> ch.send("moo")).hasMessageContaining("cows");
        assertThatThrownBy(ch::receive).hasMessageContaining("cows");
    }

    @Test
    void unnamedChannelsHaveDistinctDescriptions() {
        Channel<String> first = Channel.unbuffered();
        Channel<String> second = Channel.unbuffered();

        assertThat(first.toString()).isNotEqualTo(second.toString());
    }

    @Test
    void eachBuildCreatesAnIndependentChannel() throws Exception {
        List<String> undelivered = new CopyOnWriteArrayList<>();
        ChannelBuilder<String> builder = Channel.<String>builder()
                .capacity(1)
                .onUndelivered(undelivered::add);
        Channel<String> first = builder.build();
        Channel<String> second = builder.build();

        first.send("first");
        second.cancel();

        assertThat(first.size()).isOne();
        assertThat(first.isClosedForSend()).isFalse();
        assertThat(undelivered).isEmpty();
        first.cancel();
        assertThat(undelivered).containsExactly("first");
    }

    @Test
    void builderSettingsDoNotReachChannelsBuiltEarlier() {
        ChannelBuilder<String> builder = Channel.<String>builder().capacity(1);
        Channel<String> built = builder.build();

        builder.capacity(5).name("later");

        assertThat(built.capacity()).isOne();
        assertThat(built.toString()).doesNotContain("later");
    }
}
