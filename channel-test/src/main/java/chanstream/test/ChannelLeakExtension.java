package chanstream.test;

import chanstream.test.VerifyNoChannelLeaks.Check;
import java.lang.reflect.AnnotatedElement;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.PatternSyntaxException;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.ReflectionSupport;
import org.jspecify.annotations.Nullable;

/**
 * The JUnit 5 extension behind {@link VerifyNoChannelLeaks}: takes a baseline before a test (or
 * a test class) and fails it when, after a grace period, channel operations are still blocked
 * or tasks still running that were not there before. See {@link ChannelLeaks} for what counts
 * as a leak.
 *
 * <h2>Registering it</h2>
 * <ul>
 *   <li>Per class or per method: annotate with {@link VerifyNoChannelLeaks}, whose attributes
 *       set when to check, the grace period and the threads to ignore.
 *   <li>Per class with the configuration parameters below:
 *       {@code @ExtendWith(ChannelLeakExtension.class)}.
 *   <li>For every test class of a module, through JUnit's extension auto-detection. Add the file
 *       {@code src/test/resources/META-INF/services/org.junit.jupiter.api.extension.Extension}
 *       with the line {@code chanstream.test.ChannelLeakExtension}, and enable auto-detection in
 *       {@code src/test/resources/junit-platform.properties}:
 * <pre>
 * junit.jupiter.extensions.autodetection.enabled=true
 * chanstream.test.leaks.check=after_each_test
 * chanstream.test.leaks.grace=PT2S
 * chanstream.test.leaks.ignoreThreads=reactor-.*,boundedElastic-.*
 * </pre>
 *       (or pass the same keys to Surefire in {@code <configurationParameters>}). This artifact
 *       ships no such service file, so adding it to the test classpath checks nothing until you
 *       opt in. A class annotated with {@link VerifyNoChannelLeaks} still uses its annotation,
 *       and the extension runs only once for it.
 * </ul>
 *
 * <h2>Configuration parameters</h2>
 * They apply wherever no annotation sets a value:
 * <ul>
 *   <li>{@value #CHECK_PARAMETER}: {@code after_all_tests} (the default) or
 *       {@code after_each_test}, for classes that are not annotated;
 *   <li>{@value #GRACE_PARAMETER}: the grace period as an ISO-8601 duration, such as
 *       {@code PT2S}; default {@link ChannelLeaks#DEFAULT_GRACE};
 *   <li>{@value #IGNORE_THREADS_PARAMETER}: comma-separated regular expressions for names of
 *       threads to ignore, added to those of an annotation.
 * </ul>
 *
 * <h2>Order and scope</h2>
 * A check after each test runs after the test's {@code @AfterEach} methods, against a baseline
 * taken before its {@code @BeforeEach} methods. A check after all tests runs after
 * {@code @AfterAll}, against a baseline taken before {@code @BeforeAll}. A class-level check
 * covers the tests of its {@code @Nested} classes. A leak is reported once: a check after each
 * test takes a new baseline, which includes what earlier tests left behind.
 *
 * <p>NOTE: the checks see every thread of the JVM. When JUnit runs tests in parallel, a task
 * started by a test running at the same time counts as a leak of the test being checked. Mark
 * leak-checked classes {@code @Isolated}, so that no other test runs while they do.
 */
public final class ChannelLeakExtension
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

    /** Configuration parameter: when to check classes that have no annotation. */
    public static final String CHECK_PARAMETER = "chanstream.test.leaks.check";

    /** Configuration parameter: the default grace period, an ISO-8601 duration. */
    public static final String GRACE_PARAMETER = "chanstream.test.leaks.grace";

    /** Configuration parameter: comma-separated regular expressions for thread names to ignore. */
    public static final String IGNORE_THREADS_PARAMETER = "chanstream.test.leaks.ignoreThreads";

    private static final Namespace NAMESPACE = Namespace.create(ChannelLeakExtension.class);

    private static final String PENDING_CHECK = "pendingCheck";

    /** Creates the extension; JUnit calls this for {@code @ExtendWith} and auto-detection. */
    public ChannelLeakExtension() {
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        Settings settings = classSettings(context);
        if (settings != null) {
            context.getStore(NAMESPACE)
                    .put(PENDING_CHECK, new PendingCheck(ChannelLeaks.baseline(), settings));
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        PendingCheck pending = context.getStore(NAMESPACE).remove(PENDING_CHECK,
                PendingCheck.class);
        if (pending != null) {
            pending.verify(" after all tests of " + context.getRequiredTestClass().getName());
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        Settings settings = methodSettings(context);
        if (settings != null) {
            context.getStore(NAMESPACE)
                    .put(PENDING_CHECK, new PendingCheck(ChannelLeaks.baseline(), settings));
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        PendingCheck pending = context.getStore(NAMESPACE).remove(PENDING_CHECK,
                PendingCheck.class);
        if (pending != null) {
            pending.verify(" after test '" + context.getDisplayName() + "' of "
                    + context.getRequiredTestClass().getName());
        }
    }

    /** Returns the settings of a check after all tests of the context's class, or none. */
    private static @Nullable Settings classSettings(ExtensionContext context) {
        Class<?> testClass = context.getRequiredTestClass();
        Optional<VerifyNoChannelLeaks> own =
                AnnotationSupport.findAnnotation(testClass, VerifyNoChannelLeaks.class);
        if (own.isPresent()) {
            return own.get().check() == Check.AFTER_ALL_TESTS
                    ? settings(own.get(), context, testClass)
                    : null;
        }
        if (isNested(testClass)) {
            // The check of the enclosing class, or the configured default, covers this class.
            return null;
        }
        return configuredCheck(context) == Check.AFTER_ALL_TESTS
                ? settings(null, context, testClass)
                : null;
    }

    /** Returns the settings of a check after the context's test method, or none. */
    private static @Nullable Settings methodSettings(ExtensionContext context) {
        AnnotatedElement method = context.getRequiredTestMethod();
        Optional<VerifyNoChannelLeaks> own =
                AnnotationSupport.findAnnotation(method, VerifyNoChannelLeaks.class);
        if (own.isPresent()) {
            return settings(own.get(), context, method);
        }
        for (Class<?> type = context.getRequiredTestClass(); type != null;
                type = isNested(type) ? type.getEnclosingClass() : null) {
            Optional<VerifyNoChannelLeaks> annotation =
                    AnnotationSupport.findAnnotation(type, VerifyNoChannelLeaks.class);
            if (annotation.isPresent()) {
                return annotation.get().check() == Check.AFTER_EACH_TEST
                        ? settings(annotation.get(), context, type)
                        : null;
            }
        }
        return configuredCheck(context) == Check.AFTER_EACH_TEST
                ? settings(null, context, context.getRequiredTestClass())
                : null;
    }

    private static boolean isNested(Class<?> type) {
        return AnnotationSupport.isAnnotated(type, Nested.class);
    }

    private static Check configuredCheck(ExtensionContext context) {
        Optional<String> value = context.getConfigurationParameter(CHECK_PARAMETER);
        if (value.isEmpty()) {
            return Check.AFTER_ALL_TESTS;
        }
        String text = value.get().trim();
        try {
            return Check.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException invalid) {
            throw new ExtensionConfigurationException("configuration parameter "
                    + CHECK_PARAMETER + " must be after_all_tests or after_each_test, was '"
                    + text + "'");
        }
    }

    /**
     * Combines an annotation, if any, with the configuration parameters.
     *
     * @param source where the annotation was found, for messages
     */
    private static Settings settings(@Nullable VerifyNoChannelLeaks annotation,
            ExtensionContext context, AnnotatedElement source) {
        Duration grace = annotation == null || annotation.graceMillis() == -1
                ? configuredGrace(context)
                : annotatedGrace(annotation.graceMillis(), source);
        List<String> patterns = new ArrayList<>();
        context.getConfigurationParameter(IGNORE_THREADS_PARAMETER).ifPresent(value -> {
            for (String pattern : value.split(",")) {
                if (!pattern.isBlank()) {
                    patterns.add(pattern.trim());
                }
            }
        });
        List<Predicate<? super Thread>> ignored = new ArrayList<>();
        if (annotation != null) {
            patterns.addAll(List.of(annotation.ignoreThreads()));
            for (Class<? extends Predicate<Thread>> type : annotation.ignore()) {
                ignored.add(ReflectionSupport.newInstance(type));
            }
        }
        try {
            ignored.add(ChannelLeaks.threadNamesMatching(patterns.toArray(new String[0])));
        } catch (PatternSyntaxException invalid) {
            throw new ExtensionConfigurationException("invalid thread name pattern in "
                    + "ignoreThreads of " + source + " or in " + IGNORE_THREADS_PARAMETER + ": "
                    + invalid.getMessage(), invalid);
        }
        return new Settings(grace, thread -> anyAccepts(ignored, thread));
    }

    private static boolean anyAccepts(List<Predicate<? super Thread>> predicates, Thread thread) {
        for (Predicate<? super Thread> predicate : predicates) {
            if (predicate.test(thread)) {
                return true;
            }
        }
        return false;
    }

    private static Duration annotatedGrace(long millis, AnnotatedElement source) {
        if (millis < 0) {
            throw new ExtensionConfigurationException("@VerifyNoChannelLeaks(graceMillis) on "
                    + source + " must be >= 0, or -1 for the default, was " + millis);
        }
        return Duration.ofMillis(millis);
    }

    private static Duration configuredGrace(ExtensionContext context) {
        Optional<String> value = context.getConfigurationParameter(GRACE_PARAMETER);
        if (value.isEmpty()) {
            return ChannelLeaks.DEFAULT_GRACE;
        }
        String text = value.get().trim();
        Duration grace;
        try {
            grace = Duration.parse(text);
        } catch (DateTimeParseException invalid) {
            grace = Duration.ofSeconds(-1);
        }
        if (grace.isNegative()) {
            throw new ExtensionConfigurationException("configuration parameter "
                    + GRACE_PARAMETER + " must be a non-negative ISO-8601 duration such as "
                    + "PT2S, was '" + text + "'");
        }
        return grace;
    }

    /** The grace period and the ignored threads of one check. */
    private static final class Settings {

        final Duration grace;
        final Predicate<Thread> ignore;

        Settings(Duration grace, Predicate<Thread> ignore) {
            this.grace = grace;
            this.ignore = ignore;
        }
    }

    /** A baseline waiting for its check, kept in the JUnit store of the test or class. */
    private static final class PendingCheck {

        final ChannelLeaks.Baseline baseline;
        final Settings settings;

        PendingCheck(ChannelLeaks.Baseline baseline, Settings settings) {
            this.baseline = baseline;
            this.settings = settings;
        }

        void verify(String context) {
            baseline.verify(settings.grace, settings.ignore, context);
        }
    }
}
