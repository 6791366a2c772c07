package io.rostersync.api;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The rules of DESIGN.md across every published module, checked on their compiled main classes: packages form
 * no cycle between modules (a module and its own internal package may use each other), each module depends only on the modules below it, no published module needs the test kits, and
 * an {@code internal} package is reached only from the code it serves. (Core's own layering, with the SPI as
 * the bottom layer, is core's {@code ArchitectureTest}.)
 */
class ModuleArchitectureTest {

    /** Packages of the unpublished modules: the sandbox, these examples and the benchmarks. */
    private static final List<String> UNPUBLISHED = List.of("io.rostersync.sandbox", "io.rostersync.examples",
            "io.rostersync.benchmarks", "io.rostersync.api", "io.rostersync.reliability", "io.rostersync.fuzz",
            "io.rostersync.security");

    private static final JavaClasses PUBLISHED = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(location -> !location.contains("-tests.jar")) // test jars, e.g. jdbc's PostgresTestServer
            .withImportOption(location -> UNPUBLISHED.stream()
                    .noneMatch(p -> location.contains("/" + p.replace('.', '/') + "/")))
            .importPackages("io.rostersync");

    private static final String[] CORE = {"io.rostersync.model..", "io.rostersync.spi..", "io.rostersync.policy..",
        "io.rostersync.plan..", "io.rostersync.engine..", "io.rostersync.internal.."};
    private static final String[] PROVIDERS = {"io.rostersync.zendesk..", "io.rostersync.talkdesk..",
        "io.rostersync.salesforce..", "io.rostersync.scim..", "io.rostersync.csv.."};

    @Test
    void theImportSeesEveryPublishedModuleAndNothingElse() {
        for (String module : List.of("io.rostersync.engine", "io.rostersync.json", "io.rostersync.jdbc", "io.rostersync.http",
                "io.rostersync.zendesk", "io.rostersync.talkdesk", "io.rostersync.salesforce", "io.rostersync.scim",
                "io.rostersync.csv", "io.rostersync.testkit", "io.rostersync.emulators.zendesk")) {
            assertThat(PUBLISHED.containPackage(module)).as(module).isTrue();
        }
        assertThat(PUBLISHED.containPackage("io.rostersync.sandbox")).isFalse();
    }

    @Test
    void packagesFormNoCycleAcrossModules() {
        slices().matching("io.rostersync.(*)..").should().beFreeOfCycles().check(PUBLISHED);
    }

    @Test
    void coreDependsOnNoOtherModule() {
        noClasses().that().resideInAnyPackage(CORE).should().dependOnClassesThat()
                .resideOutsideOfPackages(concat(CORE, "java..", "javax.crypto..", "org.slf4j..", "org.jspecify.."))
                .check(PUBLISHED);
    }

    @Test
    void noPublishedModuleForHostsNeedsTheTestKits() {
        noClasses().that().resideInAnyPackage(concat(concat(CORE, PROVIDERS), "io.rostersync.json..",
                        "io.rostersync.jdbc..", "io.rostersync.http.."))
                .should().dependOnClassesThat().resideInAnyPackage("io.rostersync.testkit..", "io.rostersync.emulators..",
                        "org.junit..", "org.assertj..", "mockwebserver3..", "okhttp3..")
                .check(PUBLISHED);
    }

    @Test
    void theCodecTheStoreAndTheHttpLayerDoNotKnowTheProviders() {
        noClasses().that().resideInAnyPackage("io.rostersync.json..", "io.rostersync.jdbc..", "io.rostersync.http..")
                .should().dependOnClassesThat().resideInAnyPackage(PROVIDERS)
                .check(PUBLISHED);
    }

    @Test
    void internalPackagesAreReachedOnlyFromTheCodeTheyServe() {
        // Each internal package and who may use it besides its own parent package.
        Map<String, List<String>> alsoFrom = Map.of(
                "io.rostersync.http.internal", List.of("io.rostersync.zendesk", "io.rostersync.talkdesk",
                        "io.rostersync.salesforce", "io.rostersync.scim"),
                "io.rostersync.internal", List.of("io.rostersync.engine"),
                // the English reasons (spi) name characters outside ASCII as the planner's identity text does
                "io.rostersync.model.internal", List.of("io.rostersync.spi", "io.rostersync.policy", "io.rostersync.internal"),
                "io.rostersync.spi.internal", List.of("io.rostersync.internal"),
                // Talkdesk writes users through its SCIM API, so its SCIM client reads SCIM's error bodies.
                "io.rostersync.scim.internal", List.of("io.rostersync.talkdesk"),
                // The Pub/Sub API emulator serves the same generated eventbus.v1 stubs the CDC subscriber uses.
                "io.rostersync.salesforce.cdc.internal", List.of("io.rostersync.emulators.salesforce"));
        int checked = 0;
        for (JavaClass c : PUBLISHED) {
            c.getDirectDependenciesFromSelf().forEach(d -> {
                String to = d.getTargetClass().getPackageName();
                int at = to.indexOf(".internal");
                if (at < 0 || !to.startsWith("io.rostersync")) {
                    return;
                }
                String internal = to.substring(0, at + ".internal".length());
                String parent = internal.substring(0, at);
                String from = c.getPackageName();
                boolean allowed = from.startsWith(parent.equals("io.rostersync") ? internal : parent)
                        || alsoFrom.getOrDefault(internal, List.of()).stream().anyMatch(from::startsWith);
                assertThat(allowed).as("%s uses %s", c.getName(), d.getTargetClass().getName()).isTrue();
            });
            checked++;
        }
        assertThat(checked).isGreaterThan(300);
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
