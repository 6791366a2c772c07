package io.rostersync.testkit.contracts;

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
import io.rostersync.testkit.InMemoryUserDirectory;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Directories with one deliberate bug each, and the contract checks that must catch it. Each is the in-memory
 * directory (2 accounts per page) with one call done wrong, the way a host's own directory goes wrong.
 */
enum BrokenUserDirectories {

    STORES_A_PENDING_CREATE_AS_ACTIVE(BrokenUserDirectories::pendingCreatedActive, "everyStatusACreateAcceptsIsKept"),
    DROPS_ROLES_GROUPS_AND_ATTRIBUTES_ON_CREATE(BrokenUserDirectories::dropsCollectionsOnCreate,
            "createReturnsTheStoredRecordWithEveryPartAsGiven", "createdAccountIsReadBackAsCreatedByGetAndByAFullRead"),
    UPDATE_IGNORES_ROLES_AND_ATTRIBUTES(BrokenUserDirectories::updateIgnoresRolesAndAttributes,
            "updateChangesWhatThePatchSetsAndReturnsTheStoredRecord"),
    UPDATE_RETURNS_THE_STALE_RECORD(BrokenUserDirectories::updateReturnsStaleRecord,
            "updateChangesWhatThePatchSetsAndReturnsTheStoredRecord", "updateChangesOnlyThePatchedFields"),
    UPDATE_CLEARS_WHAT_THE_PATCH_DOES_NOT_NAME(BrokenUserDirectories::updateReplacesAttributes,
            "updateChangesOnlyThePatchedFields", "updateChangesWhatThePatchSetsAndReturnsTheStoredRecord"),
    READS_ONLY_THE_FIRST_PAGE(BrokenUserDirectories::readsOnlyFirstPage, "aReadOverSeveralPagesListsEveryAccountOnce"),
    REPEATS_A_USER_ACROSS_PAGES(BrokenUserDirectories::repeatsAcrossPages, "aReadOverSeveralPagesListsEveryAccountOnce"),
    GET_RETURNS_ANOTHER_USERS_RECORD(BrokenUserDirectories::getOffByOne, "getReturnsTheAccountAskedForAndNoOther"),
    DELETE_DOES_NOTHING(BrokenUserDirectories::deleteDoesNothing, "deleteRemovesThatAccountOnly"),
    DEACTIVATE_DOES_NOTHING(BrokenUserDirectories::deactivateDoesNothing, "deactivateSwitchesTheAccountOffAndKeepsTheRest"),
    DEACTIVATE_DROPS_ROLES(BrokenUserDirectories::deactivateDropsRoles, "deactivateSwitchesTheAccountOffAndKeepsTheRest",
            "reactivateBringsADeactivatedAccountBackWithTheRestKept"),
    REACTIVATE_DOES_NOTHING(BrokenUserDirectories::reactivateDoesNothing, "reactivateBringsADeactivatedAccountBackWithTheRestKept"),
    A_DUPLICATE_CREATE_MAKES_A_SECOND_ACCOUNT(BrokenUserDirectories::duplicatesAllowed,
            "aSecondCreateOfTheSamePersonIsAlreadyExistsAndCreatesNothing"),
    AN_UNKNOWN_ID_RETURNS_SOMETHING(BrokenUserDirectories::unknownIdReturnsSomething, "anUnknownIdIsNotFoundForEveryOperation",
            "updateOfUnknownAccountFailsForThatUserOnly"),
    AN_UNKNOWN_ID_THROWS_AN_UNTYPED_ERROR(BrokenUserDirectories::unknownIdThrowsUntyped, "anUnknownIdIsNotFoundForEveryOperation",
            "updateOfUnknownAccountFailsForThatUserOnly"),
    AN_UNDECLARED_CAPABILITY_DOES_SOMETHING(BrokenUserDirectories::undeclaredDeleteDeletes,
            "anUndeclaredCapabilityThrowsTheTypedErrorAndChangesNothing"),
    AN_UNDECLARED_CAPABILITY_THROWS_AN_UNTYPED_ERROR(BrokenUserDirectories::undeclaredThrowsUntyped,
            "anUndeclaredCapabilityThrowsTheTypedErrorAndChangesNothing"),
    LOWER_CASES_NAMES_AND_USERNAMES(BrokenUserDirectories::lowerCases, "createReturnsTheStoredRecordWithEveryPartAsGiven"),
    TRIMS_ATTRIBUTE_VALUES(BrokenUserDirectories::trimsAttributes, "createReturnsTheStoredRecordWithEveryPartAsGiven"),
    LOOK_UP_RETURNS_EVERYONE(BrokenUserDirectories::lookUpReturnsEveryone, "lookUpByIdsReturnsTheAccountsAskedForAndNoOther",
            "lookUpOfValuesNobodyHasIsEmpty"),
    LOOK_UP_RETURNS_ANOTHER_USERS_RECORD(BrokenUserDirectories::lookUpOffByOne, "lookUpByIdsReturnsTheAccountsAskedForAndNoOther",
            "lookUpByEmailAndByUsernameFindsTheAccountHoldingIt"),
    LOOK_UP_ASKS_ONLY_THE_FIRST_BATCH(BrokenUserDirectories::lookUpFirstBatchOnly, "lookUpOfMoreIdsThanOneRequestTakesFindsThemAll"),
    LOOK_UP_REPEATS_AN_ACCOUNT(BrokenUserDirectories::lookUpRepeats, "lookUpByIdsReturnsTheAccountsAskedForAndNoOther",
            "lookUpByEmailAndByUsernameFindsTheAccountHoldingIt"),
    LOOK_UP_ANSWERS_ABSENT_IDS_REMOVED(BrokenUserDirectories::lookUpAbsentAsRemoved, "lookUpByIdsReturnsTheAccountsAskedForAndNoOther",
            "lookUpOfValuesNobodyHasIsEmpty", "lookUpAnswersADeletedAccountRemovedAndNeverFound"),
    LOOK_UP_ANSWERS_A_DELETED_ACCOUNT_ABSENT(BrokenUserDirectories::lookUpForgetsRemoved, "lookUpAnswersADeletedAccountRemovedAndNeverFound"),
    LOOK_UP_ANSWERS_A_DELETED_ACCOUNT_FOUND(BrokenUserDirectories::lookUpFindsDeleted, "lookUpAnswersADeletedAccountRemovedAndNeverFound");

    private final Supplier<UserDirectory> factory;
    private final List<String> caughtBy;

    BrokenUserDirectories(Supplier<UserDirectory> factory, String... caughtBy) {
        this.factory = factory;
        this.caughtBy = List.of(caughtBy);
    }

    UserDirectory newDirectory() {
        return factory.get();
    }

    /** The contract checks that must fail on this directory (others may fail too). */
    List<String> caughtBy() {
        return caughtBy;
    }

    private static UserDirectory pendingCreatedActive() {
        return new ForwardingUserDirectory() {
            @Override
            public WriteResult create(UserProfile profile, CreateOptions options) {
                UserProfile p = profile.status() == UserStatus.PENDING ? profile.toBuilder().status(UserStatus.ACTIVE).build() : profile;
                return super.create(p, options);
            }
        };
    }

    private static UserDirectory dropsCollectionsOnCreate() {
        return new ForwardingUserDirectory() {
            @Override
            public WriteResult create(UserProfile profile, CreateOptions options) {
                return super.create(profile.toBuilder().roles(List.of()).groups(List.of()).attributes(Map.of()).build(), options);
            }
        };
    }

    private static UserDirectory updateIgnoresRolesAndAttributes() {
        return new ForwardingUserDirectory() {
            @Override
            public WriteResult update(NativeId id, UserPatch patch) {
                return super.update(id, new UserPatch(patch.email(), patch.username(), patch.firstName(), patch.lastName(),
                        new java.util.TreeSet<>(), new java.util.TreeSet<>(), patch.addGroups(), patch.removeGroups(),
                        new TreeMap<>(), new java.util.TreeSet<>()));
            }
        };
    }

    private static UserDirectory updateReturnsStaleRecord() {
        return new ForwardingUserDirectory() {
            @Override
            public WriteResult update(NativeId id, UserPatch patch) {
                Optional<UserRecord> before = delegate.get(id);
                WriteResult r = super.update(id, patch);
                return before.isPresent() && r instanceof WriteResult.Stored ? WriteResult.stored(before.get()) : r;
            }
        };
    }

    /** Treats the patch's attributes as the whole set, as a careless PUT does. */
    private static UserDirectory updateReplacesAttributes() {
        return new ForwardingUserDirectory() {
            @Override
            public WriteResult update(NativeId id, UserPatch patch) {
                Optional<UserRecord> before = delegate.get(id);
                if (before.isEmpty()) {
                    return super.update(id, patch);
                }
                UserProfile next = patch.applyTo(before.get().profile()).toBuilder().attributes(patch.setAttributes()).build();
                return WriteResult.stored(delegate.put(before.get().withProfile(next)));
            }
        };
    }

    private static UserDirectory readsOnlyFirstPage() {
        return new ForwardingUserDirectory() {
            @Override
            public UserPages readAll() {
                try (UserPages all = super.readAll()) {
                    return UserPages.of(all.next().map(List::of).orElse(List.of()));
                }
            }
        };
    }

    private static UserDirectory repeatsAcrossPages() {
        return new ForwardingUserDirectory() {
            @Override
            public UserPages readAll() {
                List<UserPage> pages = new ArrayList<>();
                UserRecord last = null;
                try (UserPages all = super.readAll()) {
                    for (Optional<UserPage> p = all.next(); p.isPresent(); p = all.next()) {
                        List<UserRecord> users = new ArrayList<>();
                        if (last != null) {
                            users.add(last); // an offset that overlaps by one
                        }
                        users.addAll(p.get().users());
                        if (!p.get().users().isEmpty()) {
                            last = p.get().users().get(p.get().users().size() - 1);
                        }
                        pages.add(UserPage.of(users));
                    }
                }
                return UserPages.of(pages);
            }
        };
    }

    /** Answers every id asked for and not found as removed, as a client that takes a 404 for a deletion would. */
    private static UserDirectory lookUpAbsentAsRemoved() {
        return new ForwardingUserDirectory() {
            @Override
            public io.rostersync.spi.UserLookupResult lookUp(io.rostersync.spi.UserLookup lookup) {
                io.rostersync.spi.UserLookupResult honest = delegate.lookUp(lookup);
                Set<NativeId> removed = new java.util.TreeSet<>(lookup.ids());
                honest.found().forEach(r -> removed.remove(r.id()));
                return new io.rostersync.spi.UserLookupResult(honest.found(), removed);
            }
        };
    }

    /** Answers nothing removed, though it remembers what it deleted, as a client that drops deleted users would. */
    private static UserDirectory lookUpForgetsRemoved() {
        return new ForwardingUserDirectory() {
            @Override
            public io.rostersync.spi.UserLookupResult lookUp(io.rostersync.spi.UserLookup lookup) {
                return io.rostersync.spi.UserLookupResult.found(delegate.lookUp(lookup).found());
            }
        };
    }

    /** Answers a deleted account as a live one (its last record), as a client that ignores {@code active: false} would. */
    private static UserDirectory lookUpFindsDeleted() {
        Map<NativeId, UserRecord> lastSeen = new java.util.concurrent.ConcurrentHashMap<>();
        return new ForwardingUserDirectory() {
            @Override
            public WriteResult delete(NativeId id) {
                delegate.get(id).ifPresent(r -> lastSeen.put(id, r));
                return delegate.delete(id);
            }

            @Override
            public io.rostersync.spi.UserLookupResult lookUp(io.rostersync.spi.UserLookup lookup) {
                io.rostersync.spi.UserLookupResult honest = delegate.lookUp(lookup);
                List<UserRecord> found = new ArrayList<>(honest.found());
                honest.removed().forEach(id -> java.util.Optional.ofNullable(lastSeen.get(id)).ifPresent(found::add));
                return io.rostersync.spi.UserLookupResult.found(found);
            }
        };
    }

    /** Answers a look-up with every account it has, as a search that ignored its filter would. */
    private static UserDirectory lookUpReturnsEveryone() {
        return new ForwardingUserDirectory() {
            @Override
            public io.rostersync.spi.UserLookupResult lookUp(io.rostersync.spi.UserLookup lookup) {
                return io.rostersync.spi.UserLookupResult.found(delegate.all());
            }
        };
    }

    /** Answers each account found with the one before it in the id order. */
    private static UserDirectory lookUpOffByOne() {
        return new ForwardingUserDirectory() {
            @Override
            public io.rostersync.spi.UserLookupResult lookUp(io.rostersync.spi.UserLookup lookup) {
                List<UserRecord> all = delegate.all();
                List<UserRecord> out = new ArrayList<>();
                for (int i = 0; i < all.size(); i++) {
                    if (lookup.wants(all.get(i))) {
                        out.add(all.get(Math.max(0, i - 1)));
                    }
                }
                return io.rostersync.spi.UserLookupResult.found(out);
            }
        };
    }

    /** Sends only the first request of two ids and forgets the rest, as a client that pages its look-up wrongly. */
    private static UserDirectory lookUpFirstBatchOnly() {
        return new ForwardingUserDirectory() {
            @Override
            public io.rostersync.spi.UserLookupResult lookUp(io.rostersync.spi.UserLookup lookup) {
                List<NativeId> first = lookup.ids().stream().limit(2).toList();
                return first.isEmpty() ? delegate.lookUp(lookup)
                        : delegate.lookUp(new io.rostersync.spi.UserLookup(Set.copyOf(first), lookup.emails(), lookup.usernames()));
            }
        };
    }

    /** Answers every account twice, as a client that merges two overlapping requests would. */
    private static UserDirectory lookUpRepeats() {
        return new ForwardingUserDirectory() {
            @Override
            public io.rostersync.spi.UserLookupResult lookUp(io.rostersync.spi.UserLookup lookup) {
                io.rostersync.spi.UserLookupResult once = delegate.lookUp(lookup);
                List<UserRecord> twice = new ArrayList<>(once.found());
                twice.addAll(once.found());
                return new io.rostersync.spi.UserLookupResult(twice, once.removed());
            }
        };
    }

    /** Looks the id up one place too far back in the id order. */
    private static UserDirectory getOffByOne() {
        return new ForwardingUserDirectory() {
            @Override
            public Optional<UserRecord> get(NativeId id) {
                List<UserRecord> all = delegate.all();
                for (int i = 0; i < all.size(); i++) {
                    if (all.get(i).id().equals(id)) {
                        return Optional.of(all.get(Math.max(0, i - 1)));
                    }
                }
                return Optional.empty();
            }
        };
    }

    private static UserDirectory deleteDoesNothing() {
        return new ForwardingUserDirectory() {
            @Override
            public WriteResult delete(NativeId id) {
                return delegate.get(id).map(WriteResult::stored).orElseGet(() -> super.delete(id));
            }
        };
    }

    private static UserDirectory deactivateDoesNothing() {
        return new ForwardingUserDirectory() {
            @Override
            public WriteResult deactivate(NativeId id) {
                return delegate.get(id).map(WriteResult::stored).orElseGet(() -> super.deactivate(id));
            }
        };
    }

    private static UserDirectory deactivateDropsRoles() {
        return new ForwardingUserDirectory() {
            @Override
            public WriteResult deactivate(NativeId id) {
                Optional<UserRecord> r = delegate.get(id);
                if (r.isEmpty()) {
                    return super.deactivate(id);
                }
                return WriteResult.stored(delegate.put(r.get().withProfile(
                        r.get().profile().toBuilder().status(UserStatus.INACTIVE).roles(List.of()).build())));
            }
        };
    }

    private static UserDirectory reactivateDoesNothing() {
        return new ForwardingUserDirectory() {
            @Override
            public WriteResult reactivate(NativeId id) {
                return delegate.get(id).map(WriteResult::stored).orElseGet(() -> super.reactivate(id));
            }
        };
    }

    private static UserDirectory duplicatesAllowed() {
        return InMemoryUserDirectory.builder("no-unique-keys").pageSize(2).uniqueEmails(false).uniqueUsernames(false).build();
    }

    private static UserDirectory unknownIdReturnsSomething() {
        return new ForwardingUserDirectory() {
            @Override
            public Optional<UserRecord> get(NativeId id) {
                return super.get(id).or(() -> delegate.all().stream().findFirst());
            }

            @Override
            public WriteResult update(NativeId id, UserPatch patch) {
                return delegate.get(id).isPresent() ? super.update(id, patch)
                        : WriteResult.stored(UserRecord.of(id, UserProfile.builder().lastName("Nobody").build()));
            }
        };
    }

    private static UserDirectory unknownIdThrowsUntyped() {
        return new ForwardingUserDirectory() {
            @Override
            public WriteResult update(NativeId id, UserPatch patch) {
                if (delegate.get(id).isEmpty()) {
                    throw new IllegalStateException("row not found: " + id);
                }
                return super.update(id, patch);
            }
        };
    }

    private static UserDirectory undeclaredDeleteDeletes() {
        return new ForwardingUserDirectory() {
            @Override
            public Set<Capability> capabilities() {
                Set<Capability> c = EnumSet.copyOf(super.capabilities());
                c.remove(Capability.DELETE);
                return c;
            }
        };
    }

    private static UserDirectory undeclaredThrowsUntyped() {
        return new ForwardingUserDirectory() {
            @Override
            public Set<Capability> capabilities() {
                Set<Capability> c = EnumSet.copyOf(super.capabilities());
                c.remove(Capability.REACTIVATE);
                return c;
            }

            @Override
            public WriteResult reactivate(NativeId id) {
                throw new UnsupportedOperationException("reactivate");
            }
        };
    }

    private static UserDirectory lowerCases() {
        return new ForwardingUserDirectory() {
            @Override
            public WriteResult create(UserProfile profile, CreateOptions options) {
                UserProfile.Builder b = profile.toBuilder().firstName(profile.firstName().toLowerCase(Locale.ROOT))
                        .lastName(profile.lastName().toLowerCase(Locale.ROOT));
                profile.username().ifPresent(u -> b.username(u.value().toLowerCase(Locale.ROOT)));
                return super.create(b.build(), options);
            }
        };
    }

    private static UserDirectory trimsAttributes() {
        return new ForwardingUserDirectory() {
            @Override
            public WriteResult create(UserProfile profile, CreateOptions options) {
                TreeMap<String, String> trimmed = new TreeMap<>();
                profile.attributes().forEach((k, v) -> trimmed.put(k, v.strip()));
                return super.create(profile.toBuilder().attributes(trimmed).build(), options);
            }
        };
    }
}
