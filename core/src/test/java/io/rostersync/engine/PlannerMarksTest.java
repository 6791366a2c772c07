package io.rostersync.engine;

import static io.rostersync.engine.Fixtures.active;
import static io.rostersync.engine.Fixtures.id;
import static io.rostersync.engine.Fixtures.link;
import static io.rostersync.engine.Fixtures.plan;
import static org.assertj.core.api.Assertions.assertThat;

import io.rostersync.model.UserProfile;
import io.rostersync.model.UserRecord;
import io.rostersync.plan.Plan;
import io.rostersync.plan.PlanAction;
import io.rostersync.policy.IdentityMatchers;
import io.rostersync.policy.SyncPolicy;
import io.rostersync.spi.ConflictKind;
import io.rostersync.spi.IdentityMatcher;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The planner remembers linked users by marks on their target's index entries rather than in sets of
 * every source id and key value; these pin the cases where those marks must still be found.
 */
class PlannerMarksTest {

    @Test
    void newcomerSharingALinkedUsersUnchangedEmailConflictsWithItWhicheverComesFirst() {
        UserRecord linked = active("s1", "ann@example.com");
        UserRecord newcomer = active("s2", "ann@example.com");
        List<UserRecord> target = List.of(active("t1", "ann@example.com"));

        for (List<UserRecord> source : List.of(List.of(linked, newcomer), List.of(newcomer, linked))) {
            Plan plan = plan(source, target, List.of(link("s1", "t1")));

            assertThat(plan.actions()).isEmpty();
            // The newcomer's match is linked to s1 as well; that is the same problem, reported once.
            assertThat(plan.conflicts()).extracting(c -> c.kind()).containsExactly(ConflictKind.DUPLICATE_SOURCE_KEY);
            assertThat(plan.conflicts().get(0).users()).extracting(u -> u.sourceId().orElseThrow())
                    .containsExactly(id("s1"), id("s2"));
        }
    }

    @Test
    void linkedUsersHoldingTheirTargetsSharedEmailAreToldApartByTheirLinks() {
        Plan plan = plan(List.of(active("s1", "desk@example.com"), active("s2", "desk@example.com")),
                List.of(active("t1", "desk@example.com"), active("t2", "desk@example.com")),
                List.of(link("s1", "t1"), link("s2", "t2")));

        assertThat(plan.conflicts()).isEmpty();
        assertThat(plan.actions()).isEmpty();
        assertThat(plan.stats().unchanged()).isEqualTo(2);
    }

    @Test
    void aLinkedUserReadTwiceIsDecidedOnceAndNeverGone() {
        UserRecord renamed = UserRecord.of("s1", UserProfile.builder().email("ann@example.com").firstName("Anna").build());

        Plan plan = plan(List.of(renamed, renamed), List.of(active("t1", "ann@example.com")), List.of(link("s1", "t1")));

        assertThat(plan.conflicts()).isEmpty();
        assertThat(plan.actions()).singleElement().isInstanceOf(PlanAction.UpdateUser.class);
        assertThat(plan.stats().sourceUsers()).isEqualTo(2);
        assertThat(plan.stats().inScope()).isEqualTo(1);
    }

    @Test
    void duplicatesAreFoundOnKeysBeyondTheEighthToo() {
        List<IdentityMatcher> chain = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            chain.add(IdentityMatchers.byAttribute("unused" + i));
        }
        chain.add(IdentityMatchers.byEmail());
        SyncPolicy policy = SyncPolicy.builder()
                .matcher(IdentityMatchers.chain(chain.toArray(IdentityMatcher[]::new))).build();

        Plan plan = plan(policy, List.of(active("s1", "ann@example.com"), active("s2", "ann@example.com")),
                List.of(active("t1", "ann@example.com")), List.of(link("s1", "t1")));

        assertThat(plan.conflicts()).extracting(c -> c.kind()).containsExactly(ConflictKind.DUPLICATE_SOURCE_KEY);
    }

    @Test
    void aGoneUserIsFoundAmongManyWithoutASetOfSeenIds() {
        List<UserRecord> source = new ArrayList<>();
        List<UserRecord> target = new ArrayList<>();
        List<io.rostersync.spi.Link> links = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            target.add(active("t" + i, "user" + i + "@example.com"));
            links.add(link("s" + i, "t" + i));
            if (i != 137) {
                source.add(active("s" + i, "user" + i + "@example.com"));
            }
        }

        Plan plan = plan(source, target, links);

        assertThat(plan.actions()).singleElement().satisfies(a -> {
            assertThat(a).isInstanceOf(PlanAction.DeactivateUser.class);
            assertThat(a.user().targetId()).contains(id("t137"));
        });
        assertThat(plan.stats().managedUsers()).isEqualTo(200);
        assertThat(plan.stats().unchanged()).isEqualTo(199);
    }

    @Test
    void idsThatShareHashCodesAreStillToldApart() {
        // Built from "Aa"/"BB" blocks, which hash alike: 256 source ids with one String.hashCode, and
        // 256 target ids with another. Every other person is linked; the rest match by email.
        List<UserRecord> source = new ArrayList<>();
        List<UserRecord> target = new ArrayList<>();
        List<io.rostersync.spi.Link> links = new ArrayList<>();
        for (int bits = 0; bits < 256; bits++) {
            StringBuilder suffix = new StringBuilder();
            for (int i = 0; i < 8; i++) {
                suffix.append((bits & (1 << i)) == 0 ? "Aa" : "BB");
            }
            String email = "p" + bits + "@example.com";
            source.add(active("s" + suffix, email));
            target.add(active("t" + suffix, email));
            if (bits % 2 == 0) {
                links.add(link("s" + suffix, "t" + suffix));
            }
        }
        assertThat(source.stream().mapToInt(u -> u.id().hashCode()).distinct().count()).isEqualTo(1);

        Plan plan = plan(source, target, links);

        assertThat(plan.conflicts()).isEmpty();
        assertThat(plan.actions()).hasSize(128).allSatisfy(a -> assertThat(a).isInstanceOf(PlanAction.LinkUser.class));
        assertThat(plan.actions()).extracting(a -> a.user().targetId().orElseThrow().value().substring(1))
                .containsExactlyInAnyOrderElementsOf(plan.actions().stream()
                        .map(a -> a.user().sourceId().orElseThrow().value().substring(1)).toList());
        assertThat(plan.stats().unchanged()).isEqualTo(128);
    }
}
