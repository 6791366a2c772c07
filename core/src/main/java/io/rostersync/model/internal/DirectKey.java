package io.rostersync.model.internal;

import io.rostersync.model.UserRecord;
import org.jspecify.annotations.Nullable;

/**
 * A match key that gives its values as they are, null when a record has none, besides its
 * {@code Optional}-returning methods: the built-in keys, which the planner reads for every account of every
 * plan, where an {@code Optional} per value would be a million short-lived objects.
 */
public interface DirectKey {

    /** The key's normalised value on a source record, or null; {@code sourceValue(r).orElse(null)}. */
    @Nullable String sourceValueOrNull(UserRecord source);

    /** The key's normalised value on a target record, or null; {@code targetValue(r).orElse(null)}. */
    @Nullable String targetValueOrNull(UserRecord target);
}
