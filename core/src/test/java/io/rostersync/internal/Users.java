package io.rostersync.internal;

import io.rostersync.model.UserProfile;
import io.rostersync.model.UserRecord;
import io.rostersync.model.UserStatus;
import io.rostersync.spi.UserRef;
import java.util.Optional;

/** Small records for the planner's unit tests. */
final class Users {

    private Users() {
    }

    static UserRecord user(String id, String email, UserStatus status, String... roles) {
        return UserRecord.of(id, UserProfile.builder().email(email).firstName("Ann").lastName("Lee").status(status)
                .roles(java.util.List.of(roles)).build());
    }

    static UserRecord active(String id, String email, String... roles) {
        return user(id, email, UserStatus.ACTIVE, roles);
    }

    /** A decision for a linked pair, as the pair decisions start one. */
    static Decision pair(UserRecord source, UserRecord target) {
        return new Decision(source, UserRef.both(source.id(), target.id(), source.label()), Optional.of(target), target.status());
    }
}
