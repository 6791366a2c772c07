package io.rostersync.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.PackageMatcher;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The layering rules of rostersync's modules, written once so every module checks itself the same way. Each
 * rule takes the module's root package (for core, {@code io.rostersync}); {@code ArchitectureRulesTest} shows
 * each of them failing on a small broken example, so a rule that passes is one that could have failed.
 *
 * <p>An {@code internal} package is a package with a segment named {@code internal}; its parent is the part
 * of its name before that segment ({@code io.rostersync.csv} for {@code io.rostersync.csv.internal}).
 */
public final class ArchitectureRules {

    /** JSON, HTTP-client and JDBC libraries: a module's own choice, never part of another module's API. */
    public static final List<String> LIBRARY_PACKAGES = List.of("com.fasterxml..", "okhttp3..", "mockwebserver3..", "java.sql..", "javax.sql..");

    private ArchitectureRules() {
    }

    /** No cycle between the top-level packages under {@code root} ({@code root.(*)..}, subpackages included). */
    public static ArchRule noCyclesBetweenTopLevelPackages(String root) {
        return slices().matching(root + ".(*)..").namingSlices("$1")
                .should().beFreeOfCycles()
                .because("a package that needs a package above it is not a layer");
    }

    /**
     * The classes in {@code packages} (patterns such as {@code io.rostersync.spi..}) use only classes in
     * {@code allowed} (patterns), the JDK's {@code java..} packages and the jspecify annotations.
     */
    public static ArchRule dependOnlyOn(String packages, String... allowed) {
        List<String> all = new ArrayList<>(Arrays.asList(allowed));
        all.add("java..");
        all.add("org.jspecify..");
        return classes().that().resideInAPackage(packages)
                .should().onlyDependOnClassesThat().resideInAnyPackage(all.toArray(String[]::new))
                .because(packages + " is a lower layer: it may use " + String.join(", ", allowed) + " and the JDK only");
    }

    /**
     * Every {@code internal} package under {@code root} is reached only from its parent's package tree, or,
     * for the packages named in {@code reachableFrom}, only from the package patterns given there (and from
     * inside the internal package itself).
     */
    public static ArchRule internalPackagesAreReachedOnlyFromTheirParent(String root, Map<String, List<String>> reachableFrom) {
        return classes().that().resideInAPackage(root + "..internal..")
                .should(beReachedOnlyFromTheirParent(reachableFrom))
                .allowEmptyShould(true)
                .because("nothing in an internal package is API: it may change in any release");
    }

    /**
     * No public or protected constructor, method or field of a class that a host can see (public, outside
     * the internal packages, under {@code root}), and no such class's supertypes, names a type of an
     * {@code internal} package: not as a parameter, return type, type argument, bound or thrown exception.
     */
    public static ArchRule publicSignaturesExposeNoInternalType(String root) {
        return publicSignaturesExposeNo(root, new DescribedPredicate<>("type of an internal package") {
            @Override
            public boolean test(JavaClass type) {
                return PackageMatcher.of("..internal..").matches(type.getPackageName());
            }
        });
    }

    /** As {@link #publicSignaturesExposeNoInternalType}, for the types of {@code packages} (patterns). */
    public static ArchRule publicSignaturesExposeNoTypeOf(String root, String... packages) {
        return publicSignaturesExposeNo(root, new DescribedPredicate<>("type of " + String.join(", ", packages)) {
            @Override
            public boolean test(JavaClass type) {
                return Arrays.stream(packages).anyMatch(p -> PackageMatcher.of(p).matches(type.getPackageName()));
            }
        });
    }

    /** No class under {@code root}, outside the {@code exempt} package patterns, uses a class of {@code packages}. */
    public static ArchRule noDependencyOn(String root, List<String> packages, String... exempt) {
        return noClasses().that().resideInAPackage(root + "..").and().resideOutsideOfPackages(exempt)
                .should().dependOnClassesThat().resideInAnyPackage(packages.toArray(String[]::new))
                .because("a module depends on these only inside the module that owns them");
    }

    /**
     * The rules every published module keeps, for a module whose packages are under {@code root} (for a
     * provider, {@code io.rostersync.zendesk}): its internal packages are reached only from their parent, and
     * no public signature names an internal type or a type of {@link #LIBRARY_PACKAGES}, except the libraries
     * the module owns ({@code owned}, for example {@code "java.sql.."} and {@code "javax.sql.."} for
     * rostersync-jdbc). Cycles are checked across modules ({@link #noCyclesBetweenTopLevelPackages} over
     * {@code io.rostersync}): a package and its own internal package may use each other.
     */
    public static List<ArchRule> moduleRules(String root, String... owned) {
        List<String> shown = new ArrayList<>(LIBRARY_PACKAGES);
        shown.removeAll(Arrays.asList(owned));
        return List.of(
                internalPackagesAreReachedOnlyFromTheirParent(root, Map.of()),
                publicSignaturesExposeNoInternalType(root),
                publicSignaturesExposeNoTypeOf(root, shown.toArray(String[]::new)));
    }

    private static ArchRule publicSignaturesExposeNo(String root, DescribedPredicate<JavaClass> forbidden) {
        return classes().that().resideInAPackage(root + "..").and().resideOutsideOfPackage("..internal..")
                .and(VISIBLE_TO_HOSTS)
                .should(exposeNo(forbidden))
                .allowEmptyShould(true);
    }

    private static final DescribedPredicate<JavaClass> VISIBLE_TO_HOSTS = new DescribedPredicate<>("are visible to a host") {
        @Override
        public boolean test(JavaClass c) {
            return visibleType(c);
        }
    };

    /** Public, or a protected nested class, and every class around it visible too. */
    private static boolean visibleType(JavaClass c) {
        if (c.isAnonymousClass() || c.isLocalClass()) {
            return false;
        }
        Set<JavaModifier> modifiers = c.getModifiers();
        boolean itself = modifiers.contains(JavaModifier.PUBLIC) || c.isNestedClass() && modifiers.contains(JavaModifier.PROTECTED);
        return itself && c.getEnclosingClass().map(ArchitectureRules::visibleType).orElse(true);
    }

    private static boolean visible(Set<JavaModifier> modifiers) {
        return (modifiers.contains(JavaModifier.PUBLIC) || modifiers.contains(JavaModifier.PROTECTED))
                && !modifiers.contains(JavaModifier.SYNTHETIC) && !modifiers.contains(JavaModifier.BRIDGE);
    }

    private static JavaClass element(JavaClass type) {
        return type.isArray() ? type.getBaseComponentType() : type;
    }

    private static ArchCondition<JavaClass> exposeNo(DescribedPredicate<JavaClass> forbidden) {
        return new ArchCondition<>("expose no " + forbidden.getDescription() + " in a public signature") {
            @Override
            public void check(JavaClass c, ConditionEvents events) {
                Set<JavaClass> supertypes = new LinkedHashSet<>();
                c.getSuperclass().ifPresent(s -> supertypes.addAll(s.getAllInvolvedRawTypes()));
                c.getInterfaces().forEach(i -> supertypes.addAll(i.getAllInvolvedRawTypes()));
                c.getTypeParameters().forEach(p -> supertypes.addAll(p.getAllInvolvedRawTypes()));
                report(events, c, c.getName() + " (its supertypes)", supertypes, forbidden);
                for (JavaCodeUnit unit : c.getCodeUnits()) {
                    if (!visible(unit.getModifiers())) {
                        continue;
                    }
                    Set<JavaClass> named = new LinkedHashSet<>(unit.getAllInvolvedRawTypes());
                    unit.getParameterTypes().forEach(p -> named.addAll(p.getAllInvolvedRawTypes()));
                    named.addAll(unit.getReturnType().getAllInvolvedRawTypes());
                    unit.getThrowsClause().getTypes().forEach(t -> named.add(t));
                    report(events, c, unit.getFullName(), named, forbidden);
                }
                for (JavaField field : c.getFields()) {
                    if (visible(field.getModifiers())) {
                        report(events, c, field.getFullName(), field.getType().getAllInvolvedRawTypes(), forbidden);
                    }
                }
            }
        };
    }

    private static void report(ConditionEvents events, JavaClass owner, String where, Set<JavaClass> types,
                               DescribedPredicate<JavaClass> forbidden) {
        Set<String> bad = types.stream().map(ArchitectureRules::element).filter(forbidden)
                .map(JavaClass::getName).collect(Collectors.toCollection(java.util.TreeSet::new));
        if (!bad.isEmpty()) {
            events.add(SimpleConditionEvent.violated(owner, where + " exposes " + String.join(", ", bad)));
        }
    }

    private static ArchCondition<JavaClass> beReachedOnlyFromTheirParent(Map<String, List<String>> reachableFrom) {
        return new ArchCondition<>("be reached only from their parent package tree" + (reachableFrom.isEmpty() ? ""
                : " (" + reachableFrom.entrySet().stream().map(e -> e.getKey() + " from " + e.getValue())
                        .collect(Collectors.joining("; ")) + ")")) {
            @Override
            public void check(JavaClass target, ConditionEvents events) {
                String internalPackage = internalPackageOf(target.getPackageName());
                List<String> allowed = new ArrayList<>(reachableFrom.getOrDefault(internalPackage,
                        List.of(internalPackage.substring(0, internalPackage.lastIndexOf('.')) + "..")));
                allowed.add(internalPackage + "..");
                for (Dependency d : target.getDirectDependenciesToSelf()) {
                    String from = d.getOriginClass().getPackageName();
                    if (allowed.stream().noneMatch(p -> PackageMatcher.of(p).matches(from))) {
                        events.add(SimpleConditionEvent.violated(d, d.getDescription() + ", but " + internalPackage
                                + " is reached only from " + String.join(", ", allowed)));
                    }
                }
            }
        };
    }

    /** The package up to and including its first segment named {@code internal}. */
    static String internalPackageOf(String packageName) {
        String[] segments = packageName.split("\\.");
        int i = Arrays.asList(segments).indexOf("internal");
        if (i < 1) {
            throw new IllegalArgumentException(packageName + " is not an internal package under a parent");
        }
        return String.join(".", Arrays.copyOf(segments, i + 1));
    }
}
