package io.rostersync.testkit.contracts;

import io.rostersync.model.Cursor;
import io.rostersync.model.NativeId;
import io.rostersync.model.UserPatch;
import io.rostersync.model.UserProfile;
import io.rostersync.model.UserRecord;
import io.rostersync.spi.Capability;
import io.rostersync.spi.CreateOptions;
import io.rostersync.spi.UserDirectory;
import io.rostersync.spi.UserPages;
import io.rostersync.spi.WriteResult;
import io.rostersync.testkit.InMemoryUserDirectory;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A directory that passes every call to an in-memory one; a test overrides the calls it changes (the contract
 * tests' deliberately broken directories, the engine tests' odd ones). Batches go through the SPI's defaults,
 * so they reach the overridden single writes.
 */
public class ForwardingUserDirectory implements UserDirectory {

    protected final InMemoryUserDirectory delegate;

    public ForwardingUserDirectory(InMemoryUserDirectory delegate) {
        this.delegate = delegate;
    }

    public ForwardingUserDirectory() {
        this(InMemoryUserDirectory.builder("broken").pageSize(2).build());
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public Set<Capability> capabilities() {
        return delegate.capabilities();
    }

    @Override
    public UserPages readAll() {
        return delegate.readAll();
    }

    @Override
    public UserPages readChanges(Cursor since) {
        return delegate.readChanges(since);
    }

    @Override
    public Optional<UserRecord> get(NativeId id) {
        return delegate.get(id);
    }

    @Override
    public io.rostersync.spi.UserLookupResult lookUp(io.rostersync.spi.UserLookup lookup) {
        return delegate.lookUp(lookup);
    }

    @Override
    public List<UserRecord> findExisting(UserProfile profile) {
        return delegate.findExisting(profile);
    }

    @Override
    public WriteResult create(UserProfile profile, CreateOptions options) {
        return delegate.create(profile, options);
    }

    @Override
    public WriteResult update(NativeId id, UserPatch patch) {
        return delegate.update(id, patch);
    }

    @Override
    public WriteResult deactivate(NativeId id) {
        return delegate.deactivate(id);
    }

    @Override
    public WriteResult reactivate(NativeId id) {
        return delegate.reactivate(id);
    }

    @Override
    public WriteResult delete(NativeId id) {
        return delegate.delete(id);
    }

    @Override
    public int maxBatchSize() {
        return delegate.maxBatchSize();
    }
}
