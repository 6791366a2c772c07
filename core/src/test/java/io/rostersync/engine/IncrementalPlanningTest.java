package io.rostersync.engine;

import static io.rostersync.engine.Fixtures.NOW;
import static io.rostersync.engine.Fixtures.active;
import static io.rostersync.engine.Fixtures.id;
import static io.rostersync.engine.Fixtures.link;
import static io.rostersync.engine.Fixtures.user;
import static org.assertj.core.api.Assertions.assertThat;

import io.rostersync.model.Cursor;
import io.rostersync.model.NativeId;
import io.rostersync.model.UserRecord;
import io.rostersync.model.UserStatus;
import io.rostersync.plan.Plan;
import io.rostersync.plan.PlanAction;
import io.rostersync.policy.SyncPolicy;
import io.rostersync.spi.ActionKind;
import io.rostersync.spi.Links;
import io.rostersync.spi.PlanMode;
import io.rostersync.spi.UserPage;
import io.rostersync.spi.UserPages;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class IncrementalPlanningTest {

    private static Plan incremental(List<UserPage> pages, List<UserRecord> target, List<io.rostersync.spi.Link> links) {
        return new Reconciler(SyncPolicy.defaults()).plan(PlanInput.builder().mode(PlanMode.INCREMENTAL)
                .source(UserPages.of(pages)).target(target).links(Links.of(links)).now(NOW).build());
    }

    private static UserPage page(List<UserRecord> users, List<NativeId> removed, String cursor) {
        return new UserPage(users, removed, List.of(), Optional.of(Cursor.of(cursor)));
    }

    @Test
    void theLatestMentionOfAnAccountInAChangeSetWins() {
        UserRecord older = user("s1", "ann@example.com", "Ann", "A", UserStatus.ACTIVE);
        UserRecord newer = user("s1", "ann@example.com", "Ann", "B", UserStatus.ACTIVE);
        Plan plan = incremental(List.of(page(List.of(older), List.of(), "c1"), page(List.of(newer), List.of(), "c2")),
                List.of(user("t1", "ann@example.com", "Ann", "Old", UserStatus.ACTIVE)), List.of(link("s1", "t1")));
        assertThat(plan.actions()).singleElement().satisfies(a ->
                assertThat(((PlanAction.UpdateUser) a).patch().lastName()).contains("B"));
        assertThat(plan.nextCursor()).contains(Cursor.of("c2"));
    }

    @Test
    void aRemovalAfterAChangeRemoves() {
        Plan plan = incremental(List.of(page(List.of(active("s1", "ann@example.com")), List.of(), "c1"),
                        page(List.of(), List.of(id("s1")), "c2")),
                List.of(active("t1", "ann@example.com")), List.of(link("s1", "t1")));
        assertThat(plan.actions()).extracting(PlanAction::kind).containsExactly(ActionKind.DEACTIVATE);
    }

    @Test
    void aChangeAfterARemovalRestores() {
        Plan plan = incremental(List.of(page(List.of(), List.of(id("s1")), "c1"),
                        page(List.of(user("s1", "ann@example.com", "Ann", "Back", UserStatus.ACTIVE)), List.of(), "c2")),
                List.of(active("t1", "ann@example.com")), List.of(link("s1", "t1")));
        assertThat(plan.actions()).extracting(PlanAction::kind).containsExactly(ActionKind.UPDATE);
    }

    @Test
    void absenceFromAChangeSetMeansNothing() {
        Plan plan = incremental(List.of(page(List.of(), List.of(), "c1")),
                List.of(active("t1", "ann@example.com")), List.of(link("s1", "t1")));
        assertThat(plan.isEmpty()).isTrue();
    }

    /** A target that fails the test if anyone reads it. */
    private static UserPages unreadable() {
        return new UserPages() {
            @Override
            public Optional<UserPage> next() {
                throw new AssertionError("the target was read");
            }

            @Override
            public void close() {
            }
        };
    }

    @Test
    void anEmptyChangeSetIsPlannedWithoutReadingTheTarget() {
        Plan plan = new Reconciler(SyncPolicy.defaults()).plan(PlanInput.builder().mode(PlanMode.INCREMENTAL)
                .source(UserPages.of(List.of(page(List.of(), List.of(), "c7")))).target(unreadable())
                .links(Links.of(List.of(link("s1", "t1"), link("s2", "t2")))).now(NOW).build());

        assertThat(plan.isEmpty()).isTrue();
        assertThat(plan.nextCursor()).contains(Cursor.of("c7"));
        assertThat(plan.stats().targetUsers()).isZero();
        // The deletion guard's base is still the accounts the sync manages, as the links tell them.
        assertThat(plan.stats().managedUsers()).isEqualTo(2);
    }

    @Test
    void aChangeSetWithOnlyARemovalStillReadsTheTarget() {
        Plan plan = incremental(List.of(page(List.of(), List.of(id("s1")), "c1")),
                List.of(active("t1", "ann@example.com")), List.of(link("s1", "t1")));

        assertThat(plan.actions()).extracting(PlanAction::kind).containsExactly(ActionKind.DEACTIVATE);
        assertThat(plan.stats().targetUsers()).isEqualTo(1);
    }

    @Test
    void onlyAChangeSetWithChangesNeedsTheLicenseSnapshotsItsRulesName() {
        SyncPolicy licensed = SyncPolicy.builder().license(io.rostersync.policy.LicenseRule.everyone("seats")).build();
        PlanInput empty = PlanInput.builder().mode(PlanMode.INCREMENTAL)
                .source(UserPages.of(List.of(page(List.of(), List.of(), "c1")))).target(unreadable())
                .links(Links.empty()).now(NOW).build();
        assertThat(new Reconciler(licensed).plan(empty).isEmpty()).isTrue();

        PlanInput changed = PlanInput.builder().mode(PlanMode.INCREMENTAL)
                .source(UserPages.of(List.of(page(List.of(active("s1", "ann@example.com")), List.of(), "c1"))))
                .target(List.of()).links(Links.empty()).now(NOW).build();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Reconciler(licensed).plan(changed))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no snapshot of license 'seats'");
    }

    @Test
    void licenseSnapshotsGivenLazilyAreTakenOnlyWhenTheChangeSetHasChangesAndThenOnce() {
        SyncPolicy licensed = SyncPolicy.builder().license(io.rostersync.policy.LicenseRule.everyone("seats")).build();
        int[] taken = {0};
        java.util.function.Supplier<List<io.rostersync.spi.LicenseSnapshot>> snapshots = () -> {
            taken[0]++;
            return List.of(new io.rostersync.spi.LicenseSnapshot("seats", 5, 0, Optional.empty(), new java.util.TreeSet<>()));
        };

        new Reconciler(licensed).plan(PlanInput.builder().mode(PlanMode.INCREMENTAL)
                .source(UserPages.of(List.of(page(List.of(), List.of(), "c1")))).target(unreadable())
                .links(Links.empty()).licenses(snapshots).now(NOW).build());
        assertThat(taken[0]).isZero();

        Plan plan = new Reconciler(licensed).plan(PlanInput.builder().mode(PlanMode.INCREMENTAL)
                .source(UserPages.of(List.of(page(List.of(active("s1", "ann@example.com")), List.of(), "c2"))))
                .target(List.of()).links(Links.empty()).licenses(snapshots).now(NOW).build());
        assertThat(taken[0]).isEqualTo(1);
        assertThat(plan.actions()).extracting(PlanAction::kind).containsExactly(ActionKind.CREATE, ActionKind.ASSIGN_LICENSE);
    }
}
