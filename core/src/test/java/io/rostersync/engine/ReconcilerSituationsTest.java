package io.rostersync.engine;

import static io.rostersync.engine.Fixtures.active;
import static io.rostersync.engine.Fixtures.id;
import static io.rostersync.engine.Fixtures.kinds;
import static io.rostersync.engine.Fixtures.link;
import static io.rostersync.engine.Fixtures.only;
import static io.rostersync.engine.Fixtures.plan;
import static io.rostersync.engine.Fixtures.user;
import static io.rostersync.engine.Fixtures.with;
import static org.assertj.core.api.Assertions.assertThat;

import io.rostersync.model.UserRecord;
import io.rostersync.model.UserStatus;
import io.rostersync.plan.Plan;
import io.rostersync.plan.PlanAction;
import io.rostersync.policy.Deprovision;
import io.rostersync.policy.IdentityMatchers;
import io.rostersync.policy.Scope;
import io.rostersync.policy.SyncPolicy;
import io.rostersync.policy.UnmatchedAction;
import io.rostersync.spi.ActionKind;
import io.rostersync.spi.ConflictKind;
import io.rostersync.spi.Reason;
import io.rostersync.spi.ReasonCode;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** One test per row of the situations table in DESIGN.md. */
class ReconcilerSituationsTest {

    @Nested
    class LinkedTargetExists {
        @Test
        void updatesOwnedFieldsThatDiffer() {
            UserRecord source = user("s1", "ann@example.com", "Ann", "Smith", UserStatus.ACTIVE);
            UserRecord target = user("t1", "ann@example.com", "Ann", "Jones", UserStatus.ACTIVE);
            Plan plan = plan(List.of(source), List.of(target), List.of(link("s1", "t1")));
            PlanAction.UpdateUser update = only(plan, PlanAction.UpdateUser.class);
            assertThat(update.patch().lastName()).contains("Smith");
            assertThat(update.patch().firstName()).isEmpty();
            assertThat(update.reasons()).containsExactly(
                    Reason.of(ReasonCode.FIELD_CHANGED, "field", "LAST_NAME", "from", "Jones", "to", "Smith"));
            assertThat(update.user().targetId()).contains(id("t1"));
        }

        @Test
        void doesNothingWhenEverythingMatches() {
            Plan plan = plan(List.of(active("s1", "ann@example.com")), List.of(active("t1", "ann@example.com")),
                    List.of(link("s1", "t1")));
            assertThat(plan.isEmpty()).isTrue();
            assertThat(plan.stats().unchanged()).isEqualTo(1);
        }

        @Test
        void followsAnEmailChangeThroughTheLink() {
            Plan plan = plan(List.of(active("s1", "ann.new@example.com")), List.of(active("t1", "ann.old@example.com")),
                    List.of(link("s1", "t1")));
            assertThat(only(plan, PlanAction.UpdateUser.class).patch().email().orElseThrow().value())
                    .isEqualTo("ann.new@example.com");
        }

        @Test
        void neverBlanksATargetNameWhenTheSourceHasNone() {
            UserRecord source = user("s1", "ann@example.com", "", "", UserStatus.ACTIVE);
            UserRecord target = user("t1", "ann@example.com", "Ann", "Smith", UserStatus.ACTIVE);
            assertThat(plan(List.of(source), List.of(target), List.of(link("s1", "t1"))).isEmpty()).isTrue();
        }
    }

    @Nested
    class NotLinkedOneMatch {
        @Test
        void linksThenUpdates() {
            UserRecord source = user("s1", "Ann@Example.com ", "Ann", "Smith", UserStatus.ACTIVE);
            UserRecord target = user("t1", "ann@example.com", "Ann", "Jones", UserStatus.ACTIVE);
            Plan plan = plan(List.of(source), List.of(target), List.of());
            assertThat(kinds(plan)).containsExactly(ActionKind.LINK, ActionKind.UPDATE);
            assertThat(only(plan, PlanAction.LinkUser.class).reasons()).containsExactly(Reason.of(ReasonCode.MATCHED_BY, "via", "email"));
        }

        @Test
        void matchesByAConfiguredPrimaryIdentifierColumn() {
            UserRecord source = active("s1", "ann@example.com").withProfile(
                    active("s1", "ann@example.com").profile().toBuilder().attribute("employeeId", "E-7").build());
            UserRecord target = active("t9", "ann.other@example.com").withProfile(
                    active("t9", "ann.other@example.com").profile().toBuilder().attribute("employeeId", "E-7").build());
            SyncPolicy policy = SyncPolicy.builder()
                    .matcher(IdentityMatchers.primaryIdentifier("employeeId"))
                    .own(io.rostersync.policy.Field.EMAIL, io.rostersync.policy.Ownership.NEVER)
                    .build();
            Plan plan = plan(policy, List.of(source), List.of(target), List.of());
            assertThat(only(plan, PlanAction.LinkUser.class).user().targetId()).contains(id("t9"));
        }

        @Test
        void blankPrimaryIdentifierFallsBackToEmailThenUsername() {
            UserRecord source = UserRecord.of("s1", io.rostersync.model.UserProfile.builder().username("ann.s").build());
            UserRecord target = UserRecord.of("t1", io.rostersync.model.UserProfile.builder().username("ANN.S").build());
            SyncPolicy policy = SyncPolicy.builder().matcher(IdentityMatchers.primaryIdentifier(" ")).build();
            assertThat(kinds(plan(policy, List.of(source), List.of(target), List.of()))).containsExactly(ActionKind.LINK);
        }

        @Test
        void matchesTheSourceIdStoredOnTheTarget() {
            UserRecord source = active("td-42", "ann@example.com");
            UserRecord target = UserRecord.of("h1", active("x", "ann.h@example.com").profile().toBuilder()
                    .attribute("talkdeskId", "td-42").build());
            SyncPolicy policy = SyncPolicy.builder()
                    .matcher(IdentityMatchers.chain(IdentityMatchers.byLink(), IdentityMatchers.bySourceIdIn("talkdeskId"),
                            IdentityMatchers.byEmail()))
                    .build();
            Plan plan = plan(policy, List.of(source), List.of(target), List.of());
            assertThat(only(plan, PlanAction.LinkUser.class).reasons())
                    .containsExactly(Reason.of(ReasonCode.MATCHED_BY, "via", "source-id:talkdeskId"));
        }
    }

    @Nested
    class NotLinkedNoMatch {
        @Test
        void createsActiveByDefault() {
            Plan plan = plan(List.of(active("s1", "new@example.com")), List.of(), List.of());
            PlanAction.CreateUser create = only(plan, PlanAction.CreateUser.class);
            assertThat(create.profile().status()).isEqualTo(UserStatus.ACTIVE);
            assertThat(create.notifyUser()).isFalse();
            assertThat(create.user().sourceId()).contains(id("s1"));
        }

        @Test
        void createsPendingWhenThePolicySaysSo() {
            SyncPolicy policy = SyncPolicy.builder().onUnmatched(UnmatchedAction.CREATE_PENDING).notifyOnCreate(true).build();
            PlanAction.CreateUser create = only(plan(policy, List.of(active("s1", "new@example.com")), List.of(), List.of()),
                    PlanAction.CreateUser.class);
            assertThat(create.profile().status()).isEqualTo(UserStatus.PENDING);
            assertThat(create.notifyUser()).isTrue();
            assertThat(create.reasons()).extracting(Reason::code).containsExactly(ReasonCode.UNMATCHED_CREATED);
            assertThat(create.reasons().get(0).parameter("status")).isEqualTo("PENDING");
        }

        @Test
        void ignoresWhenThePolicySaysSo() {
            SyncPolicy policy = SyncPolicy.builder().onUnmatched(UnmatchedAction.IGNORE).build();
            Plan plan = plan(policy, List.of(active("s1", "new@example.com")), List.of(), List.of());
            assertThat(plan.isEmpty()).isTrue();
            assertThat(plan.stats().ignored()).isEqualTo(1);
        }

        @Test
        void neverCreatesAnAccountForAnInactiveSourceUser() {
            Plan plan = plan(List.of(with(active("s1", "gone@example.com"), UserStatus.INACTIVE)), List.of(), List.of());
            assertThat(plan.isEmpty()).isTrue();
        }

        @Test
        void createCopiesRolesOnlyWhenTheSourceOwnsThem() {
            UserRecord source = user("s1", "new@example.com", "N", "U", UserStatus.ACTIVE, "Manager");
            assertThat(only(plan(List.of(source), List.of(), List.of()), PlanAction.CreateUser.class).profile().roles()).isEmpty();
            SyncPolicy owning = SyncPolicy.builder().own(io.rostersync.policy.Field.ROLES, io.rostersync.policy.Ownership.ALWAYS).build();
            assertThat(only(plan(owning, List.of(source), List.of(), List.of()), PlanAction.CreateUser.class).profile().roles())
                    .containsExactly("Manager");
        }
    }

    @Nested
    class AmbiguousOrTaken {
        @Test
        void severalCandidatesIsAConflictWithNoAction() {
            UserRecord source = UserRecord.of("s1", io.rostersync.model.UserProfile.builder().username("sam").build());
            UserRecord t1 = UserRecord.of("t1", io.rostersync.model.UserProfile.builder().username("Sam").build());
            UserRecord t2 = UserRecord.of("t2", io.rostersync.model.UserProfile.builder().username("SAM").build());
            SyncPolicy policy = SyncPolicy.builder().matcher(IdentityMatchers.byUsername()).build();
            Plan plan = plan(policy, List.of(source), List.of(t1, t2), List.of());
            assertThat(plan.isEmpty()).isTrue();
            assertThat(plan.conflicts()).singleElement().satisfies(c -> {
                assertThat(c.kind()).isEqualTo(ConflictKind.AMBIGUOUS_MATCH);
                assertThat(c.reasons()).extracting(Reason::code).containsExactly(ReasonCode.AMBIGUOUS_MATCH);
                assertThat(c.reasons().get(0).list("candidates")).containsExactly("t1", "t2");
                assertThat(c.reasons().get(0).parameter("count")).isEqualTo("2");
            });
        }

        @Test
        void candidateLinkedToAnotherSourceUserIsAConflict() {
            UserRecord owner = active("s1", "old@example.com");
            UserRecord newcomer = active("s2", "ann@example.com");
            UserRecord target = active("t1", "ann@example.com");
            Plan plan = plan(List.of(owner, newcomer), List.of(target), List.of(link("s1", "t1")));
            assertThat(plan.conflicts()).extracting(c -> c.kind()).containsExactly(ConflictKind.CANDIDATE_LINKED_ELSEWHERE);
            assertThat(plan.actions()).noneMatch(a -> a.user().sourceId().equals(java.util.Optional.of(id("s2"))));
        }

        @Test
        void twoSourceUsersClaimingOneTargetByDifferentKeysAreBothConflicted() {
            UserRecord byEmail = active("s1", "ann@example.com");
            UserRecord byName = UserRecord.of("s2", io.rostersync.model.UserProfile.builder().username("ann").build());
            UserRecord target = UserRecord.of("t1", active("x", "ann@example.com").profile().toBuilder().username("ann").build());
            SyncPolicy policy = SyncPolicy.builder()
                    .matcher(IdentityMatchers.chain(IdentityMatchers.byEmail(), IdentityMatchers.byUsername())).build();
            Plan plan = plan(policy, List.of(byEmail, byName), List.of(target), List.of());
            assertThat(plan.isEmpty()).isTrue();
            assertThat(plan.conflicts()).singleElement().satisfies(c -> {
                assertThat(c.kind()).isEqualTo(ConflictKind.CANDIDATE_CLAIMED_TWICE);
                assertThat(c.users()).hasSize(2);
            });
        }

        @Test
        void linkToADeletedTargetIsAConflictNotARecreate() {
            Plan plan = plan(List.of(active("s1", "ann@example.com")), List.of(), List.of(link("s1", "t-gone")));
            assertThat(plan.isEmpty()).isTrue();
            assertThat(plan.conflicts()).extracting(c -> c.kind()).containsExactly(ConflictKind.LINKED_TARGET_MISSING);
        }
    }

    @Nested
    class DuplicateSourceKeys {
        @Test
        void twoSourceUsersSharingAnEmailAreBothConflicted() {
            UserRecord a = active("s1", "shared@example.com");
            UserRecord b = active("s2", "SHARED@example.com");
            Plan plan = plan(List.of(a, b), List.of(active("t1", "shared@example.com")), List.of());
            assertThat(plan.isEmpty()).isTrue();
            assertThat(plan.conflicts()).singleElement().satisfies(c -> {
                assertThat(c.kind()).isEqualTo(ConflictKind.DUPLICATE_SOURCE_KEY);
                assertThat(c.users()).extracting(u -> u.sourceId().orElseThrow()).containsExactly(id("s1"), id("s2"));
            });
        }

        @Test
        void duplicatesAreConflictedEvenWhenTheirStatusDiffers() {
            UserRecord a = active("s1", "shared@example.com");
            UserRecord b = with(active("s2", "shared@example.com"), UserStatus.INACTIVE);
            Plan plan = plan(List.of(a, b), List.of(), List.of());
            assertThat(plan.isEmpty()).isTrue();
            assertThat(plan.conflicts()).extracting(c -> c.kind()).containsExactly(ConflictKind.DUPLICATE_SOURCE_KEY);
        }

        @Test
        void linkedDuplicatesAreToldApartByTheirLinks() {
            UserRecord a = user("s1", "shared@example.com", "A", "One", UserStatus.ACTIVE);
            UserRecord b = user("s2", "shared@example.com", "B", "Two", UserStatus.ACTIVE);
            UserRecord ta = user("t1", "a@example.com", "A", "Old", UserStatus.ACTIVE);
            UserRecord tb = user("t2", "b@example.com", "B", "Two", UserStatus.ACTIVE);
            SyncPolicy policy = SyncPolicy.builder().own(io.rostersync.policy.Field.EMAIL, io.rostersync.policy.Ownership.NEVER).build();
            Plan plan = plan(policy, List.of(a, b), List.of(ta, tb), List.of(link("s1", "t1"), link("s2", "t2")));
            assertThat(plan.conflicts()).isEmpty();
            assertThat(only(plan, PlanAction.UpdateUser.class).user().targetId()).contains(id("t1"));
        }
    }

    @Nested
    class SourceUserGone {
        @Test
        void deactivatesByDefault() {
            Plan plan = plan(List.of(active("s1", "stay@example.com")),
                    List.of(active("t1", "stay@example.com"), active("t2", "left@example.com")),
                    List.of(link("s1", "t1"), link("s2", "t2")));
            PlanAction.DeactivateUser d = only(plan, PlanAction.DeactivateUser.class);
            assertThat(d.user().targetId()).contains(id("t2"));
            assertThat(d.reasons()).containsExactly(Reason.of(ReasonCode.GONE_FROM_SOURCE));
        }

        @Test
        void deletesOnlyWhenThePolicySaysSo() {
            SyncPolicy policy = SyncPolicy.builder().onGone(Deprovision.DELETE).build();
            Plan plan = plan(policy, List.of(active("s1", "stay@example.com")),
                    List.of(active("t1", "stay@example.com"), active("t2", "left@example.com")),
                    List.of(link("s1", "t1"), link("s2", "t2")));
            assertThat(kinds(plan)).containsExactly(ActionKind.DELETE);
        }

        @Test
        void leavesItWhenThePolicySaysSo() {
            SyncPolicy policy = SyncPolicy.builder().onGone(Deprovision.LEAVE).build();
            Plan plan = plan(policy, List.of(active("s1", "stay@example.com")),
                    List.of(active("t1", "stay@example.com"), active("t2", "left@example.com")),
                    List.of(link("s1", "t1"), link("s2", "t2")));
            assertThat(plan.isEmpty()).isTrue();
        }

        @Test
        void doesNotDeactivateTwice() {
            Plan plan = plan(List.of(active("s1", "stay@example.com")),
                    List.of(active("t1", "stay@example.com"), with(active("t2", "left@example.com"), UserStatus.INACTIVE)),
                    List.of(link("s1", "t1"), link("s2", "t2")));
            assertThat(plan.isEmpty()).isTrue();
        }
    }

    @Nested
    class OutOfScope {
        @Test
        void linkedUserLeavingTheScopeIsDeprovisionedPerOutOfScopePolicy() {
            UserRecord agent = user("s1", "agent@example.com", "A", "G", UserStatus.ACTIVE, "agent");
            UserRecord nowEndUser = user("s2", "enduser@example.com", "E", "U", UserStatus.ACTIVE, "end-user");
            SyncPolicy policy = SyncPolicy.builder().scope(Scope.roles(Set.of("agent", "admin"))).build();
            Plan plan = plan(policy, List.of(agent, nowEndUser),
                    List.of(active("t1", "agent@example.com"), active("t2", "enduser@example.com")),
                    List.of(link("s1", "t1"), link("s2", "t2")));
            PlanAction.DeactivateUser d = only(plan, PlanAction.DeactivateUser.class);
            assertThat(d.user().targetId()).contains(id("t2"));
            assertThat(d.reasons()).extracting(Reason::code).containsExactly(ReasonCode.NO_LONGER_IN_SCOPE);
        }

        @Test
        void unlinkedOutOfScopeUserIsNotLookedAt() {
            SyncPolicy policy = SyncPolicy.builder().scope(Scope.selection(Set.of(id("s1")))).build();
            Plan plan = plan(policy, List.of(active("s1", "chosen@example.com"), active("s2", "other@example.com")),
                    List.of(), List.of());
            assertThat(plan.actions()).extracting(a -> a.user().sourceId().orElseThrow()).containsExactly(id("s1"));
            assertThat(plan.stats().inScope()).isEqualTo(1);
        }
    }

    @Nested
    class UnlinkedTargets {
        @Test
        void areUntouchedByDefault() {
            Plan plan = plan(List.of(), List.of(active("t1", "local@example.com")), List.of());
            assertThat(plan.isEmpty()).isTrue();
        }

        @Test
        void areDeprovisionedWhenAuthoritative() {
            SyncPolicy policy = SyncPolicy.builder().authoritative(true).build();
            Plan plan = plan(policy, List.of(active("s1", "in@example.com")),
                    List.of(active("t1", "in@example.com"), active("t2", "missing@example.com")), List.of());
            assertThat(kinds(plan)).containsExactly(ActionKind.DEACTIVATE, ActionKind.LINK);
            assertThat(only(plan, PlanAction.DeactivateUser.class).reasons()).containsExactly(Reason.of(ReasonCode.NOT_IN_AUTHORITATIVE_SOURCE));
        }

        @Test
        void protectedTargetsSurviveAnAuthoritativeSync() {
            SyncPolicy policy = SyncPolicy.builder().authoritative(true)
                    .protectTargets(Scope.matching("owners", t -> t.roles().contains("Owner"))).build();
            UserRecord owner = user("t1", "owner@example.com", "O", "W", UserStatus.ACTIVE, "Owner");
            Plan plan = plan(policy, List.of(active("s1", "in@example.com")), List.of(owner), List.of());
            assertThat(kinds(plan)).containsExactly(ActionKind.CREATE);
        }

        @Test
        void ambiguousCandidatesAreNotDeprovisionedByAnAuthoritativeSync() {
            UserRecord source = UserRecord.of("s1", io.rostersync.model.UserProfile.builder().username("sam").build());
            UserRecord t1 = UserRecord.of("t1", io.rostersync.model.UserProfile.builder().username("sam").build());
            UserRecord t2 = UserRecord.of("t2", io.rostersync.model.UserProfile.builder().username("Sam").build());
            SyncPolicy policy = SyncPolicy.builder().authoritative(true).matcher(IdentityMatchers.byUsername()).build();
            assertThat(plan(policy, List.of(source), List.of(t1, t2), List.of()).isEmpty()).isTrue();
        }
    }
}
