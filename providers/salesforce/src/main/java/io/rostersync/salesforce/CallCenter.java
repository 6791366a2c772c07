package io.rostersync.salesforce;

import java.util.Objects;

/**
 * A Salesforce call centre (CTI configuration) a user can be placed in.
 *
 * @param id   the CallCenter id ({@code 04v…}), the value of {@link SalesforceAttributes#CALL_CENTER_ID}
 * @param name its name, such as {@code Talkdesk for Salesforce}
 * @since 0.1.0
 */
public record CallCenter(String id, String name) {
    /**
     * Checks the parts.
     *
     * @param id   the CallCenter id
     * @param name its name
     * @throws NullPointerException if a part is null
     */
    public CallCenter {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
    }
}
