package io.rostersync.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.rostersync.model.Cursor;
import io.rostersync.model.NativeId;
import io.rostersync.model.UserPatch;
import io.rostersync.model.UserProfile;
import io.rostersync.model.UserRecord;
import io.rostersync.model.UserStatus;
import io.rostersync.spi.Capability;
import io.rostersync.spi.CreateOptions;
import io.rostersync.spi.UserDirectory;
import io.rostersync.spi.UserPage;
import io.rostersync.spi.UserPages;
import io.rostersync.spi.WriteResult;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link UserDirectory} must show. Extend it in your own test, return a fresh
 * directory from {@link #directory()}, and the suite runs against it; operations the directory does not
 * declare are skipped with a JUnit assumption (reported as skipped, never as passed).
 *
 * <pre>{@code
 * class MyDirectoryTest extends UserDirectoryContract {
 *     @Override protected UserDirectory directory() { return new MyDirectory(testDataSource()); }
 * }
 * }</pre>
 * @since 0.1.0
 */
public abstract class UserDirectoryContract {

    private UserDirectory dir;

    /**
     * A directory for one test. It may contain accounts already; the suite creates its own.
     *
     * @return the directory
     */
    protected abstract UserDirectory directory();

    /**
     * A profile the directory accepts for a new account; {@code unique} differs per call. Override when
     * the directory needs more (a role, a profile id).
     *
     * @param unique a value no other call gets, to put in the email or username
     * @return the profile
     */
    protected UserProfile newProfile(String unique) {
        return UserProfile.builder()
                .email("contract." + unique + "@example.com")
                .firstName("Contract")
                .lastName("User " + unique)
                .status(UserStatus.ACTIVE)
                .build();
    }

    @BeforeEach
    void createDirectory() {
        dir = directory();
    }

    private static String unique() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    private void assume(Capability c) {
        assumeTrue(dir.capabilities().contains(c), dir.name() + " does not declare " + c);
    }

    private UserRecord created() {
        assume(Capability.CREATE);
        WriteResult r = dir.create(newProfile(unique()), CreateOptions.silent());
        assertThat(r).as("create result").isInstanceOf(WriteResult.Stored.class);
        return ((WriteResult.Stored) r).record();
    }

    private List<UserRecord> readEverything() {
        List<UserRecord> all = new ArrayList<>();
        try (UserPages pages = dir.readAll()) {
            for (Optional<UserPage> p = pages.next(); p.isPresent(); p = pages.next()) {
                all.addAll(p.get().users());
            }
        }
        return all;
    }

    @Test
    void declaresAName() {
        assertThat(dir.name()).isNotBlank();
    }

    @Test
    void fullReadListsEveryAccountOnce() {
        assume(Capability.READ);
        List<UserRecord> all = readEverything();
        Set<NativeId> ids = new HashSet<>();
        for (UserRecord r : all) {
            assertThat(ids.add(r.id())).as("account %s listed twice", r.id()).isTrue();
        }
    }

    @Test
    void createdAccountIsReadBackWithItsProfile() {
        assume(Capability.READ);
        UserRecord made = created();
        UserProfile wanted = made.profile();
        assertThat(dir.get(made.id())).hasValueSatisfying(r -> {
            assertThat(r.email()).isEqualTo(wanted.email());
            assertThat(r.firstName()).isEqualTo(wanted.firstName());
            assertThat(r.lastName()).isEqualTo(wanted.lastName());
        });
        assertThat(readEverything()).extracting(UserRecord::id).contains(made.id());
    }

    @Test
    void createReturnsTheStoredProfileFields() {
        UserProfile profile = newProfile(unique());
        assume(Capability.CREATE);
        WriteResult r = dir.create(profile, CreateOptions.silent());
        assertThat(r).isInstanceOfSatisfying(WriteResult.Stored.class, s -> {
            assertThat(s.record().email()).isEqualTo(profile.email());
            assertThat(s.record().lastName()).isEqualTo(profile.lastName());
        });
    }

    @Test
    void unknownIdIsEmptyNotAnError() {
        assume(Capability.READ);
        assertThat(dir.get(NativeId.of("no-such-user-" + unique()))).isEmpty();
    }

    @Test
    void updateChangesOnlyThePatchedFields() {
        assume(Capability.UPDATE);
        UserRecord made = created();
        WriteResult r = dir.update(made.id(), UserPatch.builder().lastName("Renamed").build());
        assertThat(r).isInstanceOf(WriteResult.Stored.class);
        UserRecord after = dir.get(made.id()).orElseThrow();
        assertThat(after.lastName()).isEqualTo("Renamed");
        assertThat(after.firstName()).isEqualTo(made.firstName());
        assertThat(after.email()).isEqualTo(made.email());
    }

    @Test
    void updateOfUnknownAccountFailsForThatUserOnly() {
        assume(Capability.UPDATE);
        WriteResult r;
        try {
            r = dir.update(NativeId.of("no-such-user-" + unique()), UserPatch.builder().lastName("X").build());
        } catch (io.rostersync.spi.RosterSyncException e) {
            assertThat(e.kind()).isIn(io.rostersync.spi.FailureKind.NOT_FOUND, io.rostersync.spi.FailureKind.VALIDATION);
            return;
        }
        assertThat(r).isInstanceOf(WriteResult.Failed.class);
    }

    @Test
    void deactivateSwitchesTheAccountOff() {
        assume(Capability.DEACTIVATE);
        UserRecord made = created();
        assertThat(dir.deactivate(made.id())).isInstanceOf(WriteResult.Stored.class);
        assertThat(dir.get(made.id())).hasValueSatisfying(r -> assertThat(r.status().isDisabled()).isTrue());
    }

    @Test
    void reactivateBringsADeactivatedAccountBack() {
        assume(Capability.DEACTIVATE);
        assume(Capability.REACTIVATE);
        UserRecord made = created();
        dir.deactivate(made.id());
        assertThat(dir.reactivate(made.id())).isInstanceOf(WriteResult.Stored.class);
        assertThat(dir.get(made.id())).hasValueSatisfying(r -> assertThat(r.status()).isEqualTo(UserStatus.ACTIVE));
    }

    @Test
    void deleteRemovesTheAccount() {
        assume(Capability.DELETE);
        UserRecord made = created();
        assertThat(dir.delete(made.id())).isInstanceOf(WriteResult.Stored.class);
        assertThat(dir.get(made.id())).isEmpty();
    }

    @Test
    void batchCreateGivesOneResultPerProfileInOrder() {
        assume(Capability.BATCH_WRITE);
        assume(Capability.CREATE);
        List<UserProfile> profiles = List.of(newProfile(unique()), newProfile(unique()), newProfile(unique()));
        List<WriteResult> results = dir.createAll(profiles, CreateOptions.silent());
        assertThat(results).hasSize(3);
        for (int i = 0; i < 3; i++) {
            int n = i;
            assertThat(results.get(i)).isInstanceOfSatisfying(WriteResult.Stored.class,
                    s -> assertThat(s.record().email()).isEqualTo(profiles.get(n).email()));
        }
    }

    @Test
    void incrementalReadReturnsChangesAfterTheCursor() {
        assume(Capability.INCREMENTAL_READ);
        assume(Capability.UPDATE);
        Optional<Cursor> cursor = Optional.empty();
        try (UserPages pages = dir.readAll()) {
            for (Optional<UserPage> p = pages.next(); p.isPresent(); p = pages.next()) {
                if (p.get().cursorAfter().isPresent()) {
                    cursor = p.get().cursorAfter();
                }
            }
        }
        assertThat(cursor).as("a full read of an incremental directory ends with a cursor").isPresent();
        UserRecord made = created();
        List<NativeId> changed = new ArrayList<>();
        try (UserPages pages = dir.readChanges(cursor.get())) {
            for (Optional<UserPage> p = pages.next(); p.isPresent(); p = pages.next()) {
                p.get().users().forEach(u -> changed.add(u.id()));
            }
        }
        assertThat(changed).contains(made.id());
    }
}
