package io.rostersync.engine;

import io.rostersync.model.SyncId;
import io.rostersync.model.UserRecord;
import io.rostersync.plan.PlanMode;
import io.rostersync.spi.LicenseSnapshot;
import io.rostersync.spi.Links;
import io.rostersync.spi.UserPage;
import io.rostersync.spi.UserPages;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * What the {@link Reconciler} plans from. The source and target are read lazily, page by page, once each;
 * the target is indexed, the source streamed against the index. An incremental plan reads its change set
 * first; when it is empty the plan decides nothing and reads neither the target nor the license snapshots.
 * Single use, like its reads.
 */
public final class PlanInput {

    private final PlanMode mode;
    private final UserPages source;
    private final UserPages target;
    private final Links links;
    private Map<String, LicenseSnapshot> licenses;
    private @Nullable Supplier<List<LicenseSnapshot>> pendingLicenses;
    private final Instant now;
    private final String sourceName;
    private final String targetName;
    private final Optional<SyncId> syncId;

    private PlanInput(Builder b) {
        this.mode = b.mode;
        this.source = Objects.requireNonNull(b.source, "source");
        this.target = Objects.requireNonNull(b.target, "target");
        this.links = b.links;
        this.licenses = Map.copyOf(b.licenses);
        this.pendingLicenses = b.pendingLicenses;
        this.now = Objects.requireNonNull(b.now, "now");
        this.sourceName = b.sourceName;
        this.targetName = b.targetName;
        this.syncId = b.syncId;
    }

    public static Builder builder() {
        return new Builder();
    }

    public PlanMode mode() {
        return mode;
    }

    public UserPages source() {
        return source;
    }

    public UserPages target() {
        return target;
    }

    public Links links() {
        return links;
    }

    /** The license snapshots by license id; snapshots given as a supplier are taken on the first call. */
    public Map<String, LicenseSnapshot> licenses() {
        if (pendingLicenses != null) {
            Map<String, LicenseSnapshot> all = new LinkedHashMap<>(licenses);
            pendingLicenses.get().forEach(s -> all.put(s.licenseId(), s));
            licenses = Map.copyOf(all);
            pendingLicenses = null;
        }
        return licenses;
    }

    public Instant now() {
        return now;
    }

    public String sourceName() {
        return sourceName;
    }

    public String targetName() {
        return targetName;
    }

    /** The sync the plan is for, which the plan carries; empty when planning outside a sync. */
    public Optional<SyncId> syncId() {
        return syncId;
    }

    /** Builder; {@code source}, {@code target} and {@code now} are required. */
    public static final class Builder {
        private PlanMode mode = PlanMode.FULL;
        private @Nullable UserPages source;
        private @Nullable UserPages target;
        private Links links = Links.empty();
        private final Map<String, LicenseSnapshot> licenses = new LinkedHashMap<>();
        private @Nullable Supplier<List<LicenseSnapshot>> pendingLicenses;
        private @Nullable Instant now;
        private String sourceName = "source";
        private String targetName = "target";
        private Optional<SyncId> syncId = Optional.empty();

        private Builder() {
        }

        public Builder mode(PlanMode value) {
            mode = Objects.requireNonNull(value, "mode");
            return this;
        }

        public Builder source(UserPages value) {
            source = value;
            return this;
        }

        /** A complete source snapshot held in memory, as one page. */
        public Builder source(List<UserRecord> users) {
            return source(UserPages.of(List.of(UserPage.of(users))));
        }

        public Builder target(UserPages value) {
            target = value;
            return this;
        }

        public Builder target(List<UserRecord> users) {
            return target(UserPages.of(List.of(UserPage.of(users))));
        }

        public Builder links(Links value) {
            links = Objects.requireNonNull(value, "links");
            return this;
        }

        /** The snapshot of a license pool that a rule of the policy names; every such pool needs one. */
        public Builder license(LicenseSnapshot snapshot) {
            licenses.put(snapshot.licenseId(), snapshot);
            return this;
        }

        public Builder licenses(List<LicenseSnapshot> snapshots) {
            new ArrayList<>(snapshots).forEach(this::license);
            return this;
        }

        /**
         * Snapshots to take only when the plan needs them, at most once: a snapshot costs requests to the
         * vendor, and an incremental plan of an empty change set needs none.
         */
        public Builder licenses(Supplier<List<LicenseSnapshot>> snapshots) {
            pendingLicenses = Objects.requireNonNull(snapshots, "snapshots");
            return this;
        }

        public Builder now(Instant value) {
            now = value;
            return this;
        }

        public Builder names(String source, String target) {
            sourceName = Objects.requireNonNull(source, "source");
            targetName = Objects.requireNonNull(target, "target");
            return this;
        }

        /** The sync the plan is made for; a stored plan is applied to that sync only. */
        public Builder syncId(SyncId value) {
            syncId = Optional.of(value);
            return this;
        }

        public PlanInput build() {
            return new PlanInput(this);
        }
    }
}
