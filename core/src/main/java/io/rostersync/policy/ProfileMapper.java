package io.rostersync.policy;

import io.rostersync.model.UserProfile;
import io.rostersync.model.UserRecord;
import java.util.Optional;

/**
 * Shapes the profile a source user should have in the target (renamed attributes, derived values such as
 * a login method) before ownership rules decide what is written. Pure.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface ProfileMapper {

    /**
     * @param source the source record
     * @param target the matched or linked target record, empty when the user will be created
     * @return the desired target profile
     */
    UserProfile map(UserRecord source, Optional<UserRecord> target);

    /**
     * Takes the source profile as it is.
     *
     * @return the identity mapper
     */
    static ProfileMapper identity() {
        return (source, target) -> source.profile();
    }
}
