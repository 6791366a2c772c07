package io.rostersync.testkit.contracts;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;

/** The outcome of running one contract class through the JUnit Platform's test kit. */
record ContractRun(List<String> failed, List<String> skipped, long succeeded, Map<String, String> why) {

    static ContractRun of(Class<?> contract) {
        Events tests = EngineTestKit.engine("junit-jupiter").selectors(selectClass(contract)).execute().testEvents();
        Map<String, String> why = new TreeMap<>();
        List<String> failed = tests.failed().stream().map(e -> {
            String name = methodName(e);
            why.put(name, e.getPayload(TestExecutionResult.class).flatMap(TestExecutionResult::getThrowable)
                    .map(Throwable::toString).orElse("?"));
            return name;
        }).sorted().toList();
        List<String> skipped = tests.skipped().stream().map(ContractRun::methodName).sorted().toList();
        List<String> aborted = tests.aborted().stream().map(ContractRun::methodName).toList();
        return new ContractRun(failed, concat(skipped, aborted), tests.succeeded().count(), why);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).sorted().toList();
    }

    private static String methodName(Event e) {
        String display = e.getTestDescriptor().getDisplayName();
        int paren = display.indexOf('(');
        return paren < 0 ? display : display.substring(0, paren);
    }

    @Override
    public String toString() {
        return "failed " + failed + " " + why + ", skipped " + skipped + ", " + succeeded + " passed";
    }
}
