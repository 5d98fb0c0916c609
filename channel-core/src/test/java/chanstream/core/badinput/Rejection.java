package chanstream.core.badinput;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/**
 * The exception a bad argument must raise: its exact type, how its message starts, and what
 * else the message must contain (the bad value and the fix).
 *
 * @param type the exact exception class
 * @param messageStart the start of the message, or empty for no constraint
 * @param fragments texts the message must contain
 */
record Rejection(Class<? extends Throwable> type, String messageStart, List<String> fragments) {

    /**
     * Returns a {@link NullPointerException} whose message starts with "{@code argument} is null", the
     * wording used across the API.
     */
    static Rejection nullArgument(String argument) {
        return new Rejection(NullPointerException.class, argument + " is null", List.of());
    }

    /** Returns an {@link IllegalArgumentException} whose message contains each fragment. */
    static Rejection invalidArgument(String messageStart, String... fragments) {
        return new Rejection(IllegalArgumentException.class, messageStart, List.of(fragments));
    }

    /** Returns an {@link IllegalStateException} whose message contains each fragment. */
    static Rejection illegalState(String messageStart, String... fragments) {
        return new Rejection(IllegalStateException.class, messageStart, List.of(fragments));
    }

    /**
     * Runs {@code call} and checks that it throws this rejection.
     *
     * @param description the call, for failure messages
     */
    void assertThrownBy(String description, ThrowingCallable call) {
        Throwable thrown = catchThrowable(call);

        assertThat(thrown).as("exception of %s", description).isExactlyInstanceOf(type);
        assertThat(thrown.getMessage()).as("message of %s from %s", thrown, description)
                .isNotNull();
        assertThat(thrown.getMessage()).as("message of %s", description).startsWith(messageStart);
        for (String fragment : fragments) {
            assertThat(thrown.getMessage()).as("message of %s", description).contains(fragment);
        }
    }

    @Override
    public String toString() {
        return type.getSimpleName() + " \"" + messageStart + "...\"";
    }
}
