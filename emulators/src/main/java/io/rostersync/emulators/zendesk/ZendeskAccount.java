package io.rostersync.emulators.zendesk;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rostersync.emulators.internal.JsonValues;
import io.rostersync.emulators.zendesk.internal.ZendeskRoutes;
import io.rostersync.testkit.RosterGenerator;
import io.rostersync.zendesk.ZendeskDirectory;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One more Zendesk account served by a {@link ZendeskEmulator}, from {@link ZendeskEmulator#addAccount}: its
 * own users, custom roles, bulk jobs, incremental export and rate limits (the emulator's per-minute limits,
 * counted for this account alone), on the emulator's one server, with the emulator's clock and latency. A
 * request is this account's when it carries this account's API token ({@code Basic
 * base64(email/token:token)}): in Zendesk each account has its own subdomain, which a loopback server cannot
 * tell apart, so here the credential tells the account, as the subdomain would. Many accounts on one server
 * let a benchmark sync thousands of tenants without measuring thousands of servers.
 *
 * <p>The emulator's faults, recorded requests and request count cover every account. Thread-safe: each
 * account serves one request at a time, and accounts serve in parallel.
 */
public final class ZendeskAccount {

    private final ZendeskRoutes routes;
    private final String email;
    private final Supplier<ZendeskDirectory.Builder> directory;

    /** An account whose {@link #directory()} comes from {@code directory}; the emulator's first one too. */
    ZendeskAccount(ZendeskRoutes routes, String email, Supplier<ZendeskDirectory.Builder> directory) {
        this.routes = routes;
        this.email = email;
        this.directory = directory;
    }

    /**
     * The agent email of this account's API token.
     *
     * @return the email, lower case
     */
    public String email() {
        return email;
    }

    /**
     * A new directory builder for this account: the settings of {@link ZendeskEmulator#directory()}, with
     * this account's API token.
     *
     * @return a new builder, which the caller may change further
     */
    public ZendeskDirectory.Builder directory() {
        return directory.get();
    }

    /**
     * Requests of this account refused with 429 by its account or incremental-export limit.
     *
     * @return how many
     */
    public int rateLimitedCount() {
        synchronized (routes) {
            return routes.rateLimitedCount();
        }
    }

    /**
     * As {@link ZendeskEmulator#customRole(String)}, in this account.
     *
     * @param name the role's name
     * @return the role's id, new or existing
     */
    public long customRole(String name) {
        synchronized (routes) {
            return routes.store().customRole(name);
        }
    }

    /**
     * As {@link ZendeskEmulator#addUser(String, String, String)}, in this account.
     *
     * @param name the full name
     * @param email the email
     * @param role {@code end-user}, {@code agent} or {@code admin}
     * @return the user's id
     */
    public long addUser(String name, String email, String role) {
        synchronized (routes) {
            return routes.store().addUser(name, email, role);
        }
    }

    /**
     * As {@link ZendeskEmulator#addAgentWithCustomRole(String, String, String)}, in this account.
     *
     * @param name the full name
     * @param email the email
     * @param customRoleName the custom role's name
     * @return the user's id
     */
    public long addAgentWithCustomRole(String name, String email, String customRoleName) {
        synchronized (routes) {
            return routes.store().addAgentWithCustomRole(name, email, customRoleName);
        }
    }

    /**
     * As {@link ZendeskEmulator#addRawUser(Map)}, in this account.
     *
     * @param fields the user's fields
     * @return the user's id
     * @throws IllegalArgumentException if a key is not a string or a value has no JSON form
     */
    public long addRawUser(Map<String, ?> fields) {
        ObjectNode user = JsonValues.object(fields);
        synchronized (routes) {
            return routes.store().addRaw(user);
        }
    }

    /**
     * As {@link ZendeskEmulator#seed(RosterGenerator, int)}, in this account.
     *
     * @param generator where the people come from (seeded, so the roster is repeatable)
     * @param count how many users
     * @return the new users' ids, in the order added
     */
    public List<Long> seed(RosterGenerator generator, int count) {
        synchronized (routes) {
            return routes.store().seed(generator, count);
        }
    }

    /**
     * As {@link ZendeskEmulator#rename(long, String)}, in this account.
     *
     * @param id the user's id
     * @param name the new full name
     * @throws IllegalArgumentException if there is no such user
     */
    public void rename(long id, String name) {
        change(id, u -> u.put("name", name));
    }

    /**
     * As {@link ZendeskEmulator#setSuspended(long, boolean)}, in this account.
     *
     * @param id the user's id
     * @param suspended whether the user is suspended
     * @throws IllegalArgumentException if there is no such user
     */
    public void setSuspended(long id, boolean suspended) {
        change(id, u -> u.put("suspended", suspended));
    }

    /**
     * As {@link ZendeskEmulator#setRole(long, String)}, in this account.
     *
     * @param id the user's id
     * @param role {@code end-user}, {@code agent} or {@code admin}
     * @throws IllegalArgumentException if there is no such user
     */
    public void setRole(long id, String role) {
        change(id, u -> {
            u.put("role", role);
            u.putNull("custom_role_id");
            u.putNull("role_type");
        });
    }

    /**
     * As {@link ZendeskEmulator#softDelete(long)}, in this account.
     *
     * @param id the user's id
     * @throws IllegalArgumentException if there is no such user
     */
    public void softDelete(long id) {
        change(id, u -> u.put("active", false));
    }

    private void change(long id, Consumer<ObjectNode> edit) {
        synchronized (routes) {
            routes.store().change(id, edit);
        }
    }

    /**
     * As {@link ZendeskEmulator#user(long)}, in this account.
     *
     * @param id the user's id
     * @return the user, or empty if this account has none with this id
     */
    public Optional<Map<String, Object>> user(long id) {
        synchronized (routes) {
            return routes.store().view(id);
        }
    }

    /**
     * The ids of all users of this account, deleted ones included.
     *
     * @return the ids, ascending
     */
    public List<Long> userIds() {
        synchronized (routes) {
            return routes.store().ids();
        }
    }

    /** Names the account by its email only (never its token). */
    @Override
    public String toString() {
        return "ZendeskAccount[" + email + "]";
    }
}
