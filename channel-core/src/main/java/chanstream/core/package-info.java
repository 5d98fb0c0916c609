/**
 * Go-style channels for the JVM: {@link chanstream.core.Channel}, {@link chanstream.core.Select},
 * the patterns of {@link chanstream.core.Channels}, and the Reactive Streams bridge
 * {@link chanstream.core.ReactiveChannels}.
 *
 * <p>No method of this package accepts {@code null} unless its parameter is marked
 * {@code @Nullable}; a {@code null} argument raises {@link java.lang.NullPointerException}
 * whose message names the parameter.
 */
@NullMarked
package chanstream.core;

import org.jspecify.annotations.NullMarked;
