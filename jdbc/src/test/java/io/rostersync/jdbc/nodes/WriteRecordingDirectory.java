package io.rostersync.jdbc.nodes;

import io.rostersync.model.Cursor;
import io.rostersync.model.NativeId;
import io.rostersync.model.UserPatch;
import io.rostersync.model.UserProfile;
import io.rostersync.model.UserRecord;
import io.rostersync.spi.Capability;
import io.rostersync.spi.CreateOptions;
import io.rostersync.spi.UpdateRequest;
import io.rostersync.spi.UserDirectory;
import io.rostersync.spi.UserLookup;
import io.rostersync.spi.UserLookupResult;
import io.rostersync.spi.UserPages;
import io.rostersync.spi.WriteResult;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A host directory that forwards everything to the host's own and tells a listener of every account a write
 * stored, on the writing thread, before the write returns: the moment the host has the change. The real-time
 * chaos harness checks each write against the vendor then (a write making active a user the vendor has
 * deactivated is a user brought back); the freshness benchmark stops its clock there.
 */
public final class WriteRecordingDirectory implements UserDirectory {

    private final UserDirectory host;
    private final Consumer<UserRecord> onWrite;

    public WriteRecordingDirectory(UserDirectory host, Consumer<UserRecord> onWrite) {
        this.host = host;
        this.onWrite = onWrite;
    }

    private WriteResult told(WriteResult r) {
        if (r instanceof WriteResult.Stored stored) {
            onWrite.accept(stored.record());
        }
        return r;
    }

    private List<WriteResult> told(List<WriteResult> rs) {
        rs.forEach(this::told);
        return rs;
    }

    @Override
    public String name() {
        return host.name();
    }

    @Override
    public Set<Capability> capabilities() {
        return host.capabilities();
    }

    @Override
    public UserPages readAll() {
        return host.readAll();
    }

    @Override
    public UserPages readChanges(Cursor since) {
        return host.readChanges(since);
    }

    @Override
    public Optional<UserRecord> get(NativeId id) {
        return host.get(id);
    }

    @Override
    public UserLookupResult lookUp(UserLookup lookup) {
        return host.lookUp(lookup);
    }

    @Override
    public List<UserRecord> findExisting(UserProfile profile) {
        return host.findExisting(profile);
    }

    @Override
    public WriteResult create(UserProfile profile, CreateOptions options) {
        return told(host.create(profile, options));
    }

    @Override
    public WriteResult update(NativeId id, UserPatch patch) {
        return told(host.update(id, patch));
    }

    @Override
    public WriteResult deactivate(NativeId id) {
        return told(host.deactivate(id));
    }

    @Override
    public WriteResult reactivate(NativeId id) {
        return told(host.reactivate(id));
    }

    @Override
    public WriteResult delete(NativeId id) {
        return told(host.delete(id));
    }

    @Override
    public int maxBatchSize() {
        return host.maxBatchSize();
    }

    @Override
    public List<WriteResult> createAll(List<UserProfile> profiles, CreateOptions options) {
        return told(host.createAll(profiles, options));
    }

    @Override
    public List<WriteResult> updateAll(List<UpdateRequest> updates) {
        return told(host.updateAll(updates));
    }
}
