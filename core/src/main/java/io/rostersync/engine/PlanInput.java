package io.rostersync.engine;

import io.rostersync.internal.Planner;
import io.rostersync.model.SyncId;
import io.rostersync.model.UserRecord;
import io.rostersync.spi.LicenseSnapshot;
import io.rostersync.spi.Links;
import io.rostersync.spi.PlanMode;
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
 *
 * @since 0.1.0
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

    /**
     * A builder; {@code source}, {@code target} and {@code now} are required.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Whether the source is a full snapshot or a change set.
     *
     * @return the mode; {@link PlanMode#FULL} by default
     */
    public PlanMode mode() {
        return mode;
    }

    /**
     * The source's pages, read once.
     *
     * @return the source pages
     */
    public UserPages source() {
        return source;
    }

    /**
     * The target's pages, read once.
     *
     * @return the target pages
     */
    public UserPages target() {
        return target;
    }

    /**
     * The sync's stored links.
     *
     * @return the links; none by default
     */
    public Links links() {
        return links;
    }

    /**
     * The license snapshots by license id; snapshots given as a supplier are taken on the first call.
     *
     * @return the snapshots, by license id
     */
    public Map<String, LicenseSnapshot> licenses() {
        if (pendingLicenses != null) {
            Map<String, LicenseSnapshot> all = new LinkedHashMap<>(licenses);
            pendingLicenses.get().forEach(s -> all.put(s.licenseId(), s));
            licenses = Map.copyOf(all);
            pendingLicenses = null;
        }
        return licenses;
    }

    /**
     * The time the plan is made for; the engine reads no clock.
     *
     * @return the time
     */
    public Instant now() {
        return now;
    }

    /**
     * The source directory's name, as the plan records it.
     *
     * @return the name; {@code "source"} by default
     */
    public String sourceName() {
        return sourceName;
    }

    /**
     * The target directory's name, as the plan records it.
     *
     * @return the name; {@code "target"} by default
     */
    public String targetName() {
        return targetName;
    }

    /**
     * The sync the plan is for, which the plan carries; empty when planning outside a sync.
     *
     * @return the sync id, or empty
     */
    public Optional<SyncId> syncId() {
        return syncId;
    }

    /** The planner's view of this input. */
    Planner.Input forPlanner() {
        return new Planner.Input(mode, source, target, links, this::licenses, now, sourceName, targetName, syncId);
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

        /**
         * Sets whether the source is a full snapshot or a change set.
         *
         * @param value the mode
         * @return this builder
         */
        public Builder mode(PlanMode value) {
            mode = Objects.requireNonNull(value, "mode");
            return this;
        }

        /**
         * Sets the source's pages.
         *
         * @param value the pages, read once
         * @return this builder
         */
        public Builder source(UserPages value) {
            source = value;
            return this;
        }

        /**
         * A complete source snapshot held in memory, as one page.
         *
         * @param users the source's records
         * @return this builder
         */
        public Builder source(List<UserRecord> users) {
            return source(UserPages.of(List.of(UserPage.of(users))));
        }

        /**
         * Sets the target's pages.
         *
         * @param value the pages, read once
         * @return this builder
         */
        public Builder target(UserPages value) {
            target = value;
            return this;
        }

        /**
         * A complete target snapshot held in memory, as one page.
         *
         * @param users the target's records
         * @return this builder
         */
        public Builder target(List<UserRecord> users) {
            return target(UserPages.of(List.of(UserPage.of(users))));
        }

        /**
         * Sets the sync's stored links.
         *
         * @param value the links
         * @return this builder
         */
        public Builder links(Links value) {
            links = Objects.requireNonNull(value, "links");
            return this;
        }

        /**
         * The snapshot of a license pool that a rule of the policy names; every such pool needs one.
         *
         * @param snapshot the snapshot, known by its license id
         * @return this builder
         */
        public Builder license(LicenseSnapshot snapshot) {
            licenses.put(snapshot.licenseId(), snapshot);
            return this;
        }

        /**
         * Adds several license snapshots.
         *
         * @param snapshots the snapshots
         * @return this builder
         */
        public Builder licenses(List<LicenseSnapshot> snapshots) {
            new ArrayList<>(snapshots).forEach(this::license);
            return this;
        }

        /**
         * Snapshots to take only when the plan needs them, at most once: a snapshot costs requests to the
         * vendor, and an incremental plan of an empty change set needs none.
         *
         * @param snapshots the supplier, called at most once
         * @return this builder
         */
        public Builder licenses(Supplier<List<LicenseSnapshot>> snapshots) {
            pendingLicenses = Objects.requireNonNull(snapshots, "snapshots");
            return this;
        }

        /**
         * Sets the time the plan is made for.
         *
         * @param value the time
         * @return this builder
         */
        public Builder now(Instant value) {
            now = value;
            return this;
        }

        /**
         * Sets the directories' names.
         *
         * @param source the source directory's name
         * @param target the target directory's name
         * @return this builder
         */
        public Builder names(String source, String target) {
            sourceName = Objects.requireNonNull(source, "source");
            targetName = Objects.requireNonNull(target, "target");
            return this;
        }

        /**
         * The sync the plan is made for; a stored plan is applied to that sync only.
         *
         * @param value the sync id
         * @return this builder
         */
        public Builder syncId(SyncId value) {
            syncId = Optional.of(value);
            return this;
        }

        /**
         * Builds the input.
         *
         * @return the input, for one plan
         * @throws NullPointerException if the source, target or time is missing
         */
        public PlanInput build() {
            return new PlanInput(this);
        }
    }
}
