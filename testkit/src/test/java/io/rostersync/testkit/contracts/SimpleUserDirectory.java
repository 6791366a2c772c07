package io.rostersync.testkit.contracts;

import io.rostersync.model.NativeId;
import io.rostersync.model.UserPatch;
import io.rostersync.model.UserProfile;
import io.rostersync.model.UserRecord;
import io.rostersync.model.UserStatus;
import io.rostersync.spi.Capability;
import io.rostersync.spi.CreateOptions;
import io.rostersync.spi.FailureKind;
import io.rostersync.spi.UserDirectory;
import io.rostersync.spi.UserPage;
import io.rostersync.spi.UserPages;
import io.rostersync.spi.WriteResult;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * A small, honest directory written the way a host would write one over its own store: a map, pages of a
 * given size, unique emails and usernames, no incremental reads and no batches (so the contract's check of
 * undeclared capabilities runs on a correct directory too).
 */
final class SimpleUserDirectory implements UserDirectory {

    private final Map<NativeId, UserRecord> users = new LinkedHashMap<>();
    private final int pageSize;
    private int nextId = 1;

    SimpleUserDirectory(int pageSize) {
        this.pageSize = pageSize;
    }

    @Override
    public String name() {
        return "simple";
    }

    @Override
    public Set<Capability> capabilities() {
        return EnumSet.of(Capability.READ, Capability.CREATE, Capability.UPDATE, Capability.DEACTIVATE, Capability.REACTIVATE,
                Capability.DELETE);
    }

    @Override
    public UserPages readAll() {
        List<UserRecord> snapshot = List.copyOf(users.values());
        List<UserPage> pages = new ArrayList<>();
        for (int from = 0; from < snapshot.size(); from += pageSize) {
            pages.add(UserPage.of(snapshot.subList(from, Math.min(snapshot.size(), from + pageSize))));
        }
        return UserPages.of(pages);
    }

    @Override
    public Optional<UserRecord> get(NativeId id) {
        return Optional.ofNullable(users.get(id));
    }

    @Override
    public WriteResult create(UserProfile profile, CreateOptions options) {
        for (UserRecord u : users.values()) {
            if (profile.email().isPresent() && profile.email().equals(u.email())
                    || profile.username().isPresent() && u.username().isPresent()
                    && profile.username().get().matchKey().equals(u.username().get().matchKey())) {
                return WriteResult.failed(FailureKind.ALREADY_EXISTS, "email or username taken by " + u.id());
            }
        }
        UserRecord r = UserRecord.of(NativeId.of("s" + nextId++), profile);
        users.put(r.id(), r);
        return WriteResult.stored(r);
    }

    @Override
    public WriteResult update(NativeId id, UserPatch patch) {
        return change(id, patch::applyTo);
    }

    @Override
    public WriteResult deactivate(NativeId id) {
        return change(id, p -> p.toBuilder().status(UserStatus.INACTIVE).build());
    }

    @Override
    public WriteResult reactivate(NativeId id) {
        return change(id, p -> p.toBuilder().status(UserStatus.ACTIVE).build());
    }

    @Override
    public WriteResult delete(NativeId id) {
        UserRecord gone = users.remove(id);
        return gone == null ? WriteResult.failed(FailureKind.NOT_FOUND, "no account " + id) : WriteResult.stored(gone);
    }

    private WriteResult change(NativeId id, UnaryOperator<UserProfile> how) {
        UserRecord r = users.get(id);
        if (r == null) {
            return WriteResult.failed(FailureKind.NOT_FOUND, "no account " + id);
        }
        UserRecord next = r.withProfile(how.apply(r.profile()));
        users.put(id, next);
        return WriteResult.stored(next);
    }
}
