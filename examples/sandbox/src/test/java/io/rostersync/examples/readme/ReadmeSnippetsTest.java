package io.rostersync.examples.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * README.md's Java blocks are the code the build compiles and runs: each is a verbatim copy (up to
 * leading indentation) of a region between {@code // tag::name[]} and {@code // end::name[]} in a test
 * source of examples/sandbox, named by the {@code <!-- snippet: name -->} line before the block. A failure
 * names the block and the file to bring back in line. After changing a tagged region, run this test with
 * {@code -Dreadme.snippets.update=true} to copy the regions into README.md (then review the diff).
 */
class ReadmeSnippetsTest {

    /** {@code -Dreadme.snippets.update=true} first copies every marked block's region into README.md. */
    private static final String UPDATE = "readme.snippets.update";
    private static final Path ROOT = projectRoot();
    private static final Path TEST_SOURCES = ROOT.resolve("examples/sandbox/src/test/java");
    /** The Spring Boot example's sources: its application code is what the README's Spring section shows. */
    private static final List<Path> EXAMPLE_SOURCES = List.of(ROOT.resolve("examples/spring-boot/src/main/java"),
            ROOT.resolve("examples/spring-boot/src/test/java"));

    private static Path projectRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("README.md")) && Files.isDirectory(dir.resolve("examples/sandbox"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no README.md with examples/sandbox above " + Path.of("").toAbsolutePath());
    }

    private static List<ReadmeSnippets.Region> allRegions(List<String> problems) throws IOException {
        List<ReadmeSnippets.Region> regions = new ArrayList<>(ReadmeSnippets.regionsUnder(ROOT, TEST_SOURCES, problems));
        for (Path dir : EXAMPLE_SOURCES) {
            if (Files.isDirectory(dir)) {
                regions.addAll(ReadmeSnippets.regionsUnder(ROOT, dir, problems));
            }
        }
        return regions;
    }

    @Test
    void everyJavaBlockOfTheReadmeIsATaggedRegionOfATestSource() throws IOException {
        Path readmeFile = ROOT.resolve("README.md");
        String readme = Files.readString(readmeFile, StandardCharsets.UTF_8);
        List<String> problems = new ArrayList<>();
        List<ReadmeSnippets.Region> regions = allRegions(problems);
        if (Boolean.getBoolean(UPDATE)) {
            readme = ReadmeSnippets.update(readme, regions);
            Files.writeString(readmeFile, readme, StandardCharsets.UTF_8);
        }

        List<String> found = ReadmeSnippets.check(readme, regions, problems);

        assertThat(ReadmeSnippets.javaBlocks(readme, new ArrayList<>())).as("README.md's java blocks").isNotEmpty();
        assertThat(found).as("README.md against the tagged regions in %s", ROOT.relativize(TEST_SOURCES))
                .withFailMessage(() -> String.join("\n\n", found)).isEmpty();
    }

    @Test
    void everyTaggedRegionIsInATestOrInAProgramItsSiblingTestRuns() throws IOException {
        List<String> untested = new ArrayList<>();
        for (ReadmeSnippets.Region region : allRegions(new ArrayList<>())) {
            Path file = ROOT.resolve(region.file());
            String name = file.getFileName().toString().replace(".java", "");
            // a program's test sits beside it, or at the same place in the module's test sources
            Path sibling = Path.of(file.resolveSibling(name + "Test.java").toString()
                    .replace("/src/main/java/", "/src/test/java/"));
            String text = Files.readString(file);
            // a test class, or a subclass of one of the testkit's contracts (whose tests it inherits)
            boolean tested = text.contains("@Test") || text.matches("(?s).*\\bextends \\w+Contract\\b.*")
                    || Files.isRegularFile(sibling) && Files.readString(sibling).contains(name + ".");
            if (!tested) {
                untested.add(region.file() + " (snippet '" + region.name() + "')");
            }
        }
        assertThat(untested).as("tagged regions that no test runs").isEmpty();
    }

    // What the check catches, on made-up READMEs and sources.

    private static final String SOURCE = String.join("\n",
            "class Demo {",
            "    void demo() {",
            "        // tag::demo[]",
            "        int a = 1;",
            "",
            "        System.out.println(a);",
            "        // end::demo[]",
            "    }",
            "}");

    private static List<String> check(String readme, String source) {
        List<String> problems = new ArrayList<>();
        List<ReadmeSnippets.Region> regions = ReadmeSnippets.regions(Path.of("Demo.java"), source, problems);
        return ReadmeSnippets.check(readme, regions, problems);
    }

    private static String readme(String... blockLines) {
        return "Intro.\n\n<!-- snippet: demo -->\n```java\n" + String.join("\n", blockLines) + "\n```\n\nAfter.\n";
    }

    @Test
    void aBlockEqualToItsRegionUpToLeadingIndentationPasses() {
        assertThat(check(readme("int a = 1;", "", "System.out.println(a);"), SOURCE)).isEmpty();
        assertThat(check(readme("  int a = 1;", "", "  System.out.println(a);"), SOURCE)).isEmpty();
    }

    @Test
    void anEditedBlockFailsNamingTheBlockTheFileAndTheLine() {
        List<String> problems = check(readme("int a = 2;", "", "System.out.println(a);"), SOURCE);

        assertThat(problems).singleElement().asString()
                .contains("README.md line 4", "snippet 'demo'", "Demo.java", "line 1 of the block", "int a = 2;", "int a = 1;");
    }

    @Test
    void aBlockMissingALineOrWithAnExtraOneFails() {
        assertThat(check(readme("int a = 1;", ""), SOURCE)).singleElement().asString()
                .contains("the source has 1 more line(s)", "System.out.println(a);");
        assertThat(check(readme("int a = 1;", "", "System.out.println(a);", "a++;"), SOURCE)).singleElement().asString()
                .contains("the block has 1 more line(s)", "a++;");
    }

    @Test
    void aChangeInsideALineIsNotNormalisedAway() {
        assertThat(check(readme("int a =  1;", "", "System.out.println(a);"), SOURCE)).hasSize(1);
        assertThat(check(readme("int a = 1; ", "", "System.out.println(a);"), SOURCE)).hasSize(1);
        assertThat(check(readme("int a = 1;", "", "  System.out.println(a);"), SOURCE)).hasSize(1);
    }

    @Test
    void aJavaBlockWithoutAMarkerFails() {
        String readme = "Intro.\n\n```java\nint a = 1;\n```\n";

        assertThat(check(readme, "class Demo {}")).singleElement().asString()
                .contains("README.md line 3", "has no snippet marker", "int a = 1;");
    }

    @Test
    void aMarkerNamingNoRegionFails() {
        assertThat(check(readme("int a = 1;", "", "System.out.println(a);"), "class Demo {}")).singleElement().asString()
                .contains("names snippet 'demo', which no test source", "tag::demo[]");
    }

    @Test
    void aRegionNoBlockShowsFails() {
        assertThat(check("Nothing here.\n\n```sh\n./sandbox\n```\n", SOURCE)).singleElement().asString()
                .contains("Demo.java line 3", "snippet 'demo' is tagged but no README block shows it");
    }

    @Test
    void otherLanguagesNeedNoMarkerButAMarkerMustPrecedeAJavaBlock() {
        String sh = "Run:\n\n```sh\n./sandbox\n```\n";
        assertThat(ReadmeSnippets.javaBlocks(sh, new ArrayList<>())).isEmpty();

        List<String> problems = new ArrayList<>();
        ReadmeSnippets.javaBlocks("<!-- snippet: demo -->\n```sh\n./sandbox\n```\n", problems);
        assertThat(problems).singleElement().asString().contains("followed by a ```sh block");

        problems.clear();
        ReadmeSnippets.javaBlocks("<!-- snippet: demo -->\nSome prose.\n\n```java\nint a;\n```\n", problems);
        assertThat(problems).singleElement().asString().contains("'demo' is not followed by a ```java block");

        problems.clear();
        ReadmeSnippets.javaBlocks("<!-- snippet demo -->\n```java\nint a;\n```\n", problems);
        assertThat(problems).singleElement().asString().contains("malformed snippet marker");
    }

    @Test
    void aJavaFenceInsideALongerFenceIsNotABlock() {
        String nested = "````markdown\n```java\nint a;\n```\n````\n";

        assertThat(ReadmeSnippets.javaBlocks(nested, new ArrayList<>())).isEmpty();
    }

    @Test
    void unbalancedRepeatedOrMalformedTagsAreReported() {
        List<String> problems = new ArrayList<>();
        ReadmeSnippets.regions(Path.of("A.java"), String.join("\n",
                "// tag::open[]",
                "// end::never-opened[]",
                "// tag::twice[]",
                "// tag::twice[]",
                "// end::twice[]",
                "// tag:: spaced []"), problems);

        assertThat(problems).hasSize(4).anySatisfy(p -> assertThat(p).contains("tag::open[] is never closed"))
                .anySatisfy(p -> assertThat(p).contains("end::never-opened[] without"))
                .anySatisfy(p -> assertThat(p).contains("tag::twice[] opened twice"))
                .anySatisfy(p -> assertThat(p).contains("malformed tag"));
    }

    @Test
    void aSnippetTaggedInTwoFilesIsReported() {
        List<String> problems = new ArrayList<>();
        List<ReadmeSnippets.Region> regions = new ArrayList<>(ReadmeSnippets.regions(Path.of("A.java"), SOURCE, problems));
        regions.addAll(ReadmeSnippets.regions(Path.of("B.java"), SOURCE, problems));

        assertThat(ReadmeSnippets.check(readme("int a = 1;", "", "System.out.println(a);"), regions, problems))
                .singleElement().asString().contains("tagged twice", "A.java", "B.java");
    }

    @Test
    void updateCopiesEachMarkedRegionIntoItsBlockAndLeavesTheRestAlone() {
        String stale = readme("int a = 2;", "System.out.println(a);") + "\n```java\nunmarked();\n```\n";
        List<ReadmeSnippets.Region> regions = ReadmeSnippets.regions(Path.of("Demo.java"), SOURCE, new ArrayList<>());

        String updated = ReadmeSnippets.update(stale, regions);

        assertThat(updated).isEqualTo(readme("int a = 1;", "", "System.out.println(a);") + "\n```java\nunmarked();\n```\n");
        assertThat(ReadmeSnippets.update(updated, regions)).isEqualTo(updated);
    }
}
