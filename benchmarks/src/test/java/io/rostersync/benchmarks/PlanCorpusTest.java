package io.rostersync.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.rostersync.policy.Deprovision;
import io.rostersync.spi.ActionKind;
import io.rostersync.spi.ConflictKind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlanCorpusTest {

    private static final int SCENARIOS = 50;
    private static String baseline = "";

    @BeforeAll
    static void writeTheBaseline() {
        StringBuilder out = new StringBuilder();
        PlanCorpus.write(out, SCENARIOS, PlanCorpus.DEFAULT_SEED, PlanCorpus.variants());
        baseline = out.toString();
    }

    @Test
    void theSameSeedGivesTheSameTextEveryTime() {
        StringBuilder again = new StringBuilder();

        PlanCorpus.Counts counts = PlanCorpus.write(again, SCENARIOS, PlanCorpus.DEFAULT_SEED, PlanCorpus.variants());

        assertThat(again.toString()).isEqualTo(baseline);
        assertThat(counts.plans()).isEqualTo(SCENARIOS * 7);
        assertThat(blocks(baseline)).hasSize(SCENARIOS * 7);
    }

    @Test
    void fiftyScenariosAlreadyReachEveryActionAndEveryConflictThePlannerMakes() {
        for (ActionKind kind : ActionKind.values()) {
            assertThat(baseline).as("an action %s", kind).contains("\naction " + kind.name() + " ");
        }
        for (ConflictKind kind : ConflictKind.values()) {
            if (kind != ConflictKind.DEPROVISION_HELD) { // the runner's guard holds deprovisions, not the planner
                assertThat(baseline).as("a conflict %s", kind).contains("\nconflict " + kind.name() + " ");
            }
        }
        assertThat(baseline).contains("\nproblem ", "plan INCREMENTAL ")
                .containsPattern("unchanged=[1-9]")
                .containsPattern("ignored=[1-9]");
    }

    @Test
    void anotherSeedGivesOtherPlans() {
        StringBuilder one = new StringBuilder();
        StringBuilder other = new StringBuilder();

        PlanCorpus.write(one, 10, 1, PlanCorpus.variants());
        PlanCorpus.write(other, 10, 2, PlanCorpus.variants());

        assertThat(one.toString()).isNotEqualTo(other.toString());
    }

    @Test
    void aChangedPolicyChangesItsOwnPlansAndNoOthers() {
        List<PlanCorpus.Variant> variants = new ArrayList<>(PlanCorpus.variants());
        PlanCorpus.Variant scope = variants.get(2);
        assertThat(scope.name()).isEqualTo("scope");
        variants.set(2, new PlanCorpus.Variant("scope", scope.policy().toBuilder().onOutOfScope(Deprovision.DEACTIVATE).build(),
                scope.mode()));
        StringBuilder changed = new StringBuilder();

        PlanCorpus.write(changed, SCENARIOS, PlanCorpus.DEFAULT_SEED, variants);

        List<String> before = blocks(baseline);
        List<String> after = blocks(changed.toString());
        assertThat(after).hasSameSizeAs(before);
        List<String> differing = new ArrayList<>();
        for (int i = 0; i < before.size(); i++) {
            if (!before.get(i).equals(after.get(i))) {
                differing.add(after.get(i).lines().findFirst().orElseThrow());
            }
        }
        assertThat(differing).isNotEmpty().allSatisfy(header -> assertThat(header).contains(" policy scope "));
    }

    @Test
    void textIsOneQuotedAsciiLineWhateverItHolds() {
        assertThat(PlanCorpus.text("K\u212Aate \"x\"\\\n")).isEqualTo("\"K\\u212Aate \\\"x\\\"\\\\\\u000A\"");
    }

    @Test
    void mainWritesTheCorpusToTheFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("corpus.txt");
        StringBuilder expected = new StringBuilder();
        PlanCorpus.write(expected, 3, 99, PlanCorpus.variants());

        PlanCorpus.main(new String[] {file.toString(), "3", "99"});

        assertThat(Files.readString(file, StandardCharsets.UTF_8)).isEqualTo(expected.toString());
    }

    private static List<String> blocks(String corpus) {
        return Arrays.stream(corpus.split("(?m)^(?==== scenario )")).filter(b -> !b.isEmpty()).toList();
    }
}
