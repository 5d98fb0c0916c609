package chanstream.tck;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Fails the build when the TCK did not run in full: a guard against silent skips.
 *
 * <p>A TCK class that Surefire does not pick up, a TestNG engine that discovers nothing,
 * or a setup failure that turns every rule into a skip can all end in a green build. This
 * check runs in its own Surefire execution after the TCK and reads the TCK's Surefire
 * reports. For every {@code *TckTest} class it requires:
 * <ul>
 *   <li>a report, with one test case per TestNG {@code @Test} method of the class (each
 *       rule reported on its own) and no failure or error;
 *   <li>every {@code required_*} and {@code stochastic_*} rule passed, not skipped: only
 *       {@code optional_*} and {@code untested_*} rules may be skipped;
 *   <li>every skip carries its reason.
 * </ul>
 *
 * <p>The Surefire execution that runs this class passes the two directories as the system
 * properties {@code tck.reportsDirectory} and {@code tck.testClassesDirectory}. A run
 * filtered with {@code -Dtest=...} skips this check.
 */
class TckReportGuard {

    /**
     * The verification classes that must run. Any other compiled {@code *TckTest} class
     * is checked too. This list makes the guard notice a class that was deleted or
     * renamed.
     */
    private static final List<String> EXPECTED_CLASSES = List.of(
            "ToPublisherUnbufferedTckTest",
            "ToPublisherBufferedTckTest",
            "FlowToPublisherUnbufferedTckTest",
            "FlowToPublisherBufferedTckTest",
            "ToFluxUnbufferedTckTest",
            "ToFluxBufferedTckTest",
            "ToFlowableUnbufferedTckTest",
            "ToFlowableBufferedTckTest",
            "ToChannelWhiteboxCapacity0TckTest",
            "ToChannelWhiteboxCapacity1TckTest",
            "ToChannelWhiteboxCapacity16TckTest",
            "ToChannelBlackboxCapacity0TckTest",
            "ToChannelBlackboxCapacity1TckTest",
            "ToChannelBlackboxCapacity16TckTest",
            "FlowToChannelWhiteboxCapacity0TckTest",
            "FlowToChannelWhiteboxCapacity1TckTest",
            "FlowToChannelWhiteboxCapacity16TckTest",
            "FlowToChannelBlackboxCapacity0TckTest",
            "FlowToChannelBlackboxCapacity1TckTest",
            "FlowToChannelBlackboxCapacity16TckTest");

    private static final String PACKAGE = TckReportGuard.class.getPackageName();

    @Test
    void everyExpectedTckClassIsCompiled() throws IOException {
        Set<String> compiled = compiledTckClasses();

        assertThat(compiled)
                .as("*TckTest classes in %s", testClassesDirectory())
                .containsAll(EXPECTED_CLASSES);
    }

    @TestFactory
    Stream<DynamicTest> reportOfEachTckClass() throws IOException {
        Set<String> classes = new TreeSet<>(EXPECTED_CLASSES);
        classes.addAll(compiledTckClasses());
        return classes.stream().map(simpleName ->
                DynamicTest.dynamicTest(simpleName, () -> checkReport(PACKAGE + "." + simpleName)));
    }

    private static void checkReport(String className) throws Exception {
        Set<String> declared = declaredTestMethods(Class.forName(className));
        assertThat(declared)
                .as("TestNG @Test methods of %s", className)
                .isNotEmpty();
        Path report = reportsDirectory().resolve("TEST-" + className + ".xml");
        assertThat(report)
                .as("Surefire report of %s, which is missing when the TCK class did not run",
                        className)
                .exists();

        Element suite = parse(report).getDocumentElement();
        List<TestCase> cases = testCases(suite);
        Set<String> reported = cases.stream()
                .map(TestCase::name)
                .collect(Collectors.toCollection(TreeSet::new));

        List<String> problems = new ArrayList<>();
        if (cases.size() != declared.size()) {
            problems.add(cases.size() + " test cases reported, but the class declares "
                    + declared.size() + " @Test methods");
        }
        Set<String> missing = new TreeSet<>(declared);
        missing.removeAll(reported);
        if (!missing.isEmpty()) {
            problems.add("rules missing from the report: " + missing);
        }
        if (!suite.getAttribute("failures").equals("0")) {
            problems.add(suite.getAttribute("failures") + " failures");
        }
        if (!suite.getAttribute("errors").equals("0")) {
            problems.add(suite.getAttribute("errors") + " errors");
        }
        for (TestCase testCase : cases) {
            String reason = testCase.skipReason();
            if (reason == null) {
                continue;
            }
            if (!testCase.name().matches("(optional|untested)_.*")) {
                problems.add("rule " + testCase.name() + " must pass, but was skipped: " + reason);
            }
            if (reason.isBlank()) {
                problems.add(testCase.name() + " was skipped without a reason");
            }
        }
        assertThat(problems)
                .as("problems of %s in %s", className, report)
                .isEmpty();
    }

    /**
     * Returns the names of the TestNG {@code @Test} methods of {@code testClass},
     * inherited ones included.
     */
    private static Set<String> declaredTestMethods(Class<?> testClass) {
        Set<String> names = new TreeSet<>();
        for (Method method : testClass.getMethods()) {
            if (method.isAnnotationPresent(org.testng.annotations.Test.class)) {
                names.add(method.getName());
            }
        }
        return names;
    }

    private static Set<String> compiledTckClasses() throws IOException {
        Path packageDirectory = testClassesDirectory().resolve(PACKAGE.replace('.', '/'));
        try (Stream<Path> files = Files.list(packageDirectory)) {
            return files.map(path -> path.getFileName().toString())
                    .filter(name -> name.endsWith("TckTest.class"))
                    .map(name -> name.substring(0, name.length() - ".class".length()))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }

    private static List<TestCase> testCases(Element suite) {
        List<TestCase> cases = new ArrayList<>();
        NodeList nodes = suite.getElementsByTagName("testcase");
        for (int i = 0; i < nodes.getLength(); i++) {
            Element testCase = (Element) nodes.item(i);
            NodeList skipped = testCase.getElementsByTagName("skipped");
            String reason = skipped.getLength() == 0 ? null : skipReason((Element) skipped.item(0));
            cases.add(new TestCase(testCase.getAttribute("name"), reason));
        }
        return cases;
    }

    /**
     * Returns the reason of a skip: the {@code message} attribute if Surefire wrote one,
     * else the first line of the stack trace with the exception's class name removed
     * ({@code "org.testng.SkipException: Not verified by this TCK."}). Never
     * {@code null}.
     */
    private static String skipReason(Element skipped) {
        String message = skipped.getAttribute("message");
        if (!message.isBlank()) {
            return message;
        }
        String firstLine = skipped.getTextContent().strip().lines().findFirst().orElse("");
        int colon = firstLine.indexOf(": ");
        return colon < 0 ? "" : firstLine.substring(colon + 2);
    }

    private static Document parse(Path report) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        DocumentBuilder builder = factory.newDocumentBuilder();
        return builder.parse(report.toFile());
    }

    private static Path reportsDirectory() {
        return directoryProperty("tck.reportsDirectory");
    }

    private static Path testClassesDirectory() {
        return directoryProperty("tck.testClassesDirectory");
    }

    private static Path directoryProperty(String name) {
        String value = System.getProperty(name);
        assertThat(value)
                .as("system property %s, set by the tck-report-guard execution in "
                        + "tck-tests/pom.xml; run the guard through Maven", name)
                .isNotBlank();
        return Paths.get(value);
    }

    /**
     * One {@code <testcase>} of a report. Its {@code skipReason} is {@code null} unless
     * the test was skipped.
     */
    private record TestCase(String name, String skipReason) {
    }
}
