package io.rostersync.internal.index;

import io.rostersync.model.UserRecord;
import io.rostersync.model.internal.DirectKey;
import io.rostersync.spi.MatchKey;
import org.jspecify.annotations.Nullable;

/**
 * A key's value on a record, null when it has none: straight from a built-in key ({@link DirectKey}), through
 * the {@code Optional} of a host's own key. Read once per account and key on each side of a plan.
 */
final class KeyValues {

    private KeyValues() {
    }

    static @Nullable String sourceValue(MatchKey key, UserRecord source) {
        return key instanceof DirectKey direct ? direct.sourceValueOrNull(source) : key.sourceValue(source).orElse(null);
    }

    static @Nullable String targetValue(MatchKey key, UserRecord target) {
        return key instanceof DirectKey direct ? direct.targetValueOrNull(target) : key.targetValue(target).orElse(null);
    }
}
