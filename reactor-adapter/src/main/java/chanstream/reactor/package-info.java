/**
 * The Project Reactor adapter: channels as {@link reactor.core.publisher.Flux},
 * publishers as channels, and done channels as {@link reactor.core.publisher.Mono}, all
 * in {@link chanstream.reactor.ReactorChannels}.
 *
 * <p>No method of this package accepts {@code null}; a {@code null} argument raises
 * {@link java.lang.NullPointerException} whose message names the parameter.
 */
@NullMarked
package chanstream.reactor;

import org.jspecify.annotations.NullMarked;
