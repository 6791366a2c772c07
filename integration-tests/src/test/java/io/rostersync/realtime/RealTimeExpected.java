package io.rostersync.realtime;

import io.rostersync.model.UserRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * What the host account of one vendor user should be once nothing is lost: active or not, its full name and
 * role while active. A user deleted or deactivated in the vendor only needs a disabled (or no) host account.
 *
 * @param email    the key the host account is found by
 * @param active   whether the vendor user is active and in scope
 * @param fullName the vendor's full name, whitespace collapsed
 * @param role     the vendor's in-scope role as the host holds it
 */
record RealTimeExpected(String email, boolean active, String fullName, String role) {

    /** What differs between this and the host account (empty when none, or when there is no account for an inactive user). */
    List<String> differences(java.util.Optional<UserRecord> host) {
        List<String> out = new ArrayList<>();
        if (host.isEmpty()) {
            if (active) {
                out.add(email + ": no host account");
            }
            return out;
        }
        UserRecord h = host.get();
        if (active == h.status().isDisabled()) {
            out.add(email + ": host " + h.status() + ", vendor " + (active ? "active" : "inactive"));
        }
        if (active) {
            String hostName = (h.firstName().strip() + " " + h.lastName().strip()).strip();
            if (!hostName.equals(fullName)) {
                out.add(email + ": host name '" + hostName + "', vendor '" + fullName + "'");
            }
            if (!h.roles().contains(role)) {
                out.add(email + ": host roles " + h.roles() + ", vendor " + role);
            }
        }
        return out;
    }
}
