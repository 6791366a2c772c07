package io.rostersync.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rostersync.engine.Reconciler;
import io.rostersync.json.PlanJson;
import io.rostersync.plan.Plan;
import io.rostersync.policy.SyncPolicy;
import io.rostersync.spi.ConflictKind;
import io.rostersync.spi.UserPage;
import io.rostersync.spi.UserPages;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RosterScenarioTest {

    private final Reconciler reconciler = new Reconciler(SyncPolicy.defaults());

    @Test
    void planOfTenThousandUsersHasTheAdvertisedMix() {
        RosterScenario scenario = new RosterScenario(10_000, 42);

        Plan plan = reconciler.plan(scenario.input(scenario.target(), scenario.links(), 1_000));

        assertThat(scenario.gone()).isEqualTo(50);
        assertThat(scenario.added()).isEqualTo(50);
        assertThat(scenario.changed()).isBetween(95, 100);
        scenario.requireExpectedShape(plan);
        assertThat(plan.conflicts()).extracting(c -> c.kind()).containsOnly(
                ConflictKind.DUPLICATE_SOURCE_KEY, ConflictKind.CANDIDATE_LINKED_ELSEWHERE);
    }

    @Test
    void sameSeedGivesTheSamePlan() {
        RosterScenario a = new RosterScenario(5_000, 7);
        RosterScenario b = new RosterScenario(5_000, 7);

        String first = PlanJson.write(reconciler.plan(a.input(a.target(), a.links(), 300)));
        String second = PlanJson.write(reconciler.plan(b.input(b.target(), b.links(), 1_000)));

        assertThat(first).isEqualTo(second);
    }

    @Test
    void sourceComesInPagesOfAtMostThePageSizeWithEveryPersonOnce() {
        RosterScenario scenario = new RosterScenario(4_000, 1);
        Set<String> ids = new HashSet<>();
        int pages = 0;

        try (UserPages source = scenario.source(333)) {
            for (Optional<UserPage> page = source.next(); page.isPresent(); page = source.next()) {
                pages++;
                assertThat(page.get().users()).hasSizeLessThanOrEqualTo(333);
                page.get().users().forEach(u -> ids.add(u.id().value()));
            }
        }

        assertThat(ids).hasSize(4_000);
        assertThat(pages).isEqualTo(13);
    }

    @Test
    void refusesScenariosTooSmallForEveryKindOfChange() {
        assertThatThrownBy(() -> new RosterScenario(3_999, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 4000");
    }

    @Test
    void shapeCheckNamesTheCountThatDiffers() {
        RosterScenario scenario = new RosterScenario(4_000, 3);
        Plan plan = reconciler.plan(new RosterScenario(8_000, 3).input(scenario.target(), scenario.links(), 500));

        assertThatThrownBy(() -> scenario.requireExpectedShape(plan))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("expected ");
    }
}
