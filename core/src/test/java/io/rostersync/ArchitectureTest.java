package io.rostersync;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.rostersync.architecture.ArchitectureRules;
import io.rostersync.engine.SyncRunner;
import io.rostersync.model.UserRecord;
import io.rostersync.spi.UserDirectory;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shape of core's packages, checked on its compiled classes (tests left out):
 * model, then the SPI, then plans, policy, the planner and the engine, each using only those before it.
 */
class ArchitectureTest {

    private static final String ROOT = "io.rostersync";

    private static final JavaClasses CORE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(ROOT);

    @BeforeAll
    static void theRulesSeeAllOfCore() {
        // A rule over no classes proves nothing: make sure the import found core's main classes, not its tests.
        assertThat(CORE.contain(SyncRunner.class)).isTrue();
        assertThat(CORE.contain(UserDirectory.class)).isTrue();
        assertThat(CORE.contain(UserRecord.class)).isTrue();
        assertThat(CORE.contain(ArchitectureTest.class)).isFalse();
    }

    @Test
    void packagesFormNoCycle() {
        ArchitectureRules.noCyclesBetweenTopLevelPackages(ROOT).check(CORE);
    }

    @Test
    void theModelUsesNothingButItselfAndTheJdk() {
        ArchitectureRules.dependOnlyOn("io.rostersync.model..", "io.rostersync.model..").check(CORE);
    }

    @Test
    void theSpiIsTheBottomLayerAboveTheModel() {
        ArchitectureRules.dependOnlyOn("io.rostersync.spi..", "io.rostersync.spi..", "io.rostersync.model..").check(CORE);
    }

    @Test
    void eachLayerUsesOnlyTheLayersBelowIt() {
        layeredArchitecture().consideringOnlyDependenciesInAnyPackage(ROOT + "..")
                .layer("model").definedBy("io.rostersync.model..")
                .layer("spi").definedBy("io.rostersync.spi..")
                .layer("plan").definedBy("io.rostersync.plan..")
                .layer("policy").definedBy("io.rostersync.policy..")
                .layer("planner").definedBy("io.rostersync.internal..")
                .layer("engine").definedBy("io.rostersync.engine..")
                .whereLayer("engine").mayNotBeAccessedByAnyLayer()
                .whereLayer("planner").mayOnlyBeAccessedByLayers("engine")
                .whereLayer("policy").mayOnlyBeAccessedByLayers("planner", "engine")
                .whereLayer("plan").mayOnlyBeAccessedByLayers("policy", "planner", "engine")
                .whereLayer("spi").mayOnlyBeAccessedByLayers("plan", "policy", "planner", "engine")
                .whereLayer("model").mayOnlyBeAccessedByLayers("spi", "plan", "policy", "planner", "engine")
                .check(CORE);
    }

    @Test
    void internalPackagesAreReachedOnlyFromTheCodeTheyServe() {
        ArchitectureRules.internalPackagesAreReachedOnlyFromTheirParent(ROOT, Map.of(
                // The planner: the engine's reconciler and executor call it.
                "io.rostersync.internal", List.of("io.rostersync.engine.."),
                // How identity text folds: the model's values, and the matchers, scope and planner that must
                // fold the same way; the English reasons name the characters outside ASCII the same way.
                "io.rostersync.model.internal", List.of("io.rostersync.model..", "io.rostersync.spi..", "io.rostersync.policy..",
                        "io.rostersync.internal.."),
                // The index inside Links, which the planner reads by position.
                "io.rostersync.spi.internal", List.of("io.rostersync.spi..", "io.rostersync.internal..")))
                .check(CORE);
    }

    @Test
    void noPublicSignatureOutsideInternalPackagesNamesAnInternalType() {
        ArchitectureRules.publicSignaturesExposeNoInternalType(ROOT).check(CORE);
    }

    @Test
    void coreUsesNoJsonHttpOrJdbcLibrary() {
        ArchitectureRules.noDependencyOn(ROOT, ArchitectureRules.LIBRARY_PACKAGES).check(CORE);
    }

    @Test
    void theCodecAndTheJdbcStoreLiveInTheirOwnModules() {
        // rostersync-json and rostersync-jdbc depend on core, never the other way round.
        assertThat(CORE.stream().map(c -> c.getPackageName()))
                .noneMatch(p -> p.startsWith("io.rostersync.json") || p.startsWith("io.rostersync.jdbc") || p.startsWith("io.rostersync.state"));
        ArchitectureRules.noDependencyOn(ROOT, List.of("io.rostersync.json..", "io.rostersync.jdbc..")).check(CORE);
    }
}
