package io.rostersync.sandbox;

import io.rostersync.model.NativeId;
import io.rostersync.model.UserRecord;
import io.rostersync.spi.Capability;
import io.rostersync.spi.UserDirectory;
import io.rostersync.spi.UserPage;
import io.rostersync.spi.UserPages;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A source that silently stops after a fraction of its users, the way a vendor read can come back short
 * (a permission change, a proxy cutting the body, a half-written export). Used to show the deletion
 * guard. Read-only.
 */
final class TruncatedSource implements UserDirectory {

    private final UserDirectory real;
    private final int keep;

    TruncatedSource(UserDirectory real, int keep) {
        this.real = real;
        this.keep = keep;
    }

    @Override
    public String name() {
        return real.name() + " (truncated)";
    }

    @Override
    public Set<Capability> capabilities() {
        return Set.copyOf(EnumSet.of(Capability.READ));
    }

    @Override
    public UserPages readAll() {
        UserPages pages = real.readAll();
        return new UserPages() {
            private int served;

            @Override
            public Optional<UserPage> next() {
                if (served >= keep) {
                    return Optional.empty();
                }
                Optional<UserPage> page = pages.next();
                if (page.isEmpty()) {
                    return page;
                }
                List<UserRecord> users = page.get().users();
                List<UserRecord> kept = users.subList(0, Math.min(users.size(), keep - served));
                served += kept.size();
                return Optional.of(UserPage.of(kept));
            }

            @Override
            public void close() {
                pages.close();
            }
        };
    }

    @Override
    public Optional<UserRecord> get(NativeId id) {
        return real.get(id);
    }
}
