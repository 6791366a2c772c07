package io.rostersync.talkdesk;

import static org.assertj.core.api.Assertions.assertThat;

import io.rostersync.engine.RunOptions;
import io.rostersync.spi.RunStatus;
import io.rostersync.spi.SyncReport;
import io.rostersync.engine.SyncRunner;
import io.rostersync.model.SyncId;
import io.rostersync.model.UserProfile;
import io.rostersync.model.UserRecord;
import io.rostersync.model.UserStatus;
import io.rostersync.policy.DeletionGuard;
import io.rostersync.policy.Deprovision;
import io.rostersync.policy.Field;
import io.rostersync.policy.Ownership;
import io.rostersync.policy.SyncPolicy;
import io.rostersync.spi.ReadProblem;
import io.rostersync.spi.UserPage;
import io.rostersync.spi.UserPages;
import io.rostersync.testkit.InMemorySyncStateStore;
import io.rostersync.testkit.InMemoryUserDirectory;
import io.rostersync.emulators.talkdesk.TalkdeskEmulator;
import io.rostersync.emulators.talkdesk.TalkdeskEmulator.UserList;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 12 section 2: Talkdesk's lists page by position (REST by page number, SCIM by startIndex), so a
 * user deleted, added or moved between two page requests shifts the others and one is skipped. Talkdesk
 * as the source of a sync that deactivates or deletes gone users, with the guard off so that only the
 * read protects: whatever changes between which pages, nobody still in Talkdesk is deprovisioned, and once
 * the list holds still the next run converges.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TalkdeskListChangedTest {

    private static final SyncId SYNC = SyncId.of("talkdesk-list-changed");

    /** What happens to the list between two pages. */
    enum Change {
        /** The first user of the list (already read) is deleted: everyone behind moves up one place. */
        DELETE_BEFORE_CURSOR,
        /** A user is added. */
        INSERT,
        /** The first user moves to the end: one user is skipped and the moved one comes twice. */
        MOVE_TO_END,
        /** The first user is deleted and another added: the total holds still while one user is skipped. */
        DELETE_AND_INSERT,
        /** The second and third users are deleted. */
        DELETE_TWO
    }

    private TalkdeskEmulator emulator;

    @AfterEach
    void stop() {
        if (emulator != null) {
            emulator.close();
        }
    }

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (Change change : Change.values()) {
            for (Deprovision onGone : List.of(Deprovision.DEACTIVATE, Deprovision.DELETE)) {
                out.add(Arguments.of(UserList.REST, true, change, onGone));
                out.add(Arguments.of(UserList.REST, false, change, onGone));
                out.add(Arguments.of(UserList.SCIM, true, change, onGone));
            }
        }
        return out.stream();
    }

    private static UserProfile person(int n) {
        return UserProfile.builder().email("person" + n + "@list.example").firstName("Person").lastName("No" + n)
                .role("Agent").build();
    }

    private void apply(Change change, int next) {
        List<String> ids = emulator.userIds();
        switch (change) {
            case DELETE_BEFORE_CURSOR -> emulator.delete(ids.get(0));
            case INSERT -> emulator.add(person(next));
            case MOVE_TO_END -> emulator.moveToEnd(ids.get(0));
            case DELETE_AND_INSERT -> {
                emulator.delete(ids.get(0));
                emulator.add(person(next));
            }
            case DELETE_TWO -> {
                emulator.delete(ids.get(1));
                emulator.delete(ids.get(2));
            }
            default -> throw new IllegalArgumentException(change.toString());
        }
    }

    @ParameterizedTest(name = "{0} list, roles from SCIM {1}: {2}, gone users {3}")
    @MethodSource("cases")
    void aListThatChangesBetweenPagesNeverDeprovisionsAUserStillInTalkdesk(UserList list, boolean rolesFromScim,
                                                                          Change change, Deprovision onGone) {
        emulator = TalkdeskFixtures.fastEmulator().build();
        emulator.start();
        // SCIM pages hold 100 users: the SCIM case needs three pages of them.
        int size = list == UserList.SCIM ? 230 : 9;
        for (int n = 0; n < size; n++) {
            emulator.add(person(n));
        }
        TalkdeskUserDirectory talkdesk = TalkdeskFixtures.directory(emulator).restPageSize(list == UserList.SCIM ? 100 : 2)
                .rolesFromScim(rolesFromScim).build();
        InMemoryUserDirectory target = InMemoryUserDirectory.builder("host").build();
        SyncPolicy policy = SyncPolicy.builder().onGone(onGone).own(Field.USERNAME, Ownership.NEVER)
                .deletionGuard(DeletionGuard.disabled()).build();
        SyncRunner runner = SyncRunner.builder().syncId(SYNC).source(talkdesk).target(target).policy(policy)
                .stateStore(new InMemorySyncStateStore()).build();
        SyncReport baseline = runner.run(RunOptions.defaults());
        assertThat(baseline.status()).as(baseline.summary()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(target.size()).isEqualTo(size);

        emulator.changeListAfterPage(list, 1, () -> apply(change, size));
        SyncReport faulted = runner.run(RunOptions.defaults());

        List<String> present = presentEmails();
        for (String email : present) {
            Optional<UserRecord> account = target.findByEmail(email);
            if (account.isEmpty() && !email.equals(person(size).email().orElseThrow().value())) {
                throw new AssertionError(email + ", still in Talkdesk, lost its account: " + faulted);
            }
            account.ifPresent(u -> assertThat(u.status()).as("%s, still in Talkdesk, after: %s", email, faulted)
                    .isEqualTo(UserStatus.ACTIVE));
        }

        // Once the list holds still, the next run sees everyone and deprovisions exactly who left.
        SyncReport calm = runner.run(RunOptions.defaults());
        assertThat(calm.status()).as(calm.summary()).isEqualTo(RunStatus.SUCCEEDED);
        for (UserRecord t : target.all()) {
            String email = t.email().orElseThrow().value();
            boolean there = present.contains(email);
            assertThat(there ? t.status() == UserStatus.ACTIVE : t.status() != UserStatus.ACTIVE)
                    .as("%s (%s) after the calm run", email, t.status()).isTrue();
        }
        assertThat(runner.plan(RunOptions.defaults()).actions()).as("plan after converging").isEmpty();
    }

    private List<String> presentEmails() {
        List<String> out = new ArrayList<>();
        for (String id : emulator.userIds()) {
            out.add((String) emulator.scim().user(id).orElseThrow().getOrDefault("userName", ""));
        }
        return out;
    }

    @Test
    void aReadWhoseRestListChangedCarriesAProblemSayingWhy() {
        emulator = TalkdeskFixtures.fastEmulator().build();
        emulator.start();
        for (int n = 0; n < 6; n++) {
            emulator.add(person(n));
        }
        emulator.changeListAfterPage(UserList.REST, 1, () -> emulator.delete(emulator.userIds().get(0)));
        List<ReadProblem> problems = new ArrayList<>();
        try (UserPages pages = TalkdeskFixtures.directory(emulator).restPageSize(2).rolesFromScim(false).build().readAll()) {
            for (Optional<UserPage> p = pages.next(); p.isPresent(); p = pages.next()) {
                problems.addAll(p.get().problems());
            }
        }
        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.location()).isEqualTo("talkdesk:acme users list");
            assertThat(p.message()).contains("changed while it was read", "the total went from 6 to 5");
        });
    }

    @Test
    void theSeatsInUseAreReadAgainWhenTheListChangedUnderTheReadAndAListThatNeverHoldsStillIsAnError() {
        emulator = TalkdeskFixtures.fastEmulator().build();
        emulator.start();
        for (int n = 0; n < 6; n++) {
            emulator.add(person(n));
        }
        TalkdeskUserDirectory talkdesk = TalkdeskFixtures.directory(emulator).restPageSize(2).build();
        String first = emulator.userIds().get(0);
        String third = emulator.userIds().get(2);
        emulator.changeListAfterPage(UserList.REST, 1, () -> emulator.delete(first));

        // Read once with the first user gone from under it (the third would have been skipped), then again.
        assertThat(talkdesk.activeUserIds()).extracting(io.rostersync.model.NativeId::value).contains(third)
                .doesNotContain(first).hasSize(5);
        assertThat(emulator.requestCount("GET /users")).isEqualTo(3 + 3);

        Runnable[] churn = new Runnable[1];
        churn[0] = () -> {
            emulator.add(person(100 + emulator.userIds().size()));
            emulator.changeListAfterPage(UserList.REST, 1, churn[0]);
        };
        emulator.changeListAfterPage(UserList.REST, 1, churn[0]);
        org.assertj.core.api.Assertions.assertThatThrownBy(talkdesk::activeUserIds)
                .isInstanceOf(io.rostersync.spi.InvalidResponseException.class)
                .hasMessageContaining("changed during each of 3 reads");
    }

    @Test
    void aQuietListReadsWithoutProblemsAndTheRestOnlySecondPassCostsOneMoreRoundOfPages() {
        emulator = TalkdeskFixtures.fastEmulator().build();
        emulator.start();
        for (int n = 0; n < 5; n++) {
            emulator.add(person(n));
        }
        List<ReadProblem> problems = new ArrayList<>();
        int users = 0;
        try (UserPages pages = TalkdeskFixtures.directory(emulator).restPageSize(2).rolesFromScim(false).build().readAll()) {
            for (Optional<UserPage> p = pages.next(); p.isPresent(); p = pages.next()) {
                problems.addAll(p.get().problems());
                users += p.get().users().size();
            }
        }
        assertThat(problems).isEmpty();
        assertThat(users).isEqualTo(5);
        assertThat(emulator.requestCount("GET /users")).isEqualTo(6);
    }
}
