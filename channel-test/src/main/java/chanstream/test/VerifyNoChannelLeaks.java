package chanstream.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.function.Predicate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Fails a test, or a test class, that leaves channel operations blocked or tasks running: Go's
 * goleak as a JUnit 5 annotation. It registers {@link ChannelLeakExtension}.
 *
 * <p>On a class, the check runs once, after all its tests (and its {@code @AfterAll} methods),
 * against a baseline taken before them, like goleak's {@code VerifyTestMain}. With
 * {@code check = AFTER_EACH_TEST} it runs after each test instead, so the failure names the test
 * that leaked:
 *
 * <pre>{@code
 * @VerifyNoChannelLeaks(check = VerifyNoChannelLeaks.Check.AFTER_EACH_TEST,
 *         ignoreThreads = "reactor-.*")
 * class PipelineTest {
 *
 *     @Test
 *     void stageStopsWhenDoneIsClosed() throws InterruptedException {
 *         Channel<Void> done = Channel.unbuffered();
 *         ReceiveChannel<Integer> numbers = Channels.generator(done, 1, 2, 3);
 *         ReceiveChannel<Integer> doubled = Channels.stage(done, numbers, n -> 2 * n);
 *         assertThat(doubled.receive()).isEqualTo(2);
 *         done.close();   // without it, both tasks stay blocked and the test fails
 *     }
 * }
 * }</pre>
 *
 * <p>On a method, the check runs after that test only (and its {@code @AfterEach} methods), and
 * the method's settings replace those of the class for it:
 *
 * <pre>{@code
 * @Test
 * @VerifyNoChannelLeaks(graceMillis = 5_000)
 * void slowShutdown() { ... }
 * }</pre>
 *
 * <p>A failed check throws {@link ChannelLeakError}, whose message lists each blocked operation
 * with its stack, as {@link chanstream.core.ChannelDiagnostics#format} prints it, and each task
 * still running. What counts as a leak, and the grace period, are described in
 * {@link ChannelLeaks}. To check every test class without annotating each one, see
 * {@link ChannelLeakExtension}.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(ChannelLeakExtension.class)
public @interface VerifyNoChannelLeaks {

    /**
     * Returns when a class-level annotation checks. It is ignored on a method, which is always
     * checked after that test.
     *
     * @return {@link Check#AFTER_ALL_TESTS} by default
     */
    Check check() default Check.AFTER_ALL_TESTS;

    /**
     * Returns how long, in milliseconds, leaks may take to go away before the check fails.
     *
     * @return the grace period, {@code >= 0}, or {@code -1}, the default, for the configuration
     *     parameter {@value ChannelLeakExtension#GRACE_PARAMETER}, else
     *     {@link ChannelLeaks#DEFAULT_GRACE}
     */
    long graceMillis() default -1;

    /**
     * Returns regular expressions for names of threads that may stay blocked or running, such
     * as {@code "reactor-.*"}. A thread is ignored when one of them matches its whole name. They
     * add to those of the configuration parameter
     * {@value ChannelLeakExtension#IGNORE_THREADS_PARAMETER}.
     *
     * @return the patterns, in {@link java.util.regex.Pattern} syntax
     */
    String[] ignoreThreads() default {};

    /**
     * Returns predicates that accept threads that may stay blocked or running. Each class needs
     * a constructor without parameters, and is instantiated once per check.
     *
     * @return the predicate classes
     */
    Class<? extends Predicate<Thread>>[] ignore() default {};

    /** When a class-level {@link VerifyNoChannelLeaks} checks. */
    enum Check {

        /** Once, after all tests of the class, including those of its {@code @Nested} classes. */
        AFTER_ALL_TESTS,

        /** After each test of the class, including those of its {@code @Nested} classes. */
        AFTER_EACH_TEST
    }
}
