package io.rostersync.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.rostersync.model.Cursor;
import io.rostersync.model.EmailAddress;
import io.rostersync.model.NativeId;
import io.rostersync.model.UserPatch;
import io.rostersync.model.UserProfile;
import io.rostersync.model.UserRecord;
import io.rostersync.model.UserStatus;
import io.rostersync.model.Username;
import io.rostersync.spi.Capability;
import io.rostersync.spi.CreateOptions;
import io.rostersync.spi.FailureKind;
import io.rostersync.spi.RosterSyncException;
import io.rostersync.spi.UnsupportedCapabilityException;
import io.rostersync.spi.UserDirectory;
import io.rostersync.spi.UserLookup;
import io.rostersync.spi.UserLookupResult;
import io.rostersync.spi.UserPage;
import io.rostersync.spi.UserPages;
import io.rostersync.spi.WriteResult;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The behaviour every {@link UserDirectory} must show. Extend it in your own test and return a fresh
 * directory from {@link #directory()}; the suite then runs against it. An operation the directory does not
 * declare in {@link UserDirectory#capabilities()} is skipped with a JUnit assumption (reported as skipped,
 * never as passed), and calling it must throw {@link UnsupportedCapabilityException}.
 *
 * <p>What the suite checks, each for every field of {@link #newProfile(String)} (email, username, first and
 * last name, status, roles, groups, free attributes, kept exactly: not lower-cased, trimmed or dropped):
 * <ul>
 *   <li>create returns the record as stored, and {@code get} and a full read return that same record;
 *       every status of {@link #statusesOnCreate()} is kept as created (a pending account stays pending);</li>
 *   <li>{@code get} returns the account asked for, and empty for an unknown id; a write to an unknown id
 *       fails for that user with {@link FailureKind#NOT_FOUND};</li>
 *   <li>update changes what the patch sets (names, roles, groups, attributes) and nothing else, and
 *       returns the record as stored (equal to a fresh {@code get}), twice over the same patch too;</li>
 *   <li>deactivate, reactivate and delete do what they say, to that account only, and keep the rest of it;</li>
 *   <li>a full read lists every account once, across several pages of {@link #pageSize()} accounts;</li>
 *   <li>a second create of the same person fails with {@link FailureKind#ALREADY_EXISTS}, creates nothing and
 *       {@link UserDirectory#findExisting} names the first account;</li>
 *   <li>a look-up ({@link UserDirectory#lookUp}) by ids, emails or usernames returns every account asked for, each
 *       once, and no account that was not asked for, also when it asks for more ids than one vendor request
 *       takes ({@link #lookUpBatchSize()}); values nobody has are simply absent, never answered removed, and
 *       neither is a live account; a deleted account is answered removed when the directory says it remembers
 *       removed accounts ({@link #remembersRemovedAccounts()}), and is never found;</li>
 *   <li>an undeclared capability throws {@link UnsupportedCapabilityException} and changes nothing.</li>
 * </ul>
 * Every account the suite creates is deleted again after each test when the directory can delete, so the
 * suite can run against a shared sandbox; a directory that cannot delete keeps them.
 *
 * <p>A directory that cannot keep part of a profile (a vendor without groups, one with a fixed list of role
 * names) says so by overriding {@link #newProfile(String)} with what it keeps, {@link #statusesOnCreate()}
 * with the statuses it can create and {@link #updatePatch(UserProfile)} with a change it accepts; the suite
 * then checks those parts exactly. Set {@link #pageSize()} to the page size the directory is built with and
 * {@link #unknownId()} to a well-formed id nobody has. Never make a check pass by leaving out a part the
 * directory is meant to keep.
 *
 * <p>The example below is {@code UserDirectoryContractExampleTest} in the testkit's own tests:
 * <pre>{@code
 * class UserDirectoryContractExampleTest extends UserDirectoryContract {
 *
 *     @Override
 *     protected UserDirectory directory() {
 *         // Small pages, so that the suite's reads span several of them.
 *         return InMemoryUserDirectory.builder("example").pageSize(pageSize()).build();
 *     }
 *
 *     @Override
 *     protected int pageSize() {
 *         return 3;
 *     }
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
public abstract class UserDirectoryContract {

    private static final Set<Capability> CHECKED_WHEN_UNDECLARED = EnumSet.of(Capability.READ, Capability.INCREMENTAL_READ,
            Capability.CREATE, Capability.UPDATE, Capability.DEACTIVATE, Capability.REACTIVATE, Capability.DELETE, Capability.LOOKUP);

    private UserDirectory dir;
    private final List<NativeId> createdHere = new ArrayList<>();

    /**
     * Deletes what a test created right after it ran, before any {@code @AfterEach} of a subclass closes the
     * directory's server.
     */
    @RegisterExtension
    final AfterTestExecutionCallback deleteWhatTheSuiteCreated = context -> deleteCreatedAccounts();

    /**
     * A directory for one test. It may hold accounts already; the suite creates its own and deletes them
     * again after the test.
     *
     * @return the directory
     */
    protected abstract UserDirectory directory();

    /**
     * A profile for a new account, with every part the directory keeps; {@code unique} differs per call.
     * The suite checks that each part set here comes back exactly as given, through create, read, update,
     * deactivate and reactivate.
     *
     * <p>The default sets all of them, with values a faithful store keeps: an email and a mixed-case
     * username, names with capitals, accents and apostrophes, two roles, two groups and three attributes
     * (one whose value has inner and outer spaces), status {@link UserStatus#ACTIVE}. Override it to leave
     * out what the directory cannot store (groups on a vendor without them) or to use values it accepts
     * (its own role names); keep the status {@link UserStatus#ACTIVE}.
     *
     * @param unique a value no other call gets, to put in the email, the username and the names
     * @return the profile
     */
    protected UserProfile newProfile(String unique) {
        return UserProfile.builder()
                .email("contract." + unique + "@example.com")
                .username("Contract.User-" + unique)
                .firstName("Zoë-Ann")
                .lastName("O'Contract " + unique)
                .status(UserStatus.ACTIVE)
                .role("Contract Agent")
                .role("contract-viewer")
                .group("Contract Team")
                .group("Night Shift " + unique)
                .attribute("contract_external_id", "Ext-" + unique)
                .attribute("contract_locale", "fr-CA")
                .attribute("contract_note", "  Kept  As Given  ")
                .build();
    }

    /**
     * The statuses the directory stores as given when an account is created with them. The default is every
     * {@link UserStatus}; a directory that can create only active accounts returns {@code Set.of(ACTIVE)}.
     * A status left out here may still be reached by deactivating.
     *
     * @return the statuses a create keeps, never empty; must contain {@link UserStatus#ACTIVE}
     */
    protected Set<UserStatus> statusesOnCreate() {
        return EnumSet.allOf(UserStatus.class);
    }

    /**
     * The most accounts the directory from {@link #directory()} returns on one page of a read. The suite
     * creates {@code 2 * pageSize() + 1} accounts and reads them back across pages; build the directory
     * with this page size. When a read still fits on one page, the paging check is skipped (reported, not
     * passed). The default is 2.
     *
     * @return at least 1
     */
    protected int pageSize() {
        return 2;
    }

    /**
     * An id no account has, well formed for the directory (a number, for a directory with numeric ids). The
     * default is {@code no-such-user-} and random letters.
     *
     * @return an unknown id
     */
    protected NativeId unknownId() {
        return NativeId.of("no-such-user-" + unique());
    }

    /**
     * The update the suite applies to an account created from {@link #newProfile(String)}, read back as
     * {@code before}. The default renames the account and changes every collection the profile has: adds a
     * role and removes one, joins a group and leaves one, overwrites, adds and removes attributes. Override it
     * when the directory accepts only some values (a fixed list of role names); the suite checks that what the
     * patch sets is stored, what it removes is gone and everything else is as before.
     *
     * @param before the account as stored
     * @return the patch, not empty
     */
    protected UserPatch updatePatch(UserProfile before) {
        UserPatch.Builder patch = UserPatch.builder().firstName("Renée").lastName("Renamed McPatch");
        if (!before.roles().isEmpty()) {
            patch.addRole("Contract Lead");
            if (before.roles().size() > 1) {
                patch.removeRole(before.roles().last());
            }
        }
        if (!before.groups().isEmpty()) {
            patch.addGroup("Contract Day Shift");
            patch.removeGroup(before.groups().first());
        }
        if (!before.attributes().isEmpty()) {
            patch.setAttribute(before.attributes().firstKey(), "Changed Value");
            if (before.attributes().size() > 1) {
                patch.removeAttribute(before.attributes().lastKey());
            }
            patch.setAttribute("contract_added", "Added  Value");
        }
        return patch.build();
    }

    /**
     * How many ids one look-up request of the directory takes (Zendesk {@code show_many}: 100); the suite looks
     * up one more than this many accounts at once, so that the look-up spans two requests.
     *
     * @return the vendor's batch size; 2 by default
     * @since 0.3.0
     */
    protected int lookUpBatchSize() {
        return 2;
    }

    /**
     * Whether a look-up by id answers an account deleted through {@link UserDirectory#delete} as
     * {@linkplain io.rostersync.spi.UserLookupResult#removed() removed}: true for a directory that keeps a trace of
     * what it removed (Zendesk's soft delete, the in-memory directory's change log). The suite then checks that it
     * does; with false (the default, for a directory that forgets a deleted account) it checks only that nothing
     * absent or live is ever answered removed.
     *
     * @return whether deleted accounts are answered removed; false by default
     * @since 0.3.0
     */
    protected boolean remembersRemovedAccounts() {
        return false;
    }

    @BeforeEach
    void createDirectory() {
        dir = directory();
        createdHere.clear();
    }

    // ---- helpers ------------------------------------------------------------------------------

    private static String unique() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    private boolean declares(Capability c) {
        return dir.capabilities().contains(c);
    }

    private void assume(Capability c) {
        assumeTrue(declares(c), dir.name() + " does not declare " + c);
    }

    private void deleteCreatedAccounts() {
        if (dir == null || !declares(Capability.DELETE)) {
            return;
        }
        for (NativeId id : createdHere) {
            try {
                dir.delete(id);
            } catch (RuntimeException e) {
                // Best effort: the test already failed or deleted it itself.
            }
        }
        createdHere.clear();
    }

    /** Creates {@code profile}, requiring success, and remembers the account for clean-up. */
    private UserRecord create(UserProfile profile) {
        WriteResult r = dir.create(profile, CreateOptions.silent());
        if (r instanceof WriteResult.Stored s) {
            createdHere.add(s.record().id());
            return s.record();
        }
        return fail("%s refused to create %s: %s", dir.name(), profile.email(), r);
    }

    private UserRecord created() {
        assume(Capability.CREATE);
        return create(newProfile(unique()));
    }

    private UserRecord stored(WriteResult r, String what) {
        if (r instanceof WriteResult.Stored s) {
            return s.record();
        }
        return fail("%s: expected the stored record, got %s", what, r);
    }

    private UserRecord fresh(NativeId id) {
        return dir.get(id).orElseThrow(() -> new AssertionError(dir.name() + ": get(" + id + ") is empty"));
    }

    /** A full read, with the number of pages it came on. */
    private record FullRead(List<UserRecord> users, int pages) {
        List<UserRecord> withId(NativeId id) {
            return users.stream().filter(u -> u.id().equals(id)).toList();
        }
    }

    private FullRead readEverything() {
        List<UserRecord> all = new ArrayList<>();
        int pages = 0;
        try (UserPages p = dir.readAll()) {
            for (Optional<UserPage> page = p.next(); page.isPresent(); page = p.next()) {
                all.addAll(page.get().users());
                pages++;
            }
        }
        return new FullRead(all, pages);
    }

    /** Every part {@code asked} sets is in {@code stored} as given: scalars equal, collections contained. */
    private void assertKeeps(UserProfile asked, UserProfile stored, String when) {
        String at = dir.name() + ", " + when + ": ";
        asked.email().ifPresent(e -> assertThat(stored.email()).as(at + "email").contains(e));
        asked.username().ifPresent(u -> assertThat(stored.username().map(Username::value)).as(at + "username, kept as given")
                .contains(u.value()));
        if (!asked.firstName().isEmpty()) {
            assertThat(stored.firstName()).as(at + "first name, kept as given").isEqualTo(asked.firstName());
        }
        if (!asked.lastName().isEmpty()) {
            assertThat(stored.lastName()).as(at + "last name, kept as given").isEqualTo(asked.lastName());
        }
        assertThat(stored.status()).as(at + "status").isEqualTo(asked.status());
        assertContainsAll(stored.roles(), asked.roles(), at + "roles, kept as given");
        assertContainsAll(stored.groups(), asked.groups(), at + "groups, kept as given");
        asked.attributes().forEach((name, value) -> assertThat(stored.attributes()).as(at + "attributes, kept as given")
                .containsEntry(name, value));
    }

    private static void assertContainsAll(Set<String> actual, Set<String> expected, String what) {
        if (!expected.isEmpty()) {
            assertThat(actual).as(what).containsAll(expected);
        }
    }

    private static void assertContainsNone(Set<String> actual, Set<String> unexpected, String what) {
        if (!unexpected.isEmpty()) {
            assertThat(actual).as(what).doesNotContainAnyElementsOf(unexpected);
        }
    }

    /** The same account as {@code expected}: same id and profile (the directory's own modification time aside). */
    private void assertSameAccount(UserRecord actual, UserRecord expected, String what) {
        assertThat(actual.id()).as(dir.name() + ", " + what + ": id").isEqualTo(expected.id());
        assertThat(actual.profile()).as(dir.name() + ", " + what + ": the record as stored (compare with get)")
                .isEqualTo(expected.profile());
    }

    private void assertNotFound(Supplier<WriteResult> write, String what) {
        WriteResult r;
        try {
            r = write.get();
        } catch (RosterSyncException e) {
            assertThat(e.kind()).as(dir.name() + ", " + what + " of an unknown id: the exception's kind").isEqualTo(FailureKind.NOT_FOUND);
            return;
        }
        assertThat(r).as(dir.name() + ", " + what + " of an unknown id").isInstanceOfSatisfying(WriteResult.Failed.class,
                f -> assertThat(f.failure().kind()).as(dir.name() + ", " + what + " of an unknown id: the failure's kind")
                        .isEqualTo(FailureKind.NOT_FOUND));
    }

    // ---- name and reads -----------------------------------------------------------------------

    @Test
    void declaresAName() {
        assertThat(dir.name()).isNotBlank();
    }

    @Test
    void fullReadListsEveryAccountOnce() {
        assume(Capability.READ);
        Set<NativeId> ids = new LinkedHashSet<>();
        for (UserRecord r : readEverything().users()) {
            assertThat(ids.add(r.id())).as("%s lists account %s twice in one read", dir.name(), r.id()).isTrue();
        }
    }

    @Test
    void aReadOverSeveralPagesListsEveryAccountOnce() {
        assume(Capability.READ);
        assume(Capability.CREATE);
        int pageSize = pageSize();
        List<UserRecord> made = new ArrayList<>();
        for (int i = 0; i < 2 * pageSize + 1; i++) {
            made.add(create(newProfile(unique())));
        }
        FullRead read = readEverything();
        for (UserRecord m : made) {
            assertThat(read.withId(m.id())).as("%s: account %s in a read of %d pages", dir.name(), m.id(), read.pages()).hasSize(1);
            assertSameAccount(read.withId(m.id()).get(0), fresh(m.id()), "the account in a full read");
        }
        Set<NativeId> ids = new LinkedHashSet<>();
        for (UserRecord r : read.users()) {
            assertThat(ids.add(r.id())).as("%s lists account %s twice in one read", dir.name(), r.id()).isTrue();
        }
        assumeTrue(read.pages() > 1, dir.name() + " returned all " + read.users().size() + " accounts on one page, so paging was"
                + " not exercised: build the directory with a page size of pageSize() (" + pageSize + ") or override pageSize()");
    }

    // ---- create and get -----------------------------------------------------------------------

    @Test
    void createReturnsTheStoredRecordWithEveryPartAsGiven() {
        assume(Capability.CREATE);
        UserProfile asked = newProfile(unique());
        UserRecord made = create(asked);
        assertThat(made.id().value()).as("the new account's id").isNotBlank();
        assertKeeps(asked, made.profile(), "the record create returned");
    }

    @Test
    void createdAccountIsReadBackAsCreatedByGetAndByAFullRead() {
        assume(Capability.READ);
        UserProfile asked = newProfile(unique());
        assume(Capability.CREATE);
        UserRecord made = create(asked);
        UserRecord got = fresh(made.id());
        assertKeeps(asked, got.profile(), "get after create");
        assertSameAccount(made, got, "the record create returned");
        List<UserRecord> listed = readEverything().withId(made.id());
        assertThat(listed).as("%s: the new account in a full read", dir.name()).hasSize(1);
        assertSameAccount(listed.get(0), got, "the account in a full read");
    }

    @Test
    void everyStatusACreateAcceptsIsKept() {
        assume(Capability.CREATE);
        Set<UserStatus> statuses = statusesOnCreate();
        assertThat(statuses).as("statusesOnCreate()").contains(UserStatus.ACTIVE);
        for (UserStatus status : statuses) {
            UserProfile asked = newProfile(unique()).toBuilder().status(status).build();
            UserRecord made = create(asked);
            assertThat(made.status()).as("%s: the status create returned for an account created %s", dir.name(), status)
                    .isEqualTo(status);
            if (declares(Capability.READ)) {
                assertThat(fresh(made.id()).status()).as("%s: the stored status of an account created %s", dir.name(), status)
                        .isEqualTo(status);
            }
        }
    }

    @Test
    void getReturnsTheAccountAskedForAndNoOther() {
        assume(Capability.READ);
        UserRecord first = created();
        UserRecord second = created();
        UserRecord third = created();
        for (UserRecord r : List.of(second, first, third)) {
            UserRecord got = fresh(r.id());
            assertSameAccount(got, r, "get(" + r.id() + ")");
        }
        assertThat(List.of(first.id(), second.id(), third.id())).as("ids of three new accounts").doesNotHaveDuplicates();
    }

    @Test
    void anUnknownIdIsNotFoundForEveryOperation() {
        NativeId unknown = unknownId();
        int before = declares(Capability.READ) ? readEverything().users().size() : -1;
        if (declares(Capability.READ)) {
            assertThat(dir.get(unknown)).as("%s: get of an unknown id", dir.name()).isEmpty();
        }
        if (declares(Capability.UPDATE)) {
            assertNotFound(() -> dir.update(unknown, UserPatch.builder().lastName("Nobody").build()), "update");
        }
        if (declares(Capability.DEACTIVATE)) {
            assertNotFound(() -> dir.deactivate(unknown), "deactivate");
        }
        if (declares(Capability.REACTIVATE)) {
            assertNotFound(() -> dir.reactivate(unknown), "reactivate");
        }
        if (declares(Capability.DELETE)) {
            assertNotFound(() -> dir.delete(unknown), "delete");
        }
        if (declares(Capability.READ)) {
            assertThat(dir.get(unknown)).as("%s: get of an unknown id after writes to it", dir.name()).isEmpty();
            assertThat(readEverything().users()).as("%s: accounts after writes to an unknown id", dir.name()).hasSize(before);
        }
    }

    @Test
    void aSecondCreateOfTheSamePersonIsAlreadyExistsAndCreatesNothing() {
        assume(Capability.CREATE);
        UserProfile profile = newProfile(unique());
        UserRecord first = create(profile);
        WriteResult again;
        try {
            again = dir.create(profile, CreateOptions.silent());
        } catch (RosterSyncException e) {
            assertThat(e.kind()).as("%s: the kind of a second create of the same person", dir.name()).isEqualTo(FailureKind.ALREADY_EXISTS);
            again = WriteResult.failed(FailureKind.ALREADY_EXISTS, String.valueOf(e.getMessage()));
        }
        if (again instanceof WriteResult.Stored s) {
            createdHere.add(s.record().id());
        }
        assertThat(again).as("%s: a second create of the same person", dir.name()).isInstanceOfSatisfying(WriteResult.Failed.class,
                f -> assertThat(f.failure().kind()).isEqualTo(FailureKind.ALREADY_EXISTS));
        if (declares(Capability.READ)) {
            assertThat(dir.findExisting(profile)).as("%s: findExisting names the account that holds the identity", dir.name())
                    .extracting(UserRecord::id).containsExactly(first.id());
            Optional<EmailAddress> email = profile.email();
            assertThat(readEverything().users()).filteredOn(u -> email.isPresent() && u.email().equals(email))
                    .as("%s: accounts with the email after a second create", dir.name()).hasSize(email.isPresent() ? 1 : 0);
        }
    }

    // ---- update -------------------------------------------------------------------------------

    @Test
    void updateChangesWhatThePatchSetsAndReturnsTheStoredRecord() {
        assume(Capability.UPDATE);
        assume(Capability.READ);
        UserRecord made = created();
        UserProfile before = fresh(made.id()).profile();
        UserPatch patch = updatePatch(before);

        UserRecord returned = stored(dir.update(made.id(), patch), "update");
        UserRecord after = fresh(made.id());
        assertSameAccount(returned, after, "the record update returned");
        assertPatched(before, patch, after.profile());

        UserRecord twice = stored(dir.update(made.id(), patch), "the same update again");
        assertSameAccount(twice, after, "the same update again");
        assertSameAccount(fresh(made.id()), after, "get after the same update again");
    }

    /** {@code after} has what {@code patch} set, lacks what it removed, and keeps everything else of {@code before}. */
    private void assertPatched(UserProfile before, UserPatch patch, UserProfile after) {
        String at = dir.name() + ", after update: ";
        assertThat(after.email()).as(at + "email").isEqualTo(patch.email().or(before::email));
        assertThat(after.username().map(Username::value)).as(at + "username")
                .isEqualTo(patch.username().or(before::username).map(Username::value));
        assertThat(after.firstName()).as(at + "first name").isEqualTo(patch.firstName().orElse(before.firstName()));
        assertThat(after.lastName()).as(at + "last name").isEqualTo(patch.lastName().orElse(before.lastName()));
        assertThat(after.status()).as(at + "status, which an update leaves alone").isEqualTo(before.status());
        TreeSet<String> roles = new TreeSet<>(before.roles());
        roles.removeAll(patch.removeRoles());
        assertContainsAll(after.roles(), roles, at + "roles kept");
        assertContainsAll(after.roles(), patch.addRoles(), at + "roles added");
        assertContainsNone(after.roles(), patch.removeRoles(), at + "roles removed");
        TreeSet<String> groups = new TreeSet<>(before.groups());
        groups.removeAll(patch.removeGroups());
        assertContainsAll(after.groups(), groups, at + "groups kept");
        assertContainsAll(after.groups(), patch.addGroups(), at + "groups joined");
        assertContainsNone(after.groups(), patch.removeGroups(), at + "groups left");
        TreeMap<String, String> attributes = new TreeMap<>(before.attributes());
        patch.removeAttributes().forEach(attributes::remove);
        attributes.putAll(patch.setAttributes());
        attributes.forEach((name, value) -> assertThat(after.attributes()).as(at + "attributes").containsEntry(name, value));
        assertContainsNone(after.attributes().keySet(), patch.removeAttributes(), at + "attributes removed");
    }

    @Test
    void updateChangesOnlyThePatchedFields() {
        assume(Capability.UPDATE);
        assume(Capability.READ);
        UserRecord made = created();
        UserRecord returned = stored(dir.update(made.id(), UserPatch.builder().lastName("Renamed").build()), "update");
        UserRecord after = fresh(made.id());
        assertSameAccount(returned, after, "the record update returned");
        assertThat(after.lastName()).isEqualTo("Renamed");
        assertThat(after.profile().toBuilder().lastName(made.lastName()).build())
                .as("%s: every field but the patched last name, after update", dir.name()).isEqualTo(made.profile());
    }

    @Test
    void updateOfUnknownAccountFailsForThatUserOnly() {
        assume(Capability.UPDATE);
        assertNotFound(() -> dir.update(unknownId(), UserPatch.builder().lastName("X").build()), "update");
    }

    // ---- deactivate, reactivate, delete -------------------------------------------------------

    @Test
    void deactivateSwitchesTheAccountOffAndKeepsTheRest() {
        assume(Capability.DEACTIVATE);
        assume(Capability.READ);
        UserRecord made = created();
        UserRecord other = created();
        UserRecord returned = stored(dir.deactivate(made.id()), "deactivate");
        UserRecord after = fresh(made.id());
        assertSameAccount(returned, after, "the record deactivate returned");
        assertThat(after.status().isDisabled()).as("%s: status after deactivate is disabled, was %s", dir.name(), after.status()).isTrue();
        assertThat(after.profile().toBuilder().status(made.status()).build())
                .as("%s: the rest of the account after deactivate", dir.name()).isEqualTo(made.profile());
        assertSameAccount(fresh(other.id()), other, "another account after deactivate");
        UserRecord again = stored(dir.deactivate(made.id()), "deactivating an inactive account");
        assertThat(again.status().isDisabled()).isTrue();
        assertThat(fresh(made.id()).status().isDisabled()).isTrue();
    }

    @Test
    void reactivateBringsADeactivatedAccountBackWithTheRestKept() {
        assume(Capability.DEACTIVATE);
        assume(Capability.REACTIVATE);
        assume(Capability.READ);
        UserRecord made = created();
        stored(dir.deactivate(made.id()), "deactivate");
        UserRecord returned = stored(dir.reactivate(made.id()), "reactivate");
        UserRecord after = fresh(made.id());
        assertSameAccount(returned, after, "the record reactivate returned");
        assertThat(after.status()).as("%s: status after reactivate", dir.name()).isEqualTo(UserStatus.ACTIVE);
        assertThat(after.profile()).as("%s: the account after deactivate and reactivate", dir.name()).isEqualTo(made.profile());
        UserRecord again = stored(dir.reactivate(made.id()), "reactivating an active account");
        assertThat(again.status()).isEqualTo(UserStatus.ACTIVE);
    }

    @Test
    void deleteRemovesThatAccountOnly() {
        assume(Capability.DELETE);
        assume(Capability.READ);
        UserRecord made = created();
        UserRecord other = created();
        UserRecord returned = stored(dir.delete(made.id()), "delete");
        assertThat(returned.id()).as("%s: delete returns the account as it was", dir.name()).isEqualTo(made.id());
        assertThat(dir.get(made.id())).as("%s: get after delete", dir.name()).isEmpty();
        FullRead read = readEverything();
        assertThat(read.withId(made.id())).as("%s: a full read after delete", dir.name()).isEmpty();
        assertThat(read.withId(other.id())).as("%s: another account after delete", dir.name()).hasSize(1);
        assertSameAccount(fresh(other.id()), other, "another account after delete");
    }

    // ---- look-ups -----------------------------------------------------------------------------

    private List<UserRecord> lookUp(UserLookup lookup) {
        UserLookupResult answer = answer(lookup);
        assertThat(answer.removed()).as("%s: look-up %s answers live and unknown accounts found or absent, never removed",
                dir.name(), lookup).isEmpty();
        return answer.found();
    }

    private UserLookupResult answer(UserLookup lookup) {
        UserLookupResult answer = dir.lookUp(lookup);
        assertThat(answer).as("%s: look-up %s answers", dir.name(), lookup).isNotNull();
        List<UserRecord> found = answer.found();
        assertThat(found).as("%s: look-up %s answers each account once", dir.name(), lookup)
                .extracting(UserRecord::id).doesNotHaveDuplicates();
        assertThat(found).as("%s: look-up %s answers only accounts it asked for", dir.name(), lookup)
                .allMatch(lookup::wants, "asked for");
        assertThat(answer.removed()).as("%s: look-up %s answers removed only ids it asked for", dir.name(), lookup)
                .isSubsetOf(lookup.ids());
        return answer;
    }

    @Test
    void lookUpAnswersADeletedAccountRemovedAndNeverFound() {
        assume(Capability.LOOKUP);
        assume(Capability.DELETE);
        UserRecord kept = created();
        UserRecord deleted = created();
        stored(dir.delete(deleted.id()), "delete before the look-up");
        createdHere.remove(deleted.id());
        UserLookupResult answer = answer(UserLookup.ofIds(List.of(kept.id(), deleted.id(), unknownId())));
        assertThat(answer.found()).extracting(UserRecord::id).as("%s: look-up of a live, a deleted and an unknown id", dir.name())
                .containsExactly(kept.id());
        if (remembersRemovedAccounts()) {
            assertThat(answer.removed()).as("%s: look-up answers the deleted account removed, and nobody else", dir.name())
                    .containsExactly(deleted.id());
        } else {
            assertThat(answer.removed()).as("%s: look-up answers nobody but the deleted account removed", dir.name())
                    .isSubsetOf(Set.of(deleted.id()));
        }
    }

    @Test
    void lookUpByIdsReturnsTheAccountsAskedForAndNoOther() {
        assume(Capability.LOOKUP);
        UserRecord first = created();
        UserRecord second = created();
        UserRecord third = created();
        List<UserRecord> found = lookUp(UserLookup.ofIds(List.of(third.id(), first.id(), unknownId())));
        assertThat(found).extracting(UserRecord::id).as("%s: look-up by two ids and an unknown one", dir.name())
                .containsExactlyInAnyOrder(first.id(), third.id());
        for (UserRecord r : found) {
            assertSameAccount(r, r.id().equals(first.id()) ? first : third, "look-up of " + r.id());
        }
        assertThat(found).extracting(UserRecord::id).doesNotContain(second.id());
    }

    @Test
    void lookUpByEmailAndByUsernameFindsTheAccountHoldingIt() {
        assume(Capability.LOOKUP);
        UserRecord first = created();
        UserRecord second = created();
        assumeTrue(first.email().isPresent() || first.username().isPresent(), dir.name() + " keeps neither emails nor usernames");
        if (first.email().isPresent()) {
            List<UserRecord> byEmail = lookUp(UserLookup.ofEmails(List.of(first.email().get())));
            assertThat(byEmail).extracting(UserRecord::id).as("%s: look-up by email", dir.name()).containsExactly(first.id());
            assertSameAccount(byEmail.get(0), first, "look-up by email");
        }
        if (first.username().isPresent()) {
            List<UserRecord> byUsername = lookUp(UserLookup.ofUsernames(List.of(first.username().get())));
            assertThat(byUsername).extracting(UserRecord::id).as("%s: look-up by username", dir.name()).containsExactly(first.id());
        }
        if (first.email().isPresent() && second.email().isPresent()) {
            List<UserRecord> both = lookUp(new UserLookup(Set.of(second.id()), Set.of(first.email().get()), Set.of()));
            assertThat(both).extracting(UserRecord::id).as("%s: look-up by one id and another's email", dir.name())
                    .containsExactlyInAnyOrder(first.id(), second.id());
        }
    }

    @Test
    void lookUpOfValuesNobodyHasIsEmpty() {
        assume(Capability.LOOKUP);
        created();
        String nobody = "nobody-" + unique();
        assertThat(lookUp(new UserLookup(Set.of(unknownId()), Set.of(EmailAddress.of(nobody + "@example.com")),
                Set.of(Username.of(nobody))))).as("%s: look-up of values nobody has", dir.name()).isEmpty();
    }

    @Test
    void lookUpOfMoreIdsThanOneRequestTakesFindsThemAll() {
        assume(Capability.LOOKUP);
        assume(Capability.CREATE);
        int count = lookUpBatchSize() + 1;
        List<NativeId> ids = new ArrayList<>();
        List<UserProfile> profiles = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            profiles.add(newProfile(unique()));
        }
        if (declares(Capability.BATCH_WRITE)) {
            for (int from = 0; from < count; from += dir.maxBatchSize()) {
                for (WriteResult r : dir.createAll(profiles.subList(from, Math.min(count, from + dir.maxBatchSize())), CreateOptions.silent())) {
                    UserRecord made = stored(r, "batch create for the look-up");
                    createdHere.add(made.id());
                    ids.add(made.id());
                }
            }
        } else {
            profiles.forEach(p -> ids.add(create(p).id()));
        }
        assertThat(lookUp(UserLookup.ofIds(ids))).extracting(UserRecord::id)
                .as("%s: look-up of %d ids, more than one request of %d takes", dir.name(), count, lookUpBatchSize())
                .containsExactlyInAnyOrderElementsOf(ids);
    }

    // ---- capabilities -------------------------------------------------------------------------

    @Test
    void anUndeclaredCapabilityThrowsTheTypedErrorAndChangesNothing() {
        Set<Capability> undeclared = EnumSet.noneOf(Capability.class);
        for (Capability c : CHECKED_WHEN_UNDECLARED) {
            if (!declares(c)) {
                undeclared.add(c);
            }
        }
        assumeFalse(undeclared.isEmpty(), dir.name() + " declares every capability");
        UserRecord account = null;
        if (declares(Capability.CREATE)) {
            account = created();
        } else if (declares(Capability.READ)) {
            account = readEverything().users().stream().findFirst().orElse(null);
        }
        NativeId id = account == null ? unknownId() : account.id();
        UserProfile profile = newProfile(unique());
        Map<Capability, Runnable> calls = new HashMap<>();
        calls.put(Capability.READ, () -> {
            try (UserPages pages = dir.readAll()) {
                pages.next();
            }
        });
        calls.put(Capability.INCREMENTAL_READ, () -> {
            try (UserPages pages = dir.readChanges(Cursor.of("contract-cursor"))) {
                pages.next();
            }
        });
        calls.put(Capability.CREATE, () -> dir.create(profile, CreateOptions.silent()));
        calls.put(Capability.UPDATE, () -> dir.update(id, UserPatch.builder().lastName("Undeclared").build()));
        calls.put(Capability.DEACTIVATE, () -> dir.deactivate(id));
        calls.put(Capability.REACTIVATE, () -> dir.reactivate(id));
        calls.put(Capability.DELETE, () -> dir.delete(id));
        calls.put(Capability.LOOKUP, () -> dir.lookUp(UserLookup.ofIds(List.of(id))));
        for (Capability c : undeclared) {
            assertThatThrownBy(Objects.requireNonNull(calls.get(c))::run).as("%s, which does not declare %s, asked for it", dir.name(), c)
                    .isInstanceOf(UnsupportedCapabilityException.class);
        }
        if (declares(Capability.READ)) {
            if (account != null) {
                assertSameAccount(fresh(account.id()), account, "an account after undeclared operations");
            }
            Optional<EmailAddress> email = profile.email();
            assertThat(readEverything().users()).filteredOn(u -> email.isPresent() && u.email().equals(email))
                    .as("%s: accounts made by an undeclared create", dir.name()).isEmpty();
        }
    }

    // ---- batches and incremental reads --------------------------------------------------------

    @Test
    void batchCreateGivesOneStoredResultPerProfileInOrder() {
        assume(Capability.BATCH_WRITE);
        assume(Capability.CREATE);
        List<UserProfile> profiles = List.of(newProfile(unique()), newProfile(unique()), newProfile(unique()));
        List<WriteResult> results = dir.createAll(profiles, CreateOptions.silent());
        for (WriteResult r : results) {
            if (r instanceof WriteResult.Stored s) {
                createdHere.add(s.record().id());
            }
        }
        assertThat(results).hasSize(3);
        for (int i = 0; i < 3; i++) {
            UserRecord made = stored(results.get(i), "batch create, profile " + i);
            assertKeeps(profiles.get(i), made.profile(), "batch create, profile " + i);
            if (declares(Capability.READ)) {
                assertSameAccount(made, fresh(made.id()), "batch create, profile " + i);
            }
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
