package chanstream.tck;

import chanstream.test.ChannelLeakError;
import chanstream.test.ChannelLeaks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.testng.ITestResult;

/**
 * The leak check of {@code channel-test} for the TCK verifications, which run on TestNG,
 * where JUnit Jupiter extensions do not apply.
 *
 * <p>Each verification base class calls {@link #before()} in a {@code @BeforeMethod}, calls
 * {@link #after(ITestResult)} at the end of its {@code @AfterMethod} cleanup, and calls
 * {@link #verifyClass(Class)} in an {@code @AfterClass}. The check itself runs after each
 * test, so a failure names the rule that leaked. The failure is thrown only after the
 * class, because under TestNG's default configuration failure policy a failing
 * {@code @AfterMethod} skips every later test of the class, and one leak would then cost
 * the results of all those rules. Surefire lists a failed {@code @AfterClass} under the
 * name {@code TestNG}; the message names the class and each test that leaked.
 */
final class TckLeakCheck {

    /** How long a test's tasks may take to end after its cleanup. */
    private static final Duration GRACE = Duration.ofSeconds(2);

    private ChannelLeaks.Baseline baseline = ChannelLeaks.baseline();

    private final List<String> leaks = new ArrayList<>();

    /** Records the threads that exist before a test, which its check leaves out. */
    void before() {
        baseline = ChannelLeaks.baseline();
    }

    /**
     * Checks that the test that just ran left no channel operation blocked and no task
     * running, and records a leak for {@link #verifyClass}.
     */
    void after(ITestResult test) {
        try {
            baseline.verifyNone(GRACE);
        } catch (ChannelLeakError leak) {
            leaks.add("after test '" + test.getMethod().getMethodName() + "': "
                    + leak.getMessage());
        }
    }

    /**
     * Fails if a test of {@code testClass} leaked.
     *
     * @throws AssertionError listing each test that leaked, with the blocked operations
     *     and the tasks still running
     */
    void verifyClass(Class<?> testClass) {
        if (leaks.isEmpty()) {
            return;
        }
        String newline = System.lineSeparator();
        StringBuilder message = new StringBuilder()
                .append(leaks.size()).append(leaks.size() == 1 ? " test" : " tests")
                .append(" of ").append(testClass.getName())
                .append(" left channel operations blocked or tasks running:");
        for (String leak : leaks) {
            message.append(newline).append(newline).append(leak);
        }
        leaks.clear();
        throw new AssertionError(message.toString());
    }
}
