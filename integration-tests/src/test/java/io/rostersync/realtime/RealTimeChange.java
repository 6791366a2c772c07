package io.rostersync.realtime;

import java.util.Objects;

/**
 * One change the chaos harness makes in a vendor: what kind, to whom (the user's email, the key the host
 * account is found by), and the new value where the kind has one (a name, a role).
 *
 * @param kind  the kind of change
 * @param email the user's email (for a create: the new user's)
 * @param value the new full name for {@link Kind#CREATE} and {@link Kind#RENAME}, the new role for
 *              {@link Kind#ROLE_CHANGE}, else empty
 */
record RealTimeChange(Kind kind, String email, String value) {

    /** The kinds of change; a source says which it can make ({@link RealTimeSource#kinds()}). */
    enum Kind {
        /** A new in-scope user: active, so a later deactivation or deletion supersedes it. */
        CREATE(Aspect.STATUS),
        /** A new full name. */
        RENAME(Aspect.NAME),
        /** Another in-scope role (agent to admin and back, say). */
        ROLE_CHANGE(Aspect.ROLE),
        /** Deactivated in the vendor (Zendesk: suspended; Salesforce: {@code IsActive = false}). */
        DEACTIVATE(Aspect.STATUS),
        /** Deleted in the vendor (Zendesk: soft delete); Salesforce users cannot be deleted. */
        DELETE(Aspect.STATUS),
        /** Active again after a deactivation. */
        REACTIVATE(Aspect.STATUS);

        private final Aspect aspect;

        Kind(Aspect aspect) {
            this.aspect = aspect;
        }

        /** What part of the host account the change decides. */
        Aspect aspect() {
            return aspect;
        }
    }

    /** The part of a host account a change decides; a later change of the same aspect supersedes an earlier one. */
    enum Aspect {
        NAME, ROLE, STATUS
    }

    RealTimeChange {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(value, "value");
    }
}
