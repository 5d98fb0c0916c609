/**
 * Test helpers for code that uses chanstream channels, in the spirit of Go's goleak: fail a test
 * that leaves channel operations blocked or tasks running.
 *
 * <ul>
 *   <li>{@link chanstream.test.VerifyNoChannelLeaks}: the annotation, on a test class or method;
 *   <li>{@link chanstream.test.ChannelLeakExtension}: the JUnit 5 extension behind it, also for
 *       registration through {@code @ExtendWith} or auto-detection;
 *   <li>{@link chanstream.test.ChannelLeaks}: the same check as a method call, for tests that do
 *       not use the extension.
 * </ul>
 *
 * <p>No method of this package accepts {@code null}.
 */
@NullMarked
package chanstream.test;

import org.jspecify.annotations.NullMarked;
