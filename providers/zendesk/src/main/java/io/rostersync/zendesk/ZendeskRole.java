package io.rostersync.zendesk;

import java.util.Locale;
import java.util.Optional;

/**
 * Zendesk's three built-in roles. A user's {@code UserRecord.roles()} holds the role's
 * {@link #apiName()} ({@code end-user}, {@code agent}, {@code admin}) and, for an agent with a custom
 * role, that custom role's name too, so that {@code Scope.roles(Set.of("admin", "QA Lead"))} selects
 * admins and the agents holding the "QA Lead" custom role.
 *
 * @since 0.1.0
 */
public enum ZendeskRole {
    /** A customer: {@code end-user}. */
    END_USER("end-user"),
    /** A support agent: {@code agent}, possibly with a custom role. */
    AGENT("agent"),
    /** An administrator: {@code admin}. */
    ADMIN("admin");

    private final String apiName;

    ZendeskRole(String apiName) {
        this.apiName = apiName;
    }

    /**
     * The name the API uses in {@code role} and in the {@code role[]} filter.
     *
     * @return the API name, lower-case
     */
    public String apiName() {
        return apiName;
    }

    /**
     * The role with this API name, ignoring case.
     *
     * @param name the API name; surrounding blanks are ignored
     * @return the role, or empty for a name that is not a built-in role (such as a custom role)
     */
    public static Optional<ZendeskRole> fromApiName(String name) {
        String wanted = name.strip().toLowerCase(Locale.ROOT);
        for (ZendeskRole r : values()) {
            if (r.apiName.equals(wanted)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }
}
