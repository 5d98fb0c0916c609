/**
 * The RxJava 3 adapter: channels as {@link io.reactivex.rxjava3.core.Flowable},
 * publishers as channels, and done channels as
 * {@link io.reactivex.rxjava3.core.Completable}, all in
 * {@link chanstream.rxjava.RxChannels}.
 *
 * <p>No method of this package accepts {@code null}; a {@code null} argument raises
 * {@link java.lang.NullPointerException} whose message names the parameter.
 */
@NullMarked
package chanstream.rxjava;

import org.jspecify.annotations.NullMarked;
