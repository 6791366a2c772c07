package io.rostersync.internal;

import static io.rostersync.internal.Users.active;
import static io.rostersync.internal.Users.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rostersync.internal.index.TargetIndex;
import io.rostersync.model.NativeId;
import io.rostersync.model.UserProfile;
import io.rostersync.model.UserRecord;
import io.rostersync.model.UserStatus;
import io.rostersync.policy.IdentityMatchers;
import io.rostersync.policy.RecordLimits;
import io.rostersync.policy.Scope;
import io.rostersync.policy.SyncPolicy;
import io.rostersync.spi.Conflict;
import io.rostersync.spi.ConflictKind;
import io.rostersync.spi.Link;
import io.rostersync.spi.Links;
import io.rostersync.spi.MatchKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Classifying and settling: each source user ends in one situation, known before anything is decided. */
class SituationsTest {

    /** One source read classified and settled. */
    private static final class Read {
        final Map<String, Situation> byId = new LinkedHashMap<>();
        final List<Conflict> conflicts = new ArrayList<>();
        final Set<NativeId> conflicted;
        final SourcePass pass;

        Read(SyncPolicy policy, List<UserRecord> source, List<UserRecord> target, List<Link> links) {
            List<MatchKey> keys = policy.matcher().keys();
            Links stored = Links.of(links);
            TargetIndex index = new TargetIndex(stored, keys);
            index.addTargets(target);
            LicenseAllocation licenses = new LicenseAllocation(policy, Map::of, Instant.EPOCH);
            PermissionPlanning permissions = new PermissionPlanning(policy);
            PairDecisions pairs = new PairDecisions(policy, keys, new FieldDiff(policy), licenses, permissions);
            pass = new SourcePass(policy, keys, stored, index, pairs);
            pass.classify(source);
            pass.finish();
            conflicted = new SharedKeys(keys, stored, index).settle(pass, conflicts);
            pass.situations().forEach(u -> byId.put(u.source().id().value(), u));
        }

        Situation.Kind kind(String id) {
            return byId.get(id).kind();
        }

        List<ConflictKind> conflictKinds() {
            return conflicts.stream().map(Conflict::kind).toList();
        }
    }

    private static Link link(String s, String t) {
        return Link.of(NativeId.of(s), NativeId.of(t));
    }

    @Test
    void usersWithoutALinkAreClassifiedWhenThePassIsFinishedAndNotReadBefore() {
        SyncPolicy policy = SyncPolicy.defaults();
        List<MatchKey> keys = policy.matcher().keys();
        Links stored = Links.of(List.of(link("s1", "t1")));
        TargetIndex index = new TargetIndex(stored, keys);
        index.addTargets(List.of(active("t1", "ann@example.com"), active("t2", "bob@example.com")));
        LicenseAllocation licenses = new LicenseAllocation(policy, Map::of, Instant.EPOCH);
        PermissionPlanning permissions = new PermissionPlanning(policy);
        SourcePass pass = new SourcePass(policy, keys, stored, index,
                new PairDecisions(policy, keys, new FieldDiff(policy), licenses, permissions));
        pass.classify(List.of(active("s2", "bob@example.com"), active("s1", "ann@example.com"), active("s3", "new@example.com")));

        assertThatThrownBy(pass::situations).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("2 users without a link are not classified yet");
        pass.finish();
        assertThat(pass.situations()).extracting(Situation::kind).containsExactly(Situation.Kind.MATCHED, Situation.Kind.UNMATCHED);
    }

    @Test
    void aLinkedPairInSyncNeedsNoSituationAndAChangedOneIsLinked() {
        UserRecord renamed = UserRecord.of("s2", UserProfile.builder().email("bob@example.com").firstName("Bobby").lastName("Lee").build());
        Read read = new Read(SyncPolicy.defaults(), List.of(active("s1", "ann@example.com"), renamed),
                List.of(active("t1", "ann@example.com"), active("t2", "bob@example.com")), List.of(link("s1", "t1"), link("s2", "t2")));

        assertThat(read.byId).containsOnlyKeys("s2");
        assertThat(read.kind("s2")).isEqualTo(Situation.Kind.LINKED);
    }

    @Test
    void aSharedKeyShadowsWhatItsHoldersWouldDoButNotADanglingLink() {
        Read read = new Read(SyncPolicy.defaults(),
                List.of(active("s1", "desk@example.com"), active("s2", "desk@example.com"), active("s3", "desk@example.com")),
                List.of(), List.of(link("s3", "t-deleted")));

        assertThat(read.kind("s1")).isEqualTo(Situation.Kind.DUPLICATE_SOURCE_KEY);
        assertThat(((Situation.DuplicateSourceKey) read.byId.get("s1")).shadowed().kind()).isEqualTo(Situation.Kind.UNMATCHED);
        assertThat(read.kind("s3")).isEqualTo(Situation.Kind.DANGLING_LINK);
        assertThat(read.conflictKinds()).containsExactly(ConflictKind.DUPLICATE_SOURCE_KEY);
        assertThat(read.conflicted).extracting(NativeId::value).containsExactlyInAnyOrder("s1", "s2", "s3");
    }

    @Test
    void everyLaterClaimOfAnAccountIsAConflictWithTheFirstClaimer() {
        SyncPolicy policy = SyncPolicy.builder().matcher(IdentityMatchers.chain(IdentityMatchers.byLink(), IdentityMatchers.byEmail(),
                IdentityMatchers.byUsername())).build();
        UserRecord byEmail = active("s1", "ann@example.com");
        UserRecord byName = UserRecord.of("s2", UserProfile.builder().email("x@example.net").username("ann").build());
        UserRecord byNameToo = UserRecord.of("s3", UserProfile.builder().email("y@example.net").username("ann").build());
        UserRecord target = UserRecord.of("t1", UserProfile.builder().email("ann@example.com").username("ann").build());

        Read read = new Read(policy, List.of(byEmail, byName, byNameToo), List.of(target), List.of());

        assertThat(((Situation.ClaimedTwice) read.byId.get("s1")).firstClaim()).isTrue();
        assertThat(((Situation.DuplicateSourceKey) read.byId.get("s3")).shadowed())
                .isInstanceOfSatisfying(Situation.ClaimedTwice.class, c -> assertThat(c.firstClaim()).isFalse());
        // s2 and s3 share the username as well: duplicates, but each one's claim against s1 stands
        assertThat(read.conflictKinds()).containsExactlyInAnyOrder(ConflictKind.DUPLICATE_SOURCE_KEY,
                ConflictKind.CANDIDATE_CLAIMED_TWICE, ConflictKind.CANDIDATE_CLAIMED_TWICE);
        assertThat(read.kind("s2")).isEqualTo(Situation.Kind.DUPLICATE_SOURCE_KEY);
    }

    @Test
    void newUsersWhoseKeysLookAlikeAreOneGroupConflict() {
        Read read = new Read(SyncPolicy.defaults(), List.of(active("s1", "kim@example.com"), active("s2", "\u212Aim@example.com")),
                List.of(), List.of());

        assertThat(read.kind("s1")).isEqualTo(Situation.Kind.LOOKALIKE_KEY);
        assertThat(read.kind("s2")).isEqualTo(Situation.Kind.LOOKALIKE_KEY);
        assertThat(read.conflicts).singleElement().satisfies(c -> assertThat(c.users()).hasSize(2));
    }

    @Test
    void aKeyThatOnlyLooksLikeATargetsIsItsOwnConflictAndNoMatch() {
        Read read = new Read(SyncPolicy.defaults(), List.of(active("s1", "\u212Aim@example.com")), List.of(active("t1", "kim@example.com")),
                List.of());

        assertThat(read.byId.get("s1")).isInstanceOfSatisfying(Situation.LookalikeKey.class,
                u -> assertThat(u.twins()).extracting(t -> t.target().id().value()).containsExactly("t1"));
        assertThat(read.conflicts).isEmpty(); // raised when decided
    }

    @Test
    void aRepeatedRecordIsClassifiedOnceAndARecordBeyondTheBoundsIsAReadProblem() {
        SyncPolicy policy = SyncPolicy.builder().recordLimits(RecordLimits.defaults().withNameLength(5)).build();
        UserRecord longName = UserRecord.of("s2", UserProfile.builder().email("b@example.com").firstName("Maximiliana").build());

        UserRecord first = UserRecord.of("s1", UserProfile.builder().email("a@example.com").build());
        UserRecord again = UserRecord.of("s1", UserProfile.builder().email("a@example.com").lastName("Again").build());

        Read read = new Read(policy, List.of(first, again, longName), List.of(), List.of());

        assertThat(read.byId).containsOnlyKeys("s1");
        assertThat(read.byId.get("s1").source()).isSameAs(first);
        assertThat(read.pass.sourceCount).isEqualTo(3);
        assertThat(read.pass.problems).singleElement().satisfies(p -> assertThat(p.location()).isEqualTo("user s2"));
    }

    @Test
    void outOfScopeIsKeptOnlyForALinkedAccountAndUnmatchedDisabledUsersAreIgnored() {
        SyncPolicy policy = SyncPolicy.builder().scope(Scope.statuses(UserStatus.ACTIVE, UserStatus.INACTIVE)).build();
        Read read = new Read(policy, List.of(user("s1", "a@example.com", UserStatus.SUSPENDED), user("s2", "b@example.com", UserStatus.SUSPENDED),
                user("s3", "c@example.com", UserStatus.INACTIVE)), List.of(active("t1", "a@example.com")), List.of(link("s1", "t1")));

        assertThat(read.byId).containsOnlyKeys("s1", "s3");
        assertThat(read.kind("s1")).isEqualTo(Situation.Kind.OUT_OF_SCOPE);
        assertThat(read.kind("s3")).isEqualTo(Situation.Kind.UNMATCHED);
        assertThat(read.pass.ignored).isEqualTo(1);
    }
}
