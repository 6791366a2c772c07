package io.rostersync.engine;

import io.rostersync.plan.PlanDigest;
import io.rostersync.plan.PlanKey;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How a stored plan is applied ({@link SyncRunner#apply}). Whatever the options, the plan must be for the
 * runner's sync, source and target, every action is checked against the policy and the target's
 * capabilities, and every create against the target as it is now.
 *
 * @param maxAge        refuse a plan made longer ago than this (by the runner's clock); empty accepts any age
 * @param digestKey     require a digest made with this key ({@link PlanDigest#sign}); empty accepts unsigned plans
 * @param overrideGuard apply even if the deletion guard trips (an explicit human decision)
 * @since 0.1.0
 */
public record ApplyOptions(Optional<Duration> maxAge, Optional<PlanKey> digestKey, boolean overrideGuard) {

    /**
     * Checks the parts.
     *
     * @param maxAge        refuse a plan made longer ago than this (by the runner's clock); empty accepts any age
     * @param digestKey     require a digest made with this key ({@link PlanDigest#sign}); empty accepts unsigned plans
     * @param overrideGuard apply even if the deletion guard trips (an explicit human decision)
     * @throws IllegalArgumentException if the maximum age is not positive
     * @throws NullPointerException if a part is null
     */
    public ApplyOptions {
        Objects.requireNonNull(maxAge, "maxAge");
        Objects.requireNonNull(digestKey, "digestKey");
        maxAge.ifPresent(age -> {
            if (age.isNegative() || age.isZero()) {
                throw new IllegalArgumentException("a plan's maximum age must be positive, got " + age);
            }
        });
    }

    /**
     * Any age, no digest required, the guard not overridden.
     *
     * @return the defaults
     */
    public static ApplyOptions defaults() {
        return new ApplyOptions(Optional.empty(), Optional.empty(), false);
    }

    /**
     * These options, refusing plans made more than {@code age} ago.
     *
     * @param age the largest age, positive
     * @return new options; these are unchanged
     * @throws IllegalArgumentException if the age is not positive
     */
    public ApplyOptions withMaxAge(Duration age) {
        return new ApplyOptions(Optional.of(age), digestKey, overrideGuard);
    }

    /**
     * These options, refusing plans that carry no digest made with {@code key}, or whose content changed since.
     *
     * @param key the host's key
     * @return new options; these are unchanged
     */
    public ApplyOptions requiringDigest(PlanKey key) {
        return new ApplyOptions(maxAge, Optional.of(key), overrideGuard);
    }

    /**
     * These options, applying even if the deletion guard trips.
     *
     * @return new options; these are unchanged
     */
    public ApplyOptions overridingGuard() {
        return new ApplyOptions(maxAge, digestKey, true);
    }

    @Override
    public String toString() {
        return "ApplyOptions[maxAge=" + maxAge.map(Duration::toString).orElse("any") + ", digest="
                + (digestKey.isPresent() ? "required" : "not required") + ", overrideGuard=" + overrideGuard + "]";
    }
}
