package chanstream.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectNestedClass;

import chanstream.core.Channel;
import chanstream.test.VerifyNoChannelLeaks.Check;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;

/**
 * Runs deliberately leaking test classes (the static nested {@code *Fixture} classes, which
 * Surefire does not run on its own) through JUnit's {@link EngineTestKit}, and checks that the
 * extension fails exactly the ones that leak, with the dump in the message.
 */
@Timeout(60)
class ChannelLeakExtensionTest {

    private static final String AUTODETECTION = "junit.jupiter.extensions.autodetection.enabled";

    @AfterEach
    void releaseLeftovers() throws InterruptedException {
        Leftovers.release();
    }

    // ------------------------------------------------------------------ per method

    @Test
    void methodAnnotationFailsLeakingTest() {
        Events tests = run(selectClass(MethodAnnotationFixture.class)).testEvents();

        assertThat(tests.succeeded().count()).as("succeeded").isEqualTo(1);
        assertThat(tests.failed().count()).as("failed").isEqualTo(1);
        Throwable failure = failureOf(tests, "leavesReceiverBlocked()");
        assertThat(failure).isInstanceOf(ChannelLeakError.class);
        assertThat(failure.getMessage())
                .startsWith("channel leak after test 'leavesReceiverBlocked()' of "
                        + MethodAnnotationFixture.class.getName()
                        + ": 1 operation blocked on channels after a grace period of 50 ms")
                .contains("1 operation blocked on channels" + System.lineSeparator())
                .contains("thread \"orders-consumer\"")
                .contains("[chan receive, ")
                .contains("receive on channel 'orders'")
                .contains("chanstream.test.Leftovers.receiveQuietly(");
    }

    @Test
    void methodAnnotationPassesCleanTest() {
        Events tests = run(selectClass(MethodAnnotationFixture.class)).testEvents();

        assertThat(succeededNames(tests)).containsExactly("closesWhatItStarts()");
    }

    @Test
    void taskNotBlockedOnChannelIsReported() {
        Events tests = run(selectClass(RunningTaskFixture.class)).testEvents();

        Throwable failure = failureOf(tests, "leavesTaskWaitingOnLatch()");
        assertThat(failure).isInstanceOf(ChannelLeakError.class);
        assertThat(failure.getMessage())
                .contains(": 1 task still running after a grace period of 50 ms")
                .contains("thread \"latch-waiter\"")
                .contains("chanstream.test.Leftovers.awaitQuietly(");
    }

    @Test
    void methodAnnotationOverridesClassSettings() {
        Events tests = run(selectClass(MethodOverrideFixture.class)).testEvents();

        assertThat(succeededNames(tests)).containsExactly("ignoresItsKnownWorker()");
        assertThat(failedNames(tests)).containsExactly("leaksUnderClassSettings()");
    }

    // ------------------------------------------------------------------ per class

    @Test
    void classCheckFailsContainerAfterAllTests() {
        EngineExecutionResults results = run(selectClass(AfterAllFixture.class));

        assertThat(results.testEvents().failed().count()).as("failed tests").isZero();
        assertThat(results.testEvents().succeeded().count()).as("succeeded tests").isEqualTo(2);
        Throwable failure = failureOf(results.containerEvents(), displayName(AfterAllFixture.class));
        assertThat(failure).isInstanceOf(ChannelLeakError.class);
        assertThat(failure.getMessage())
                .startsWith("channel leak after all tests of " + AfterAllFixture.class.getName())
                .contains("receive on channel 'left-by-second-test'");
    }

    @Test
    void classCheckPassesCleanClass() {
        EngineExecutionResults results = run(selectClass(CleanAfterAllFixture.class));

        assertThat(results.containerEvents().failed().count()).as("failed containers").isZero();
        assertThat(results.testEvents().succeeded().count()).as("succeeded tests").isEqualTo(1);
    }

    @Test
    void eachTestCheckFailsOnlyLeakingTest() {
        Events tests = run(selectClass(AfterEachFixture.class)).testEvents();

        assertThat(failedNames(tests)).containsExactly("leaks()");
        assertThat(succeededNames(tests)).containsExactly("isClean()");
        assertThat(failureOf(tests, "leaks()").getMessage())
                .contains("receive on channel 'left-by-leaks'");
    }

    @Test
    void leakFromEarlierTestIsReportedOnce() {
        Events tests = run(selectClass(AfterEachOrderedFixture.class)).testEvents();

        assertThat(failedNames(tests)).containsExactly("a_leaks()");
        assertThat(succeededNames(tests)).containsExactly("b_runsAfterTheLeak()");
    }

    @Test
    void nestedClassInheritsEachTestCheck() {
        EngineExecutionResults results = run(
                selectNestedClass(List.of(NestingFixture.class), NestingFixture.Inner.class));

        assertThat(failedNames(results.testEvents())).containsExactly("leaksInNestedClass()");
        assertThat(results.containerEvents().failed().count()).as("failed containers").isZero();
    }

    @Test
    void classCheckCoversNestedTests() {
        EngineExecutionResults results = run(selectClass(NestedAfterAllFixture.class));

        assertThat(results.testEvents().failed().count()).as("failed tests").isZero();
        Throwable failure = failureOf(results.containerEvents(),
                displayName(NestedAfterAllFixture.class));
        assertThat(failure.getMessage()).contains("receive on channel 'left-by-nested-test'");
        assertThat(results.containerEvents().failed().count()).as("failed containers").isEqualTo(1);
    }

    // ------------------------------------------------------------------ grace and ignoring

    @Test
    void leakThatEndsDuringGraceStillPasses() {
        Events tests = run(selectClass(EndsDuringGraceFixture.class)).testEvents();

        assertThat(succeededNames(tests)).containsExactly("consumerEndsWhileChecked()");
    }

    @Test
    void ignoreThreadsSkipsMatchingNames() {
        Events tests = run(selectClass(IgnoreThreadsFixture.class)).testEvents();

        assertThat(succeededNames(tests)).containsExactly("leavesKnownWorkers()");
        assertThat(failedNames(tests)).containsExactly("leavesWorkerWithOtherName()");
    }

    @Test
    void ignorePredicateSkipsAcceptedThreads() {
        Events tests = run(selectClass(IgnorePredicateFixture.class)).testEvents();

        assertThat(succeededNames(tests)).containsExactly("leavesThreadThePredicateAccepts()");
    }

    @Test
    void threadsAliveBeforeTestAreNotReported() {
        Leftovers.blockedReceiverTask("started-before-the-fixture", Channel.unbuffered());

        Events tests = run(selectClass(CleanAfterEachFixture.class)).testEvents();

        assertThat(succeededNames(tests)).containsExactly("isClean()");
    }

    @Test
    void platformThreadBlockedOnChannelIsReported() {
        Events tests = run(selectClass(PlatformThreadFixture.class)).testEvents();

        assertThat(failureOf(tests, "leavesPlatformThreadBlocked()").getMessage())
                .contains("thread \"audit-writer\"")
                .contains("[chan send, ")
                .contains("send on channel 'audit'");
    }

    // ------------------------------------------------------------------ registration

    @Test
    void extendWithUsesAfterAllByDefault() {
        EngineExecutionResults results = run(
                Map.of(ChannelLeakExtension.GRACE_PARAMETER, "PT0.05S"),
                selectClass(ExtendWithFixture.class));

        assertThat(results.testEvents().failed().count()).as("failed tests").isZero();
        assertThat(failureOf(results.containerEvents(), displayName(ExtendWithFixture.class)))
                .isInstanceOf(ChannelLeakError.class)
                .hasMessageStartingWith("channel leak after all tests of "
                        + ExtendWithFixture.class.getName());
    }

    @Test
    void configurationParametersSetCheckAndGrace() {
        EngineExecutionResults results = run(Map.of(
                ChannelLeakExtension.CHECK_PARAMETER, "after_each_test",
                ChannelLeakExtension.GRACE_PARAMETER, "PT0.03S"),
                selectClass(ExtendWithFixture.class));

        assertThat(failedNames(results.testEvents())).containsExactly("leaks()");
        assertThat(failureOf(results.testEvents(), "leaks()").getMessage())
                .contains("after a grace period of 30 ms");
        assertThat(results.containerEvents().failed().count()).as("failed containers").isZero();
    }

    @Test
    void configurationParameterIgnoresThreads() {
        EngineExecutionResults results = run(Map.of(
                ChannelLeakExtension.CHECK_PARAMETER, "AFTER_EACH_TEST",
                ChannelLeakExtension.IGNORE_THREADS_PARAMETER, " other-.* , extend-with-.*"),
                selectClass(ExtendWithFixture.class));

        assertThat(results.testEvents().failed().count()).as("failed tests").isZero();
        assertThat(results.containerEvents().failed().count()).as("failed containers").isZero();
    }

    @Test
    void autoDetectionChecksUnannotatedClass() {
        EngineExecutionResults results = run(Map.of(
                AUTODETECTION, "true",
                ChannelLeakExtension.CHECK_PARAMETER, "after_each_test",
                ChannelLeakExtension.GRACE_PARAMETER, "PT0.05S"),
                selectClass(UnannotatedFixture.class));

        assertThat(failedNames(results.testEvents())).containsExactly("leaks()");
        assertThat(failureOf(results.testEvents(), "leaks()").getMessage())
                .contains("receive on channel 'left-by-unannotated-test'");
    }

    @Test
    void withoutAutoDetectionUnannotatedClassIsNotChecked() {
        EngineExecutionResults results = run(selectClass(UnannotatedFixture.class));

        assertThat(results.testEvents().failed().count()).as("failed tests").isZero();
        assertThat(results.containerEvents().failed().count()).as("failed containers").isZero();
    }

    @Test
    void autoDetectedAndAnnotatedClassIsCheckedOnce() {
        EngineExecutionResults results = run(Map.of(AUTODETECTION, "true"),
                selectClass(AfterEachFixture.class));

        Throwable failure = failureOf(results.testEvents(), "leaks()");
        assertThat(failure).isInstanceOf(ChannelLeakError.class);
        assertThat(failure.getSuppressed()).as("a second check's failure").isEmpty();
        assertThat(failure.getMessage()).contains("after a grace period of 50 ms");
    }

    // ------------------------------------------------------------------ invalid settings

    @Test
    void negativeGraceMillisIsRejected() {
        Throwable failure = failureOf(run(selectClass(NegativeGraceFixture.class)).testEvents(),
                "isClean()");

        assertThat(failure).isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageContaining("@VerifyNoChannelLeaks(graceMillis)")
                .hasMessageContaining("must be >= 0, or -1 for the default, was -5");
    }

    @Test
    void invalidGraceParameterIsRejected() {
        Throwable failure = failureOf(run(Map.of(ChannelLeakExtension.GRACE_PARAMETER, "2s"),
                selectClass(DefaultGraceFixture.class)).testEvents(), "isClean()");

        assertThat(failure).isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("configuration parameter chanstream.test.leaks.grace must be a "
                        + "non-negative ISO-8601 duration such as PT2S, was '2s'");
    }

    @Test
    void invalidCheckParameterIsRejected() {
        Throwable failure = failureOf(run(Map.of(ChannelLeakExtension.CHECK_PARAMETER, "never"),
                selectClass(ExtendWithFixture.class)).containerEvents(),
                displayName(ExtendWithFixture.class));

        assertThat(failure).isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("configuration parameter chanstream.test.leaks.check must be "
                        + "after_all_tests or after_each_test, was 'never'");
    }

    @Test
    void invalidThreadPatternIsRejected() {
        Throwable failure = failureOf(run(selectClass(BadPatternFixture.class)).testEvents(),
                "isClean()");

        assertThat(failure).isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageStartingWith("invalid thread name pattern in ignoreThreads of ")
                .hasMessageContaining("worker-[");
    }

    // ------------------------------------------------------------------ helpers

    private static EngineExecutionResults run(DiscoverySelector selector) {
        return run(Map.of(), selector);
    }

    private static EngineExecutionResults run(Map<String, String> parameters,
            DiscoverySelector selector) {
        return EngineTestKit.engine("junit-jupiter")
                .configurationParameters(parameters)
                .selectors(selector)
                .execute();
    }

    /**
     * Returns the failure of the one test, or container, with the display name {@code name}: a
     * method name followed by {@code ()}, or a class name without its package.
     */
    private static Throwable failureOf(Events events, String name) {
        List<Event> failed = events.failed()
                .filter(event -> event.getTestDescriptor().getDisplayName().equals(name))
                .collect(Collectors.toList());
        assertThat(failed).as("failures of %s among %s", name, events.failed().list())
                .hasSize(1);
        TestExecutionResult result = failed.get(0).getPayload(TestExecutionResult.class)
                .orElseThrow();
        return result.getThrowable().orElseThrow();
    }

    private static String displayName(Class<?> fixture) {
        return fixture.getName().substring(fixture.getPackageName().length() + 1);
    }

    private static List<String> succeededNames(Events tests) {
        return tests.succeeded().map(event -> event.getTestDescriptor().getDisplayName())
                .collect(Collectors.toList());
    }

    private static List<String> failedNames(Events tests) {
        return tests.failed().map(event -> event.getTestDescriptor().getDisplayName())
                .collect(Collectors.toList());
    }

    private static Channel<String> named(String name) {
        return Channel.<String>builder().name(name).build();
    }

    // ------------------------------------------------------------------ fixtures

    static class MethodAnnotationFixture {

        @Test
        @VerifyNoChannelLeaks(graceMillis = 50)
        void leavesReceiverBlocked() {
            Leftovers.blockedReceiverTask("orders-consumer", named("orders"));
        }

        @Test
        @VerifyNoChannelLeaks(graceMillis = 50)
        void closesWhatItStarts() throws InterruptedException {
            Channel<String> orders = named("orders");
            Thread consumer = Leftovers.blockedReceiverTask("orders-consumer", orders);
            orders.close();
            consumer.join(Leftovers.WAIT.toMillis());
        }
    }

    static class RunningTaskFixture {

        @Test
        @VerifyNoChannelLeaks(graceMillis = 50)
        void leavesTaskWaitingOnLatch() {
            Leftovers.taskWaitingOnLatch("latch-waiter");
        }
    }

    @VerifyNoChannelLeaks(check = Check.AFTER_EACH_TEST, graceMillis = 50)
    static class MethodOverrideFixture {

        @Test
        @VerifyNoChannelLeaks(graceMillis = 50, ignoreThreads = "known-worker")
        void ignoresItsKnownWorker() {
            Leftovers.blockedReceiverTask("known-worker", Channel.unbuffered());
        }

        @Test
        void leaksUnderClassSettings() {
            Leftovers.blockedReceiverTask("known-worker", Channel.unbuffered());
        }
    }

    @VerifyNoChannelLeaks(graceMillis = 50)
    static class AfterAllFixture {

        @Test
        void first() {
        }

        @Test
        void second() {
            Leftovers.blockedReceiverTask("second-consumer", named("left-by-second-test"));
        }
    }

    @VerifyNoChannelLeaks(graceMillis = 50)
    static class CleanAfterAllFixture {

        @Test
        void isClean() throws InterruptedException {
            Channel<String> channel = Channel.buffered(1);
            channel.send("kept in the buffer");
        }
    }

    @VerifyNoChannelLeaks(check = Check.AFTER_EACH_TEST, graceMillis = 50)
    static class AfterEachFixture {

        @Test
        void leaks() {
            Leftovers.blockedReceiverTask("each-consumer", named("left-by-leaks"));
        }

        @Test
        void isClean() {
        }
    }

    @VerifyNoChannelLeaks(check = Check.AFTER_EACH_TEST, graceMillis = 50)
    @org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.MethodName.class)
    static class AfterEachOrderedFixture {

        @Test
        void a_leaks() {
            Leftovers.blockedReceiverTask("ordered-consumer", Channel.unbuffered());
        }

        @Test
        void b_runsAfterTheLeak() {
        }
    }

    @VerifyNoChannelLeaks(check = Check.AFTER_EACH_TEST, graceMillis = 50)
    static class CleanAfterEachFixture {

        @Test
        void isClean() {
        }
    }

    @VerifyNoChannelLeaks(check = Check.AFTER_EACH_TEST)
    static class DefaultGraceFixture {

        @Test
        void isClean() {
        }
    }

    @VerifyNoChannelLeaks(check = Check.AFTER_EACH_TEST, graceMillis = 50)
    static class NestingFixture {

        @Nested
        class Inner {

            @Test
            void leaksInNestedClass() {
                Leftovers.blockedReceiverTask("nested-consumer", Channel.unbuffered());
            }
        }
    }

    @VerifyNoChannelLeaks(graceMillis = 50)
    static class NestedAfterAllFixture {

        @Nested
        class Inner {

            @Test
            void leaks() {
                Leftovers.blockedReceiverTask("nested-consumer", named("left-by-nested-test"));
            }
        }
    }

    @VerifyNoChannelLeaks(check = Check.AFTER_EACH_TEST, graceMillis = 10_000)
    static class EndsDuringGraceFixture {

        @Test
        void consumerEndsWhileChecked() {
            Channel<String> jobs = Channel.unbuffered();
            Leftovers.blockedReceiverTask("grace-consumer", jobs);
            Leftovers.cancelWhileChecking(Thread.currentThread(), jobs);
        }
    }

    @VerifyNoChannelLeaks(check = Check.AFTER_EACH_TEST, graceMillis = 50,
            ignoreThreads = {"pool-\\d+", "known-worker-.*"})
    static class IgnoreThreadsFixture {

        @Test
        void leavesKnownWorkers() {
            Leftovers.blockedReceiverTask("known-worker-1", Channel.unbuffered());
            Leftovers.taskWaitingOnLatch("known-worker-2");
        }

        @Test
        void leavesWorkerWithOtherName() {
            Leftovers.blockedReceiverTask("unknown-worker-1", Channel.unbuffered());
        }
    }

    /** Accepts the threads of {@link IgnorePredicateFixture}. */
    static class AcceptsAuditThreads implements Predicate<Thread> {

        @Override
        public boolean test(Thread thread) {
            return thread.getName().startsWith("audit");
        }
    }

    @VerifyNoChannelLeaks(check = Check.AFTER_EACH_TEST, graceMillis = 50,
            ignore = AcceptsAuditThreads.class)
    static class IgnorePredicateFixture {

        @Test
        void leavesThreadThePredicateAccepts() {
            Leftovers.blockedReceiverTask("audit-reader", Channel.unbuffered());
        }
    }

    @VerifyNoChannelLeaks(check = Check.AFTER_EACH_TEST, graceMillis = 50)
    static class PlatformThreadFixture {

        @Test
        void leavesPlatformThreadBlocked() {
            Channel<String> audit = named("audit");
            Leftovers.blockedSenderThread("audit-writer", audit, audit);
        }
    }

    @ExtendWith(ChannelLeakExtension.class)
    static class ExtendWithFixture {

        @Test
        void leaks() {
            Leftovers.blockedReceiverTask("extend-with-consumer", Channel.unbuffered());
        }

        @Test
        void isClean() {
        }
    }

    static class UnannotatedFixture {

        @Test
        void leaks() {
            Leftovers.blockedReceiverTask("unannotated-consumer",
                    named("left-by-unannotated-test"));
        }
    }

    @VerifyNoChannelLeaks(check = Check.AFTER_EACH_TEST, graceMillis = -5)
    static class NegativeGraceFixture {

        @Test
        void isClean() {
        }
    }

    @VerifyNoChannelLeaks(check = Check.AFTER_EACH_TEST, ignoreThreads = "worker-[")
    static class BadPatternFixture {

        @Test
        void isClean() {
        }
    }
}
