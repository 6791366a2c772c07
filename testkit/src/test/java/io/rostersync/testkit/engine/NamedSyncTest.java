package io.rostersync.testkit.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.rostersync.engine.NamedSyncReport;
import io.rostersync.engine.NamedUserResult;
import io.rostersync.engine.NamedUserResult.Outcome;
import io.rostersync.engine.NamedUsers;
import io.rostersync.engine.RunOptions;
import io.rostersync.engine.SyncRunner;
import io.rostersync.model.EmailAddress;
import io.rostersync.model.NativeId;
import io.rostersync.model.SyncId;
import io.rostersync.model.UserPatch;
import io.rostersync.model.UserProfile;
import io.rostersync.model.UserRecord;
import io.rostersync.model.UserStatus;
import io.rostersync.plan.Plan;
import io.rostersync.policy.SyncPolicy;
import io.rostersync.spi.ActionKind;
import io.rostersync.spi.Capability;
import io.rostersync.spi.ConflictKind;
import io.rostersync.spi.FailureKind;
import io.rostersync.spi.Lease;
import io.rostersync.spi.PlanMode;
import io.rostersync.spi.RunStatus;
import io.rostersync.spi.SyncReport;
import io.rostersync.spi.UserDirectory;
import io.rostersync.spi.UserLookup;
import io.rostersync.testkit.InMemorySyncStateStore;
import io.rostersync.testkit.InMemoryUserDirectory;
import io.rostersync.testkit.contracts.ForwardingUserDirectory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link SyncRunner#syncNamed}: the named users are synced from look-ups, decided as a full run decides them,
 * and nobody else is written or deprovisioned.
 */
class NamedSyncTest {

    private static final SyncId SYNC = SyncId.of("named");
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-06-01T12:00:00Z"), ZoneOffset.UTC);

    private InMemoryUserDirectory source;
    private InMemoryUserDirectory target;
    private InMemorySyncStateStore store;
    private UserRecord ann;
    private UserRecord bob;
    private UserRecord cho;

    @BeforeEach
    void setUp() {
        source = InMemoryUserDirectory.builder("source").idPrefix("s").pageSize(2).build();
        target = InMemoryUserDirectory.builder("target").idPrefix("t").build();
        store = new InMemorySyncStateStore();
        ann = source.add(profile("ann@example.com", "Ann", "Smith"));
        bob = source.add(profile("bob@example.com", "Bob", "Jones"));
        cho = source.add(profile("cho@example.com", "Cho", "Lee"));
    }

    private static UserProfile profile(String email, String first, String last) {
        return UserProfile.builder().email(email).firstName(first).lastName(last).build();
    }

    private SyncRunner runner(UserDirectory from, UserDirectory to) {
        return runner(from, to, SyncPolicy.defaults());
    }

    private SyncRunner runner(UserDirectory from, UserDirectory to, SyncPolicy policy) {
        return SyncRunner.builder().syncId(SYNC).source(from).target(to).policy(policy).stateStore(store)
                .clock(CLOCK).build();
    }

    private SyncRunner runner() {
        return runner(source, target);
    }

    /** A full run, after which every source user is linked. */
    private void synced() {
        assertThat(runner().run(RunOptions.defaults().withForceFull()).status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(store.links(SYNC).size()).isEqualTo(3);
    }

    private UserRecord targetOf(UserRecord s) {
        NativeId id = store.links(SYNC).bySource(s.id()).orElseThrow().targetId();
        return target.get(id).orElseThrow();
    }

    private static NamedUserResult only(NamedSyncReport r) {
        assertThat(r.users()).hasSize(1);
        return r.users().get(0);
    }

    @Test
    void aLinkedUserIsSyncedFromLookUpsAloneAndNobodyElseIsWritten() {
        synced();
        source.update(ann.id(), UserPatch.builder().lastName("Wed").build());
        source.update(bob.id(), UserPatch.builder().lastName("Changed").build());
        int sourceReads = source.readCalls();
        int targetReads = target.readCalls();
        int writes = target.writeCount();

        NamedSyncReport r = runner().syncNamed(NamedUsers.ofIds(ann.id().value()));

        assertThat(r.report().status()).as(r.lines().toString()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(only(r).outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(only(r).steps()).first().asString().startsWith("found in source as " + ann.id().value());
        assertThat(only(r).steps()).anyMatch(s -> s.startsWith("linked by an earlier run to target account"))
                .anyMatch(s -> s.startsWith("applied: "));
        assertThat(targetOf(ann).lastName()).isEqualTo("Wed");
        assertThat(targetOf(bob).lastName()).as("Bob was not named").isEqualTo("Jones");
        assertThat(target.writeCount() - writes).isEqualTo(1);
        assertThat(source.readCalls()).as("no full read of the source").isEqualTo(sourceReads);
        assertThat(target.readCalls()).as("no full read of the target").isEqualTo(targetReads);
    }

    @Test
    void aNameTheSourceDoesNotHaveIsLeftForTheFullRunAndNobodyIsDeprovisioned() {
        synced();
        NativeId bobsAccount = targetOf(bob).id();
        source.remove(bob.id());

        // A source that keeps no trace of a removal (a hard delete): Bob is absent, not answered removed.
        NamedSyncReport r = runner(Answering.forgetsRemovals(source), target)
                .syncNamed(NamedUsers.ofIds(bob.id().value(), "s-nobody", ann.id().value()));

        assertThat(r.report().status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(r.report().planned()).doesNotContainKeys(ActionKind.DEACTIVATE, ActionKind.DELETE);
        assertThat(r.users()).extracting(NamedUserResult::asked, NamedUserResult::outcome).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("id " + ann.id().value(), Outcome.IN_SYNC),
                org.assertj.core.groups.Tuple.tuple("id " + bob.id().value(), Outcome.NOT_FOUND),
                org.assertj.core.groups.Tuple.tuple("id s-nobody", Outcome.NOT_FOUND));
        assertThat(r.users()).filteredOn(u -> u.outcome() == Outcome.NOT_FOUND)
                .allMatch(u -> u.steps().get(0).contains("left for the full run"));
        assertThat(target.get(bobsAccount).orElseThrow().status()).isEqualTo(UserStatus.ACTIVE);
        // the full run, which can tell, does deprovision Bob
        runner().run(RunOptions.defaults().withForceFull());
        assertThat(target.get(bobsAccount).orElseThrow().status()).isEqualTo(UserStatus.INACTIVE);
    }

    @Test
    void aNamedUserDeactivatedInTheSourceIsDeactivatedAsAFullRunWould() {
        synced();
        source.deactivate(ann.id());

        NamedSyncReport r = runner().syncNamed(NamedUsers.ofEmails(List.of(EmailAddress.of("ANN@example.com"))));

        assertThat(only(r).outcome()).as(r.lines().toString()).isEqualTo(Outcome.APPLIED);
        assertThat(targetOf(ann).status()).isEqualTo(UserStatus.INACTIVE);
        assertThat(targetOf(bob).status()).isEqualTo(UserStatus.ACTIVE);
    }

    @Test
    void aNewUserIsCreatedAndLinkedAfterFullReadsThatRuleOutLookAlikesAndTheReportSaysSo() {
        synced();
        UserRecord dan = source.add(profile("dan@example.com", "Dan", "Ng"));
        source.update(bob.id(), UserPatch.builder().lastName("NotNamed").build());

        NamedSyncReport r = runner().syncNamed(NamedUsers.ofEmails(List.of(EmailAddress.of("dan@example.com"))));

        assertThat(only(r).outcome()).as(r.lines().toString()).isEqualTo(Outcome.APPLIED);
        assertThat(only(r).steps()).anyMatch(s -> s.startsWith("no target account matches it"));
        assertThat(r.report().message()).contains("both sides were read in full because 1 named user(s) would be linked or created");
        assertThat(targetOf(dan).email()).contains(EmailAddress.of("dan@example.com"));
        assertThat(targetOf(bob).lastName()).as("the full read planned Bob too, but only Dan was named").isEqualTo("Jones");
    }

    @Test
    void aNewUserWhoseEmailLooksLikeAnotherAccountsIsTheFullRunsConflictNotACreate() {
        synced();
        // U+0430 CYRILLIC SMALL LETTER A for the a of ann@example.com
        UserRecord twin = source.add(profile("\u0430nn@example.com", "Ann", "Twin"));

        NamedSyncReport r = runner().syncNamed(NamedUsers.ofIds(twin.id().value()));

        assertThat(only(r).outcome()).as(r.lines().toString()).isEqualTo(Outcome.CONFLICT);
        assertThat(r.report().conflicts()).extracting(c -> c.kind()).contains(ConflictKind.LOOKALIKE_KEY);
        assertThat(target.size()).isEqualTo(3);
    }

    @Test
    void aNamedUserWhoseEmailNowBelongsToAnotherLinkedAccountIsAConflictAndNobodyIsLinkedToIt() {
        synced();
        NativeId bobsAccount = targetOf(bob).id();
        source.update(bob.id(), UserPatch.builder().email(EmailAddress.of("robert@example.com")).build());
        UserRecord newcomer = source.add(profile("bob@example.com", "Bobby", "Newcomer"));
        int writes = target.writeCount();

        NamedSyncReport r = runner().syncNamed(NamedUsers.ofIds(newcomer.id().value()));

        assertThat(only(r).outcome()).as(r.lines().toString()).isEqualTo(Outcome.CONFLICT);
        assertThat(r.report().conflicts()).extracting(c -> c.kind()).containsExactly(ConflictKind.CANDIDATE_LINKED_ELSEWHERE);
        assertThat(store.links(SYNC).byTarget(bobsAccount).orElseThrow().sourceId()).isEqualTo(bob.id());
        assertThat(store.links(SYNC).bySource(newcomer.id())).isEmpty();
        assertThat(target.writeCount()).isEqualTo(writes);
        // the full run decides the same for the newcomer
        Plan full = runner().plan(RunOptions.defaults().withForceFull());
        assertThat(full.conflicts()).filteredOn(c -> c.users().stream().anyMatch(u -> u.sourceId().equals(Optional.of(newcomer.id()))))
                .extracting(c -> c.kind()).containsExactly(ConflictKind.CANDIDATE_LINKED_ELSEWHERE);
    }

    @Test
    void aNamedUserWhoseLinkedAccountVanishedIsReportedAndNotRecreated() {
        synced();
        target.remove(targetOf(ann).id());

        NamedSyncReport r = runner().syncNamed(NamedUsers.ofIds(ann.id().value()));

        assertThat(only(r).outcome()).as(r.lines().toString()).isEqualTo(Outcome.CONFLICT);
        assertThat(r.report().conflicts()).extracting(c -> c.kind()).containsExactly(ConflictKind.LINKED_TARGET_MISSING);
        assertThat(target.size()).isEqualTo(2);
    }

    @Test
    void aUserNamedTwiceByIdAndByEmailIsWrittenOnce() {
        synced();
        source.update(ann.id(), UserPatch.builder().lastName("Wed").build());
        int writes = target.writeCount();

        NamedUsers names = NamedUsers.ofIds(ann.id().value(), ann.id().value())
                .and(NamedUsers.ofEmails(List.of(EmailAddress.of("ann@example.com"), EmailAddress.of("Ann@Example.com"))));
        NamedSyncReport r = runner().syncNamed(names);

        assertThat(r.users()).extracting(NamedUserResult::asked).containsExactly("id " + ann.id().value(), "email ann@example.com");
        assertThat(r.users()).extracting(NamedUserResult::outcome).containsOnly(Outcome.APPLIED);
        assertThat(target.writeCount() - writes).isEqualTo(1);
        assertThat(targetOf(ann).lastName()).isEqualTo("Wed");
    }

    @Test
    void whatALookUpReturnsBeyondWhatWasAskedIsIgnoredOnBothSides() {
        synced();
        source.update(ann.id(), UserPatch.builder().lastName("Wed").build());
        source.update(bob.id(), UserPatch.builder().lastName("Changed").build());
        source.deactivate(cho.id());
        UserRecord stranger = source.add(profile("eve@example.com", "Eve", "Stranger"));

        NamedSyncReport r = runner(Answering.everyone(source), Answering.everyone(target))
                .syncNamed(NamedUsers.ofIds(ann.id().value()));

        assertThat(only(r).outcome()).as(r.lines().toString()).isEqualTo(Outcome.APPLIED);
        assertThat(r.report().planned()).containsOnlyKeys(ActionKind.UPDATE).containsEntry(ActionKind.UPDATE, 1);
        assertThat(targetOf(ann).lastName()).isEqualTo("Wed");
        assertThat(targetOf(bob).lastName()).isEqualTo("Jones");
        assertThat(targetOf(cho).status()).isEqualTo(UserStatus.ACTIVE);
        assertThat(target.findByEmail("eve@example.com")).isEmpty();
        assertThat(store.links(SYNC).bySource(stranger.id())).isEmpty();
    }

    @Test
    void aScheduledRunHoldingTheLeaseMakesANamedSyncBusyAndNothingIsWritten() {
        synced();
        source.update(ann.id(), UserPatch.builder().lastName("Wed").build());
        Lease scheduled = store.tryAcquire(SYNC, "scheduler@node-2", Duration.ofMinutes(30), CLOCK.instant()).orElseThrow();
        int writes = target.writeCount();

        NamedSyncReport busy = runner().syncNamed(NamedUsers.ofIds(ann.id().value()));

        assertThat(busy.report().status()).isEqualTo(RunStatus.BUSY);
        assertThat(busy.report().message()).contains("another runner holds the lease");
        assertThat(only(busy).outcome()).isEqualTo(Outcome.NOT_RUN);
        assertThat(only(busy).steps()).containsExactly("not synced: another run of this sync holds the lease; ask again when it is over");
        assertThat(target.writeCount()).isEqualTo(writes);
        assertThat(store.isCurrent(scheduled, CLOCK.instant())).as("the scheduled run keeps its lease").isTrue();

        store.release(scheduled);
        assertThat(only(runner().syncNamed(NamedUsers.ofIds(ann.id().value()))).outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(targetOf(ann).lastName()).isEqualTo("Wed");
    }

    @Test
    void aNamedUserSharingItsEmailWithAnUnnamedSourceUserIsTheFullRunsConflictAndNothingIsCreated() {
        synced();
        UserRecord first = source.add(profile("dup@example.com", "Dee", "One"));
        source.add(profile("dup@example.com", "Dee", "Two"));

        NamedSyncReport r = runner().syncNamed(NamedUsers.ofIds(first.id().value()));

        assertThat(only(r).outcome()).as(r.lines().toString()).isEqualTo(Outcome.CONFLICT);
        assertThat(r.report().conflicts()).extracting(c -> c.kind()).contains(ConflictKind.DUPLICATE_SOURCE_KEY);
        assertThat(target.findByEmail("dup@example.com")).isEmpty();
        assertThat(target.size()).isEqualTo(3);
    }

    @Test
    void aLinkedUserWhoseEmailAnUnnamedNewSourceUserAlsoHoldsIsNotUpdatedJustAsInAFullRun() {
        synced();
        source.update(ann.id(), UserPatch.builder().lastName("Wed").build());
        source.add(profile("ann@example.com", "Another", "Ann"));

        NamedSyncReport r = runner().syncNamed(NamedUsers.ofIds(ann.id().value()));

        assertThat(only(r).outcome()).as(r.lines().toString()).isEqualTo(Outcome.CONFLICT);
        assertThat(only(r).steps()).anyMatch(s -> s.contains("who was not named; a full run makes this a conflict for both"));
        assertThat(r.report().conflicts()).extracting(c -> c.kind()).containsExactly(ConflictKind.DUPLICATE_SOURCE_KEY);
        assertThat(targetOf(ann).lastName()).isEqualTo("Smith");
        Plan full = runner().plan(RunOptions.defaults().withForceFull());
        assertThat(full.actions()).as("the full run does not update Ann either")
                .noneMatch(a -> a.user().sourceId().equals(Optional.of(ann.id())));
    }

    @Test
    void aSucceededNamedSyncLeavesTheNextScheduledRunIncrementalAndAFailedOneMakesItFull() {
        synced();
        SyncReport full = store.lastReport(SYNC).orElseThrow();
        source.update(ann.id(), UserPatch.builder().lastName("Wed").build());

        assertThat(runner().syncNamed(NamedUsers.ofIds(ann.id().value())).report().status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(store.lastReport(SYNC)).contains(full);
        assertThat(runner().run(RunOptions.defaults()).mode()).isEqualTo(PlanMode.INCREMENTAL);

        source.update(bob.id(), UserPatch.builder().lastName("Failing").build());
        target.failWritesFor("bob@example.com", FailureKind.TRANSIENT);
        NamedSyncReport failed = runner().syncNamed(NamedUsers.ofIds(bob.id().value()));
        assertThat(failed.report().status()).isEqualTo(RunStatus.PARTIAL);
        assertThat(only(failed).outcome()).isEqualTo(Outcome.FAILED);
        target.heal();
        SyncReport next = runner().run(RunOptions.defaults());
        assertThat(next.mode()).as("the failed named sync makes the next run read in full").isEqualTo(PlanMode.FULL);
        assertThat(targetOf(bob).lastName()).isEqualTo("Failing");
    }

    @Test
    void directoriesThatCannotLookUpAreReadInFullAndTheReportSaysSo() {
        InMemoryUserDirectory plainSource = InMemoryUserDirectory.builder("plain-source").idPrefix("p").without(Capability.LOOKUP).build();
        InMemoryUserDirectory plainTarget = InMemoryUserDirectory.builder("plain-target").without(Capability.LOOKUP).build();
        UserRecord kim = plainSource.add(profile("kim@example.com", "Kim", "Park"));
        plainSource.add(profile("lou@example.com", "Lou", "Reed"));
        runner(plainSource, plainTarget).run(RunOptions.defaults());
        plainSource.update(kim.id(), UserPatch.builder().lastName("Wed").build());

        NamedSyncReport r = runner(plainSource, plainTarget).syncNamed(NamedUsers.ofIds(kim.id().value()));

        assertThat(only(r).outcome()).as(r.lines().toString()).isEqualTo(Outcome.APPLIED);
        assertThat(r.report().message()).contains("plain-source cannot look accounts up").contains("plain-target cannot look accounts up");
        assertThat(plainTarget.findByEmail("kim@example.com").orElseThrow().lastName()).isEqualTo("Wed");
    }

    // ---- tombstones: a look-up that answers "removed" ---------------------------------------------

    @Test
    void aNamedUserTheSourceAnswersRemovedIsDeprovisionedAsAFullRunWould() {
        synced();
        NativeId bobsAccount = targetOf(bob).id();
        source.remove(bob.id());
        int sourceReads = source.readCalls();
        int targetReads = target.readCalls();

        NamedSyncReport r = runner().syncNamed(NamedUsers.ofIds(bob.id().value()));

        assertThat(r.report().status()).as(r.lines().toString()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(only(r).outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(only(r).steps().get(0)).contains("answered that " + bob.id().value() + " is removed");
        assertThat(r.report().planned()).containsOnlyKeys(ActionKind.DEACTIVATE).containsEntry(ActionKind.DEACTIVATE, 1);
        assertThat(target.get(bobsAccount).orElseThrow().status()).isEqualTo(UserStatus.INACTIVE);
        assertThat(targetOf(ann).status()).isEqualTo(UserStatus.ACTIVE);
        assertThat(targetOf(cho).status()).isEqualTo(UserStatus.ACTIVE);
        assertThat(source.readCalls()).as("no full read of the source").isEqualTo(sourceReads);
        assertThat(target.readCalls()).as("no full read of the target").isEqualTo(targetReads);
        // the full run has nothing left to do: the named sync planned what it would
        assertThat(runner().plan(RunOptions.defaults().withForceFull()).actions()).isEmpty();
    }

    @Test
    void aTombstoneFollowsThePolicysActionForGoneUsers() {
        synced();
        NativeId bobsAccount = targetOf(bob).id();
        source.remove(bob.id());

        NamedSyncReport r = runner(source, target, SyncPolicy.builder().onGone(io.rostersync.policy.Deprovision.LEAVE).build())
                .syncNamed(NamedUsers.ofIds(bob.id().value()));

        assertThat(only(r).outcome()).as(r.lines().toString()).isEqualTo(Outcome.GONE);
        assertThat(r.report().planned()).isEmpty();
        assertThat(target.get(bobsAccount).orElseThrow().status()).isEqualTo(UserStatus.ACTIVE);
    }

    @Test
    void theDeletionGuardHoldsATombstonesDeprovisionAsInAnyRun() {
        synced();
        NativeId bobsAccount = targetOf(bob).id();
        source.remove(bob.id());

        NamedSyncReport r = runner(source, target, SyncPolicy.builder()
                .deletionGuard(io.rostersync.policy.DeletionGuard.of(0, 0.01)).build())
                .syncNamed(NamedUsers.ofIds(bob.id().value()));

        assertThat(only(r).outcome()).as(r.lines().toString()).isEqualTo(Outcome.HELD);
        assertThat(r.report().status()).isEqualTo(RunStatus.HELD);
        assertThat(target.get(bobsAccount).orElseThrow().status()).isEqualTo(UserStatus.ACTIVE);
        assertThat(store.heldDeprovisions(SYNC)).extracting(h -> h.targetId()).containsExactly(bobsAccount);
    }

    @Test
    void aTombstoneForAUserThisSyncNeverLinkedChangesNothing() {
        synced();
        UserRecord dan = source.add(profile("dan@example.com", "Dan", "Never"));
        source.remove(dan.id());
        int writes = target.writeCount();

        NamedSyncReport r = runner().syncNamed(NamedUsers.ofIds(dan.id().value()));

        assertThat(only(r).outcome()).as(r.lines().toString()).isEqualTo(Outcome.GONE);
        assertThat(only(r).steps()).anyMatch(s -> s.startsWith("never linked"));
        assertThat(r.report().planned()).isEmpty();
        assertThat(target.writeCount()).isEqualTo(writes);
        assertThat(target.all()).allMatch(u -> u.status() == UserStatus.ACTIVE);
    }

    @Test
    void aNamedLiveUserIsNeverDeprovisionedWhateverTheHintClaimed() {
        synced();
        // A stale or forged "user.deleted" hint names Ann; the source, re-read, has her live.
        int writes = target.writeCount();

        NamedSyncReport r = runner().syncNamed(NamedUsers.ofIds(ann.id().value()));

        assertThat(only(r).outcome()).as(r.lines().toString()).isEqualTo(Outcome.IN_SYNC);
        assertThat(target.writeCount()).isEqualTo(writes);
        assertThat(targetOf(ann).status()).isEqualTo(UserStatus.ACTIVE);
    }

    @Test
    void removedIdsALookUpWasNotAskedAboutAreIgnored() {
        synced();
        // The source answers a look-up for Ann with Bob removed: Bob was not asked about.
        UserDirectory lying = Answering.with(source, lookup -> new io.rostersync.spi.UserLookupResult(
                source.lookUp(lookup).found(), lookup.ids().contains(bob.id()) ? Set.of() : Set.of(bob.id())));
        int writes = target.writeCount();

        NamedSyncReport r = runner(lying, target).syncNamed(NamedUsers.ofIds(ann.id().value()));

        assertThat(only(r).outcome()).as(r.lines().toString()).isEqualTo(Outcome.IN_SYNC);
        assertThat(r.report().planned()).isEmpty();
        assertThat(target.writeCount()).isEqualTo(writes);
        assertThat(targetOf(bob).status()).isEqualTo(UserStatus.ACTIVE);
    }

    @Test
    void aLookUpAnsweringOneUserBothFoundAndRemovedWritesNothing() {
        synced();
        source.update(ann.id(), UserPatch.builder().lastName("Wed").build());
        int writes = target.writeCount();
        UserDirectory contradicting = Answering.with(source, lookup -> new io.rostersync.spi.UserLookupResult(
                source.lookUp(lookup).found(), Set.of(ann.id())));

        NamedSyncReport r = runner(contradicting, target).syncNamed(NamedUsers.ofIds(ann.id().value()));

        assertThat(r.report().status()).isEqualTo(RunStatus.FAILED);
        assertThat(only(r).outcome()).isEqualTo(Outcome.NOT_RUN);
        assertThat(target.writeCount()).isEqualTo(writes);
        assertThat(targetOf(ann).status()).isEqualTo(UserStatus.ACTIVE);
    }

    @Test
    void aLookUpThatFailsAfterAnsweringSomeoneRemovedWritesNothing() {
        synced();
        source.remove(bob.id());
        int writes = target.writeCount();
        UserDirectory failing = Answering.with(source, lookup -> {
            source.lookUp(lookup); // the first request answered Bob removed; the next one fails
            throw new io.rostersync.spi.TransientException("503 on the second request");
        });

        NamedSyncReport r = runner(failing, target).syncNamed(NamedUsers.ofIds(bob.id().value(), ann.id().value()));

        assertThat(r.report().status()).isEqualTo(RunStatus.FAILED);
        assertThat(r.users()).extracting(NamedUserResult::outcome).containsOnly(Outcome.NOT_RUN);
        assertThat(target.writeCount()).isEqualTo(writes);
        assertThat(targetOf(bob).status()).isEqualTo(UserStatus.ACTIVE);
    }

    /** A directory whose look-ups answer as a function says, and whose other calls go to an in-memory directory. */
    private static final class Answering extends ForwardingUserDirectory {
        private final java.util.function.Function<UserLookup, io.rostersync.spi.UserLookupResult> answer;

        private Answering(InMemoryUserDirectory delegate, java.util.function.Function<UserLookup, io.rostersync.spi.UserLookupResult> answer) {
            super(delegate);
            this.answer = answer;
        }

        static Answering with(InMemoryUserDirectory delegate, java.util.function.Function<UserLookup, io.rostersync.spi.UserLookupResult> answer) {
            return new Answering(delegate, answer);
        }

        /** Answers every account it has, whatever was asked. */
        static Answering everyone(InMemoryUserDirectory delegate) {
            return with(delegate, lookup -> io.rostersync.spi.UserLookupResult.found(delegate.all()));
        }

        /** Answers what it finds and never anything removed, as a directory that hard-deletes does. */
        static Answering forgetsRemovals(InMemoryUserDirectory delegate) {
            return with(delegate, lookup -> io.rostersync.spi.UserLookupResult.found(delegate.lookUp(lookup).found()));
        }

        @Override
        public io.rostersync.spi.UserLookupResult lookUp(UserLookup lookup) {
            return answer.apply(lookup);
        }
    }
}
