package io.rostersync.policy;

import io.rostersync.model.UserRecord;
import io.rostersync.spi.IdentityMatcher;
import io.rostersync.spi.RoleToPermissionMapper;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Everything a sync decides by: who is in scope, how people are matched, what happens to unmatched,
 * gone and out-of-scope users, which fields the source owns, permissions, licenses and the deletion
 * guard. Immutable; build with {@link #builder()}.
 *
 * <p>Defaults: all users in scope; match by link, then email; unmatched users created active; gone and
 * out-of-scope users deactivated (never deleted); names and email owned by the source, username only
 * when empty, roles, groups and attributes not owned; reactivate only what the sync deactivated; not
 * authoritative; no notification on create; {@link DeletionGuard#defaults()}; {@link RecordLimits#defaults()}.
 *
 * @since 0.1.0
 */
public final class SyncPolicy {

    private final Scope scope;
    private final IdentityMatcher matcher;
    private final ProfileMapper profileMapper;
    private final UnmatchedAction onUnmatched;
    private final Deprovision onGone;
    private final Deprovision onOutOfScope;
    private final Reactivation reactivation;
    private final Map<Field, Ownership> ownership;
    private final Map<String, Ownership> attributeOwnership;
    private final boolean authoritative;
    private final Scope protectedTargets;
    private final boolean notifyOnCreate;
    private final DeletionGuard deletionGuard;
    private final Optional<RoleToPermissionMapper> permissionMapper;
    private final Optional<Function<UserRecord, String>> permissionProduct;
    private final List<LicenseRule> licenseRules;
    private final RecordLimits recordLimits;
    private final String version;

    private SyncPolicy(Builder b) {
        this.scope = b.scope;
        this.matcher = b.matcher;
        this.profileMapper = b.profileMapper;
        this.onUnmatched = b.onUnmatched;
        this.onGone = b.onGone;
        this.onOutOfScope = b.onOutOfScope;
        this.reactivation = b.reactivation;
        this.ownership = Collections.unmodifiableMap(new EnumMap<>(b.ownership));
        this.attributeOwnership = Collections.unmodifiableMap(new TreeMap<>(b.attributeOwnership));
        this.authoritative = b.authoritative;
        this.protectedTargets = b.protectedTargets;
        this.notifyOnCreate = b.notifyOnCreate;
        this.deletionGuard = b.deletionGuard;
        this.permissionMapper = b.permissionMapper;
        this.permissionProduct = b.permissionProduct;
        this.licenseRules = List.copyOf(b.licenseRules);
        this.recordLimits = b.recordLimits;
        this.version = b.version;
    }

    /**
     * A builder holding the defaults.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The default policy.
     *
     * @return the defaults
     */
    public static SyncPolicy defaults() {
        return builder().build();
    }

    /**
     * A builder holding this policy's values.
     *
     * @return a new builder; changing it leaves this policy as it is
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.scope = scope;
        b.matcher = matcher;
        b.profileMapper = profileMapper;
        b.onUnmatched = onUnmatched;
        b.onGone = onGone;
        b.onOutOfScope = onOutOfScope;
        b.reactivation = reactivation;
        b.ownership.putAll(ownership);
        b.attributeOwnership.putAll(attributeOwnership);
        b.authoritative = authoritative;
        b.protectedTargets = protectedTargets;
        b.notifyOnCreate = notifyOnCreate;
        b.deletionGuard = deletionGuard;
        b.permissionMapper = permissionMapper;
        b.permissionProduct = permissionProduct;
        b.licenseRules.addAll(licenseRules);
        b.recordLimits = recordLimits;
        b.version = version;
        return b;
    }

    /**
     * Who is in scope.
     *
     * @return the scope; {@link Scope#all()} by default
     */
    public Scope scope() {
        return scope;
    }

    /**
     * How source users are matched to target accounts.
     *
     * @return the matcher; {@link IdentityMatchers#defaults()} by default
     */
    public IdentityMatcher matcher() {
        return matcher;
    }

    /**
     * How a source record becomes the target profile.
     *
     * @return the mapper; {@link ProfileMapper#identity()} by default
     */
    public ProfileMapper profileMapper() {
        return profileMapper;
    }

    /**
     * What happens to a source user with no target account.
     *
     * @return the action; {@link UnmatchedAction#CREATE_ACTIVE} by default
     */
    public UnmatchedAction onUnmatched() {
        return onUnmatched;
    }

    /**
     * What happens to the target account of a source user who is gone.
     *
     * @return the deprovision; {@link Deprovision#DEACTIVATE} by default
     */
    public Deprovision onGone() {
        return onGone;
    }

    /**
     * What happens to the target account of a source user who left the scope.
     *
     * @return the deprovision; {@link Deprovision#DEACTIVATE} by default
     */
    public Deprovision onOutOfScope() {
        return onOutOfScope;
    }

    /**
     * Which deactivated target accounts an active source user brings back.
     *
     * @return the reactivation; {@link Reactivation#IF_DEACTIVATED_BY_SYNC} by default
     */
    public Reactivation reactivation() {
        return reactivation;
    }

    /**
     * Who owns a profile field.
     *
     * @param field the field
     * @return its ownership
     */
    public Ownership ownership(Field field) {
        Ownership value = ownership.get(field);
        if (value == null) {
            throw new IllegalStateException("no ownership for " + field + "; the builder sets one for every field");
        }
        return value;
    }

    /**
     * Ownership of a free attribute; {@link Ownership#NEVER} unless configured.
     *
     * @param attribute the attribute's name
     * @return its ownership
     */
    public Ownership attributeOwnership(String attribute) {
        return attributeOwnership.getOrDefault(attribute, Ownership.NEVER);
    }

    /**
     * Attributes with an explicit ownership.
     *
     * @return attribute name to ownership, unmodifiable
     */
    public Map<String, Ownership> ownedAttributes() {
        return attributeOwnership;
    }

    /**
     * Whether target accounts nobody in the source accounts for are deprovisioned too.
     *
     * @return {@code false} by default
     */
    public boolean authoritative() {
        return authoritative;
    }

    /**
     * Target accounts an authoritative sync never deprovisions (the owner running the upload, say).
     *
     * @return the protected accounts; nobody by default
     */
    public Scope protectedTargets() {
        return protectedTargets;
    }

    /**
     * Whether creates let the directory notify the person.
     *
     * @return {@code false} by default
     */
    public boolean notifyOnCreate() {
        return notifyOnCreate;
    }

    /**
     * What holds a plan's deprovisions back.
     *
     * @return the guard; {@link DeletionGuard#defaults()} by default
     */
    public DeletionGuard deletionGuard() {
        return deletionGuard;
    }

    /**
     * How source roles become target permissions.
     *
     * @return the mapper, or empty when the sync manages no permissions
     */
    public Optional<RoleToPermissionMapper> permissionMapper() {
        return permissionMapper;
    }

    /**
     * The product a user's permissions are decided for: the configured function, else the license the
     * user holds under the first matching license rule, else {@code "default"}.
     *
     * @return the function, or empty to use the license or {@code "default"}
     */
    public Optional<Function<UserRecord, String>> permissionProduct() {
        return permissionProduct;
    }

    /**
     * Who gets which license seat.
     *
     * @return the rules, unmodifiable, one per license
     */
    public List<LicenseRule> licenseRules() {
        return licenseRules;
    }

    /**
     * How large a source record may be; a record beyond the bounds is a read problem for that user.
     *
     * @return the bounds
     */
    public RecordLimits recordLimits() {
        return recordLimits;
    }

    /**
     * The host's version of the parts of the policy that are code (see {@link Builder#version(String)}); empty
     * by default.
     *
     * @return the version, at most 200 characters
     */
    public String version() {
        return version;
    }

    /**
     * What decides membership and matching, as incremental runs compare it (see {@link PolicyFingerprint}).
     *
     * @return the fingerprint
     */
    public PolicyFingerprint fingerprint() {
        return PolicyFingerprint.of(this);
    }

    /** Mutable builder; {@link #build()} checks the combination. */
    public static final class Builder {
        private Scope scope = Scope.all();
        private IdentityMatcher matcher = IdentityMatchers.defaults();
        private ProfileMapper profileMapper = ProfileMapper.identity();
        private UnmatchedAction onUnmatched = UnmatchedAction.CREATE_ACTIVE;
        private Deprovision onGone = Deprovision.DEACTIVATE;
        private Deprovision onOutOfScope = Deprovision.DEACTIVATE;
        private Reactivation reactivation = Reactivation.IF_DEACTIVATED_BY_SYNC;
        private final EnumMap<Field, Ownership> ownership = new EnumMap<>(Field.class);
        private final Map<String, Ownership> attributeOwnership = new TreeMap<>();
        private boolean authoritative;
        private Scope protectedTargets = Scope.matching("nobody", u -> false);
        private boolean notifyOnCreate;
        private DeletionGuard deletionGuard = DeletionGuard.defaults();
        private Optional<RoleToPermissionMapper> permissionMapper = Optional.empty();
        private Optional<Function<UserRecord, String>> permissionProduct = Optional.empty();
        private final List<LicenseRule> licenseRules = new ArrayList<>();
        private RecordLimits recordLimits = RecordLimits.defaults();
        private String version = "";

        private Builder() {
            ownership.put(Field.EMAIL, Ownership.ALWAYS);
            ownership.put(Field.USERNAME, Ownership.WHEN_EMPTY);
            ownership.put(Field.FIRST_NAME, Ownership.ALWAYS);
            ownership.put(Field.LAST_NAME, Ownership.ALWAYS);
            ownership.put(Field.ROLES, Ownership.NEVER);
            ownership.put(Field.GROUPS, Ownership.NEVER);
        }

        /**
         * Sets who is in scope.
         *
         * @param value the scope
         * @return this builder
         */
        public Builder scope(Scope value) {
            scope = Objects.requireNonNull(value, "scope");
            return this;
        }

        /**
         * Sets how users are matched.
         *
         * @param value the matcher
         * @return this builder
         */
        public Builder matcher(IdentityMatcher value) {
            matcher = Objects.requireNonNull(value, "matcher");
            return this;
        }

        /**
         * Sets how a source record becomes the target profile.
         *
         * @param value the mapper
         * @return this builder
         */
        public Builder profileMapper(ProfileMapper value) {
            profileMapper = Objects.requireNonNull(value, "profileMapper");
            return this;
        }

        /**
         * Sets what happens to a source user with no target account.
         *
         * @param value the action
         * @return this builder
         */
        public Builder onUnmatched(UnmatchedAction value) {
            onUnmatched = Objects.requireNonNull(value, "onUnmatched");
            return this;
        }

        /**
         * Sets what happens to the target account of a source user who is gone.
         *
         * @param value the deprovision
         * @return this builder
         */
        public Builder onGone(Deprovision value) {
            onGone = Objects.requireNonNull(value, "onGone");
            return this;
        }

        /**
         * Sets what happens to the target account of a source user who left the scope.
         *
         * @param value the deprovision
         * @return this builder
         */
        public Builder onOutOfScope(Deprovision value) {
            onOutOfScope = Objects.requireNonNull(value, "onOutOfScope");
            return this;
        }

        /**
         * Sets which deactivated target accounts an active source user brings back.
         *
         * @param value the reactivation
         * @return this builder
         */
        public Builder reactivation(Reactivation value) {
            reactivation = Objects.requireNonNull(value, "reactivation");
            return this;
        }

        /**
         * Sets who owns a profile field.
         *
         * @param field the field
         * @param value its ownership
         * @return this builder
         */
        public Builder own(Field field, Ownership value) {
            ownership.put(Objects.requireNonNull(field, "field"), Objects.requireNonNull(value, "ownership"));
            return this;
        }

        /**
         * Sets who owns a free attribute.
         *
         * @param attribute the attribute's name
         * @param value     its ownership
         * @return this builder
         * @throws IllegalArgumentException if the name is blank
         */
        public Builder ownAttribute(String attribute, Ownership value) {
            if (attribute == null || attribute.isBlank()) {
                throw new IllegalArgumentException("attribute name must not be blank");
            }
            attributeOwnership.put(attribute, Objects.requireNonNull(value, "ownership"));
            return this;
        }

        /**
         * A full-snapshot sync: target accounts nobody in the source accounts for are deprovisioned too.
         *
         * @param value {@code true} for an authoritative sync
         * @return this builder
         */
        public Builder authoritative(boolean value) {
            authoritative = value;
            return this;
        }

        /**
         * Target accounts an authoritative sync never deprovisions.
         *
         * @param value the protected accounts
         * @return this builder
         */
        public Builder protectTargets(Scope value) {
            protectedTargets = Objects.requireNonNull(value, "protectedTargets");
            return this;
        }

        /**
         * Whether creates let the directory notify the person.
         *
         * @param value {@code true} to notify
         * @return this builder
         */
        public Builder notifyOnCreate(boolean value) {
            notifyOnCreate = value;
            return this;
        }

        /**
         * Sets what holds a plan's deprovisions back.
         *
         * @param value the guard
         * @return this builder
         */
        public Builder deletionGuard(DeletionGuard value) {
            deletionGuard = Objects.requireNonNull(value, "deletionGuard");
            return this;
        }

        /**
         * Sets how source roles become target permissions; roles must then be owned {@link Ownership#NEVER}.
         *
         * @param mapper the mapper
         * @return this builder
         */
        public Builder permissions(RoleToPermissionMapper mapper) {
            permissionMapper = Optional.of(Objects.requireNonNull(mapper, "mapper"));
            return this;
        }

        /**
         * How to tell the product a user's permissions are for (see {@link SyncPolicy#permissionProduct()}).
         *
         * @param productOfSource the product of a source user, pure
         * @return this builder
         */
        public Builder permissionProduct(Function<UserRecord, String> productOfSource) {
            permissionProduct = Optional.of(Objects.requireNonNull(productOfSource, "productOfSource"));
            return this;
        }

        /**
         * Adds the rule for one license.
         *
         * @param rule the rule; one per license
         * @return this builder
         */
        public Builder license(LicenseRule rule) {
            licenseRules.add(Objects.requireNonNull(rule, "rule"));
            return this;
        }

        /**
         * Bounds on the size of source records (see {@link RecordLimits} for the defaults and why).
         *
         * @param value the bounds
         * @return this builder
         */
        public Builder recordLimits(RecordLimits value) {
            recordLimits = Objects.requireNonNull(value, "recordLimits");
            return this;
        }

        /**
         * The host's own version of the parts of this policy that are code: predicates given to
         * {@link Scope#matching}, {@link LicenseRule}s and {@link #permissionProduct}, the profile mapper, and
         * matchers written by the host. The {@link PolicyFingerprint} cannot see inside code, so when such
         * logic changes, change this value (a release number, a hash of the host's configuration): the next
         * run then reads the source in full instead of only what changed there.
         *
         * @param value the version, at most 200 characters
         * @return this builder
         * @throws IllegalArgumentException if the value is longer
         */
        public Builder version(String value) {
            Objects.requireNonNull(value, "version");
            if (value.length() > 200) {
                throw new IllegalArgumentException("policy version must be at most 200 characters, got " + value.length());
            }
            version = value;
            return this;
        }

        /**
         * Builds the policy.
         *
         * @return the policy
         * @throws IllegalStateException if roles are owned by the source while a permission mapper is set, or a
         *                               license has two rules
         */
        public SyncPolicy build() {
            if (permissionMapper.isPresent() && ownership.get(Field.ROLES) != Ownership.NEVER) {
                throw new IllegalStateException(
                        "roles cannot be both owned by the source and decided by a permission mapper; own(ROLES, NEVER)");
            }
            Set<String> ids = new HashSet<>();
            for (LicenseRule rule : licenseRules) {
                if (!ids.add(rule.licenseId())) {
                    throw new IllegalStateException("license '" + rule.licenseId() + "' has two rules");
                }
            }
            return new SyncPolicy(this);
        }
    }

}
