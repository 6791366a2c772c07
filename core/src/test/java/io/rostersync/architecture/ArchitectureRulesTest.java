package io.rostersync.architecture;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every rule of {@link ArchitectureRules} fails on code that breaks it (the fixtures in {@code fixture}),
 * says where, and passes on the code that keeps it: a green architecture check is one that could be red.
 */
class ArchitectureRulesTest {

    private static final String FIXTURE = "io.rostersync.architecture.fixture";

    private static final JavaClasses FIXTURES = new ClassFileImporter().importPackages(FIXTURE);

    /** The fixture classes; each rule is scoped to one fixture package by the root it is given. */
    private static JavaClasses fixture(String name) {
        assertThat(FIXTURES.that(resideInAPackage(FIXTURE + "." + name + ".."))).as("fixture %s", name).isNotEmpty();
        return FIXTURES;
    }

    private static String violations(ArchRule rule, JavaClasses classes) {
        EvaluationResult result = rule.evaluate(classes);
        assertThat(result.hasViolation()).as("%s should fail", rule.getDescription()).isTrue();
        return String.join("\n", result.getFailureReport().getDetails());
    }

    @Test
    void aCycleBetweenTwoPackagesFailsTheCycleRule() {
        String found = violations(ArchitectureRules.noCyclesBetweenTopLevelPackages(FIXTURE + ".cycle"), fixture("cycle"));

        assertThat(found).contains("Cycle detected", "Alpha", "Beta");
    }

    @Test
    void packagesUsedOneWayPassTheCycleRule() {
        ArchitectureRules.noCyclesBetweenTopLevelPackages(FIXTURE + ".layers").check(fixture("layers"));
    }

    @Test
    void anSpiThatUsesTheEngineFailsTheBottomLayerRule() {
        String layers = FIXTURE + ".layers";
        ArchRule rule = ArchitectureRules.dependOnlyOn(layers + ".spi..", layers + ".spi..", layers + ".model..");

        assertThat(violations(rule, fixture("layers"))).contains("Port", "Runner").doesNotContain("Value>");
        ArchitectureRules.dependOnlyOn(layers + ".model..", layers + ".model..").check(fixture("layers"));
    }

    @Test
    void anInternalPackageUsedFromOutsideItsParentFailsTheAccessRule() {
        String found = violations(ArchitectureRules.internalPackagesAreReachedOnlyFromTheirParent(FIXTURE + ".access", Map.of()),
                fixture("access"));

        assertThat(found).contains("Intruder").doesNotContain("Widget");
    }

    @Test
    void anInternalPackageNamedInTheRuleIsReachedOnlyFromThePackagesNamed() {
        String access = FIXTURE + ".access";
        ArchRule onlyOther = ArchitectureRules.internalPackagesAreReachedOnlyFromTheirParent(access,
                Map.of(access + ".widget.internal", List.of(access + ".other..")));

        assertThat(violations(onlyOther, fixture("access"))).contains("Widget").doesNotContain("Intruder");
        ArchitectureRules.internalPackagesAreReachedOnlyFromTheirParent(access,
                Map.of(access + ".widget.internal", List.of(access + ".other..", access + ".widget..")))
                .check(fixture("access"));
    }

    @Test
    void everyWayAPublicSignatureCanNameAnInternalTypeFailsTheExposureRule() {
        String found = violations(ArchitectureRules.publicSignaturesExposeNoInternalType(FIXTURE + ".exposure"), fixture("exposure"));

        assertThat(found).contains(
                "Api$ReturnsIt.secret()",
                "Api$TakesItInAConstructor.<init>",
                "Api$ReturnsItAsATypeArgument.all()",
                "Api$TakesItAsATypeArgument.use(",
                "Api$HasItAsAField.secret",
                "Api$HasItAsAnArrayField.secrets",
                "Api$ThrowsIt.go()",
                "Api$BoundsATypeParameterByIt.pick(",
                "Api$ExtendsIt (its supertypes)",
                "Api$ShowsItToSubclasses.secret()",
                "Api$Outer$Inner.secret()");
        assertThat(found).doesNotContain("KeepsItHidden", "PrivateNested", "PackagePrivateClass");
    }

    @Test
    void aLibraryUsedOutsideTheModuleThatOwnsItFailsTheLibraryRule() {
        String library = FIXTURE + ".library";
        String found = violations(ArchitectureRules.noDependencyOn(library, ArchitectureRules.LIBRARY_PACKAGES, library + ".exempt.."),
                fixture("library"));

        assertThat(found).contains("UsesJdbc", "java.sql.Connection").doesNotContain("AllowedJdbc");
    }

    @Test
    void aLibraryTypeInAPublicSignatureFailsTheSignatureRule() {
        String found = violations(ArchitectureRules.publicSignaturesExposeNoTypeOf(FIXTURE + ".library", "java.sql.."),
                fixture("library"));

        assertThat(found).contains("UsesJdbc.closed(", "java.sql.Connection").doesNotContain("AllowedJdbc", "SQLException");
    }

    @Test
    void aModuleKeepsItsInternalsAndTheLibrariesItDoesNotOwnOutOfItsApi() {
        List<ArchRule> exposure = ArchitectureRules.moduleRules(FIXTURE + ".exposure");
        List<ArchRule> library = ArchitectureRules.moduleRules(FIXTURE + ".library");
        List<ArchRule> libraryOwningJdbc = ArchitectureRules.moduleRules(FIXTURE + ".library", "java.sql..", "javax.sql..");

        assertThat(exposure).anyMatch(rule -> rule.evaluate(fixture("exposure")).hasViolation());
        assertThat(library).anyMatch(rule -> rule.evaluate(fixture("library")).hasViolation());
        libraryOwningJdbc.forEach(rule -> rule.check(fixture("library")));
    }

    @Test
    void theInternalPackageOfANameIsItsPrefixUpToTheFirstInternalSegment() {
        assertThat(ArchitectureRules.internalPackageOf("io.rostersync.csv.internal")).isEqualTo("io.rostersync.csv.internal");
        assertThat(ArchitectureRules.internalPackageOf("io.rostersync.internal.sub")).isEqualTo("io.rostersync.internal");
        assertThatThrownBy(() -> ArchitectureRules.internalPackageOf("io.rostersync.internals"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
