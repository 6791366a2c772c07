package io.rostersync.salesforce;

import java.util.Objects;
import java.util.Set;

/**
 * The seats of one Salesforce user license and the profiles that consume them.
 *
 * @param id         the UserLicense id
 * @param name       such as {@code Salesforce} or {@code Salesforce Platform}
 * @param total      seats bought
 * @param used       seats held by active users
 * @param profileIds the profiles whose users take a seat of this license
 * @since 0.1.0
 */
public record UserLicenseSeats(String id, String name, int total, int used, Set<String> profileIds) {
    /**
     * Checks and copies the parts.
     *
     * @param id         the UserLicense id
     * @param name       the license name
     * @param total      seats bought
     * @param used       seats held
     * @param profileIds the consuming profiles; copied
     * @throws NullPointerException if a part is null
     */
    public UserLicenseSeats {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        profileIds = Set.copyOf(profileIds);
    }

    /**
     * Seats not held by an active user.
     *
     * @return {@code total - used}, at least zero
     */
    public int free() {
        return Math.max(0, total - used);
    }
}
