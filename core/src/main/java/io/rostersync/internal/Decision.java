package io.rostersync.internal;

import io.rostersync.model.UserRecord;
import io.rostersync.model.UserStatus;
import io.rostersync.plan.PlanAction;
import io.rostersync.policy.LicenseRule;
import io.rostersync.spi.UserRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** What the plan does for one person, built up by the decide and allocate steps. */
final class Decision {
    /** The source user; null for an account deprovisioned without one (gone, removed, out of scope). */
    final @Nullable UserRecord source;
    final UserRef ref;
    final Optional<UserRecord> target;
    final List<PlanAction> actions = new ArrayList<>();
    UserStatus finalStatus;
    boolean deprovisioned;
    boolean deleted;
    /** Rules the user is eligible for and holds no seat of: the allocation step decides them. */
    final List<LicenseRule> wantsLicense = new ArrayList<>();
    /** Licenses the user holds after this plan, in rule order. */
    final List<String> holdsLicense = new ArrayList<>();

    Decision(@Nullable UserRecord source, UserRef ref, Optional<UserRecord> target, UserStatus finalStatus) {
        this.source = source;
        this.ref = ref;
        this.target = target;
        this.finalStatus = finalStatus;
    }
}
