package io.rostersync.zendesk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rostersync.http.BaseUris;
import io.rostersync.http.HttpAuth;
import io.rostersync.http.HttpSettings;
import io.rostersync.http.OAuth2TokenEndpoint;
import io.rostersync.http.RateLimit;
import io.rostersync.http.Secret;
import io.rostersync.http.Sleeper;
import io.rostersync.http.TokenClient;
import io.rostersync.http.internal.JsonHttpClient;
import io.rostersync.http.internal.JsonRequest;
import io.rostersync.http.internal.Page;
import io.rostersync.model.Cursor;
import io.rostersync.model.NativeId;
import io.rostersync.model.UserPatch;
import io.rostersync.model.UserProfile;
import io.rostersync.model.UserRecord;
import io.rostersync.model.UserStatus;
import io.rostersync.spi.Capability;
import io.rostersync.spi.CreateOptions;
import io.rostersync.spi.ErrorDetails;
import io.rostersync.spi.FailureKind;
import io.rostersync.spi.InvalidConfigurationException;
import io.rostersync.spi.InvalidResponseException;
import io.rostersync.spi.NotFoundException;
import io.rostersync.spi.PermissionDeniedException;
import io.rostersync.spi.ReadProblem;
import io.rostersync.spi.RosterSyncException;
import io.rostersync.spi.UpdateRequest;
import io.rostersync.spi.UserDirectory;
import io.rostersync.spi.UserLookup;
import io.rostersync.spi.UserLookupResult;
import io.rostersync.spi.UserPage;
import io.rostersync.spi.UserPages;
import io.rostersync.spi.ValidationException;
import io.rostersync.spi.WriteFailure;
import io.rostersync.spi.WriteResult;
import io.rostersync.zendesk.internal.CustomRoles;
import io.rostersync.zendesk.internal.IncrementalCursor;
import io.rostersync.zendesk.internal.JobPoller;
import io.rostersync.zendesk.internal.UserJson;
import io.rostersync.zendesk.internal.ZendeskErrorParser;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Zendesk Support users as a {@link UserDirectory}.
 *
 * <pre>{@code
 * ZendeskDirectory zendesk = ZendeskDirectory.builder()
 *         .subdomain("abc-energy")                                  // https://abc-energy.zendesk.com
 *         .apiToken("integration@abc-energy.com", Secret.of(token)) // or .oauthToken(...) / .oauthClientCredentials(...)
 *         .onlyRoles(Set.of(ZendeskRole.AGENT, ZendeskRole.ADMIN))  // filter server-side
 *         .readOnly()                                               // Zendesk is the source of truth
 *         .build();
 * }</pre>
 *
 * <h2>Reads</h2>
 * A full read lists {@code GET /api/v2/users} with cursor pagination ({@code page[size]}, following
 * {@code links.next} while {@code meta.has_more}), filtered by role on the server when
 * {@link Builder#onlyRoles} is set. Before the first page it notes the time, and its last page carries a
 * cursor that starts the incremental user export a minute before that, so nothing changed during the
 * read is missed. {@link #readChanges} reads {@code GET /api/v2/incremental/users/cursor} (its own
 * tighter rate limit applies) up to {@code end_of_stream}; it collects the changes before handing them
 * out so that a user changed while the export was paged appears once, in its latest state (memory grows
 * with the number of changed users, not with the directory).
 *
 * <h2>Mapping</h2>
 * <ul>
 * <li>id: the numeric user id as text;</li>
 * <li>name: Zendesk has one {@code name}; its first word is the first name and the rest the last name
 *     (see {@code UserJson.splitName}); writes join them with one space;</li>
 * <li>email: the primary email; a user whose email is not a valid address becomes a
 *     {@link ReadProblem} instead of failing the read;</li>
 * <li>roles: the {@code role} ({@code end-user}, {@code agent}, {@code admin}) and, for agents with a
 *     {@code custom_role_id}, the custom role's name from {@code /api/v2/custom_roles}, so
 *     {@code Scope.roles(...)} selects role types and named custom roles;</li>
 * <li>status: {@code suspended} is {@link UserStatus#SUSPENDED}, otherwise {@link UserStatus#ACTIVE};
 *     a soft-deleted user ({@code active: false}) is gone: absent from full reads and {@link #get},
 *     in {@link UserPage#removed()} of an incremental read, and in {@link UserLookupResult#removed()} of a
 *     look-up by id;</li>
 * <li>roles outside {@link Builder#onlyRoles}: left out of every read alike, as the full read's {@code role[]}
 *     filter leaves them out; so the incremental export and a look-up by id report such a user removed (one
 *     demoted out of the roles is deprovisioned as the next full run would), and {@link #get} does not find it.
 *     {@link #findExisting} is not filtered: it answers who holds an email, whatever their role;</li>
 * <li>attributes: see {@link ZendeskAttributes} ({@code external_id}, tags, user fields, custom role
 *     id, role type); {@code updated_at} becomes {@link UserRecord#updatedAt()}.</li>
 * </ul>
 *
 * <p>{@link #lookUp} reads chosen users for a named sync: ids through {@code show_many}, emails through the search API.
 *
 * <h2>Writes</h2>
 * Declared unless {@link Builder#readOnly()}: create ({@code POST /api/v2/users}), update (read, then
 * {@code PUT /api/v2/users/{id}}), deactivate as suspend and reactivate as unsuspend, and, only when
 * {@link Builder#allowSoftDelete()} was called, delete as Zendesk's soft delete. Creates go one request
 * each, never through {@code create_or_update_many}, which would merge a create onto an existing user with
 * the same email; a create that meets an existing email or external id is
 * {@link FailureKind#ALREADY_EXISTS} and leaves that user untouched ({@link #findExisting} finds it).
 * Batches of up to 100 updates go through {@code update_many}, whose background job is polled with the
 * injected {@link Sleeper} and {@link Clock}; each user gets its own result. When the account has bulk
 * imports disabled (403), the directory falls back to single updates for the rest of its life.
 *
 * <p>Thread-safety: safe for use by one sync at a time, as the engine uses directories.
 *
 * @since 0.1.0
 */
public final class ZendeskDirectory implements UserDirectory {

    private static final Logger LOG = LoggerFactory.getLogger(ZendeskDirectory.class);
    private static final String VENDOR = "zendesk";
    private static final int MAX_BATCH = 100;
    /** Ids one {@code show_many} request takes, as Zendesk documents it. */
    private static final int MAX_SHOW_MANY = 100;
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final List<String> REQUEST_ID_HEADERS = List.of("X-Zendesk-Request-Id", "X-Request-Id");

    private final String subdomain;
    private final String name;
    private final JsonHttpClient client;
    private final JsonHttpClient incrementalClient;
    private final Set<Capability> capabilities;
    private final Set<ZendeskRole> onlyRoles;
    private final int pageSize;
    private final int incrementalPageSize;
    private final Clock clock;
    private final JobPoller jobs;
    private final AtomicBoolean bulkDisabled = new AtomicBoolean();
    private volatile @Nullable CustomRoles customRoles;

    private ZendeskDirectory(Builder b, JsonHttpClient client) {
        this.subdomain = b.subdomain;
        this.name = "zendesk:" + b.subdomain;
        this.client = client;
        this.incrementalClient = b.incrementalRateLimit.map(client::withExtraRateLimit).orElse(client);
        EnumSet<Capability> caps = EnumSet.of(Capability.READ, Capability.INCREMENTAL_READ, Capability.LOOKUP);
        if (!b.readOnly) {
            caps.addAll(EnumSet.of(Capability.CREATE, Capability.UPDATE, Capability.DEACTIVATE, Capability.REACTIVATE,
                    Capability.BATCH_WRITE));
            if (b.softDelete) {
                caps.add(Capability.DELETE);
            }
        }
        this.capabilities = Collections.unmodifiableSet(caps);
        this.onlyRoles = b.onlyRoles.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(b.onlyRoles));
        this.pageSize = b.pageSize;
        this.incrementalPageSize = b.incrementalPageSize;
        this.clock = b.http.clock();
        this.jobs = new JobPoller(client, b.http.clock(), b.http.sleeper(), b.jobPollInterval, b.jobTimeout);
    }

    /**
     * Starts a configuration; a subdomain and one kind of credentials are required.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** {@code zendesk:<subdomain>}. */
    @Override
    public String name() {
        return name;
    }

    /**
     * The validated subdomain.
     *
     * @return the subdomain, lower-case
     */
    public String subdomain() {
        return subdomain;
    }

    @Override
    public Set<Capability> capabilities() {
        return capabilities;
    }

    @Override
    public int maxBatchSize() {
        return capabilities.contains(Capability.BATCH_WRITE) ? MAX_BATCH : 1;
    }

    // ---- reads ------------------------------------------------------------------------------------

    /**
     * Every user (of the configured roles), 100 a page by default. The last page carries the cursor
     * for {@link #readChanges}. Transport failures throw {@link RosterSyncException}.
     */
    @Override
    public UserPages readAll() {
        Instant started = clock.instant();
        // The export leaves out the last minute and the clocks may differ a little: start a minute early.
        Cursor resume = IncrementalCursor.startAt(started.minusSeconds(60)).encode();
        JsonRequest.Builder first = JsonRequest.get("/api/v2/users").query("page[size]", Integer.toString(pageSize));
        for (ZendeskRole role : new TreeSet<>(onlyRoles)) {
            first.query("role[]", role.apiName());
        }
        String firstTarget = first.build().target();
        return new UserPages() {
            private @Nullable Iterator<Page<JsonNode>> pages;
            private final ReadRoles roles = new ReadRoles(null);
            private boolean done;

            @Override
            public Optional<UserPage> next() {
                if (done) {
                    return Optional.empty();
                }
                if (pages == null) {
                    pages = client.paginate(firstTarget, ZendeskDirectory.this::usersPage).pages();
                }
                if (!pages.hasNext()) {
                    done = true;
                    return Optional.empty();
                }
                Page<JsonNode> page = pages.next();
                List<UserRecord> users = new ArrayList<>(page.items().size());
                List<ReadProblem> problems = new ArrayList<>();
                for (JsonNode item : page.items()) {
                    if (!listed(item)) {
                        continue; // Zendesk filters by role[]; one it lists anyway is not ours to read
                    }
                    UserJson.Outcome outcome = UserJson.read(item, roles.forUser(item));
                    if (outcome instanceof UserJson.Mapped m) {
                        users.add(m.record());
                    } else if (outcome instanceof UserJson.Unreadable u) {
                        problems.add(u.problem());
                    }
                    // Deleted users are not listed by Zendesk; if one is, it is simply not there.
                }
                boolean last = !page.continues();
                done = last;
                return Optional.of(UserPage.of(users, problems, last ? Optional.of(resume) : Optional.empty()));
            }
        };
    }

    private Page<JsonNode> usersPage(String target) {
        JsonNode body = client.get(target);
        JsonNode users = body.path("users");
        if (!users.isArray()) {
            throw invalid("GET /api/v2/users: response has no users array");
        }
        List<JsonNode> items = new ArrayList<>(users.size());
        users.forEach(items::add);
        JsonNode next = body.path("links").path("next");
        Optional<String> nextLink = next.isTextual() && !next.asText().isBlank() ? Optional.of(next.asText()) : Optional.empty();
        JsonNode hasMore = body.path("meta").path("has_more");
        if (hasMore.isBoolean()) {
            return new Page<>(items, nextLink, hasMore.asBoolean());
        }
        return Page.of(items, nextLink);
    }

    /**
     * Users created, changed or deleted since {@code since} (a cursor from this directory's full read or
     * an earlier incremental read), from the incremental user export.
     *
     * @throws RosterSyncException kind INVALID_CONFIGURATION if the cursor is not a Zendesk cursor
     */
    @Override
    public UserPages readChanges(Cursor since) {
        IncrementalCursor start = IncrementalCursor.decode(since);
        return new UserPages() {
            private @Nullable Iterator<UserPage> pages;

            @Override
            public Optional<UserPage> next() {
                if (pages == null) {
                    pages = exportChanges(start).iterator();
                }
                return pages.hasNext() ? Optional.of(pages.next()) : Optional.empty();
            }
        };
    }

    private List<UserPage> exportChanges(IncrementalCursor start) {
        ReadRoles roles = new ReadRoles(null);
        // Latest state per user, in order of last appearance; a user changed while paging shows up again later.
        LinkedHashMap<NativeId, Optional<UserRecord>> latest = new LinkedHashMap<>();
        List<ReadProblem> problems = new ArrayList<>();
        IncrementalCursor position = start;
        Set<String> seenCursors = new java.util.HashSet<>();
        while (true) {
            JsonRequest.Builder request = JsonRequest.get("/api/v2/incremental/users/cursor");
            if (position.isStartTime()) {
                request.query("start_time", position.value());
            } else {
                request.query("cursor", position.value());
            }
            request.query("per_page", Integer.toString(incrementalPageSize));
            JsonNode body = incrementalClient.send(request.build()).body();
            JsonNode users = body.path("users");
            if (!users.isArray()) {
                throw invalid("GET /api/v2/incremental/users/cursor: response has no users array");
            }
            for (JsonNode item : users) {
                Optional<NativeId> unlisted = listed(item) ? Optional.empty() : UserJson.idOf(item);
                if (unlisted.isPresent()) {
                    // The export lists every role; a full read lists only onlyRoles. A user outside them is
                    // absent from a full read, so it is removed here too: one demoted out of the roles is
                    // deprovisioned now as the next full run would, and one never in them is never provisioned.
                    latest.remove(unlisted.get());
                    latest.put(unlisted.get(), Optional.empty());
                    continue;
                }
                UserJson.Outcome outcome = UserJson.read(item, roles.forUser(item));
                if (outcome instanceof UserJson.Mapped m) {
                    latest.remove(m.record().id());
                    latest.put(m.record().id(), Optional.of(m.record()));
                } else if (outcome instanceof UserJson.Deleted d) {
                    latest.remove(d.id());
                    latest.put(d.id(), Optional.empty());
                } else if (outcome instanceof UserJson.Unreadable u) {
                    problems.add(u.problem());
                }
            }
            boolean end = body.path("end_of_stream").asBoolean(false);
            JsonNode after = body.path("after_cursor");
            if (after.isTextual() && !after.asText().isBlank()) {
                position = IncrementalCursor.after(after.asText());
            } else if (!end) {
                throw invalid("GET /api/v2/incremental/users/cursor: more changes claimed but no after_cursor (truncated response)");
            }
            if (end) {
                break;
            }
            if (!seenCursors.add(position.value())) {
                throw invalid("GET /api/v2/incremental/users/cursor: after_cursor repeats (export loop)");
            }
        }
        Cursor resume = position.encode();
        List<UserPage> pages = new ArrayList<>();
        List<UserRecord> users = new ArrayList<>();
        List<NativeId> removed = new ArrayList<>();
        for (Map.Entry<NativeId, Optional<UserRecord>> e : latest.entrySet()) {
            if (e.getValue().isPresent()) {
                users.add(e.getValue().get());
            } else {
                removed.add(e.getKey());
            }
            if (users.size() + removed.size() == incrementalPageSize) {
                pages.add(new UserPage(users, removed, List.of(), Optional.empty()));
                users = new ArrayList<>();
                removed = new ArrayList<>();
            }
        }
        // The resume cursor (and the problems) go on the last page: only then has everything been handed out.
        pages.add(new UserPage(users, removed, problems, Optional.of(resume)));
        return pages;
    }

    /** One user by id; empty for an unknown, deleted or non-numeric id, and for a role outside {@link Builder#onlyRoles}. */
    @Override
    public Optional<UserRecord> get(NativeId id) {
        Optional<Long> numeric = numericId(id);
        if (numeric.isEmpty()) {
            return Optional.empty();
        }
        JsonNode user;
        try {
            user = client.get("/api/v2/users/" + numeric.get()).path("user");
        } catch (NotFoundException e) {
            return Optional.empty();
        }
        if (!listed(user)) {
            return Optional.empty(); // a full read does not list this role
        }
        UserJson.Outcome outcome = UserJson.read(user, rolesFor(user));
        if (outcome instanceof UserJson.Mapped m) {
            return Optional.of(m.record());
        }
        if (outcome instanceof UserJson.Unreadable u) {
            throw invalid("GET /api/v2/users/{id}: " + u.problem().message());
        }
        return Optional.empty();
    }

    /**
     * The users asked for, as a full read would list them: ids through {@code GET /api/v2/users/show_many}
     * ({@value #MAX_SHOW_MANY} ids a request, the documented limit), emails through the search API
     * ({@code query=email:"…"}, one request each: the search index may trail a change by a few seconds). Zendesk
     * has no usernames, so usernames find nobody. Only users of {@link Builder#onlyRoles} are found (the full
     * read's filter), never soft-deleted ones, and for a search only exact holders of the email.
     *
     * <p>Removed: an id asked for that {@code show_many} answers with {@code active: false} (Zendesk's soft delete;
     * {@code show_many} still lists such users) or with a role outside {@link Builder#onlyRoles}, which is what the
     * incremental export reports as removed. An id {@code show_many} leaves out is absent, not removed; a search
     * never answers anyone removed (an email can pass to another user). Every request must succeed for any answer:
     * a failed request throws, so a partial answer is never returned.
     *
     * @throws InvalidResponseException when a user found cannot be read (as {@link #get} does), or a response
     *                                  answers one id both live and removed
     */
    @Override
    public UserLookupResult lookUp(UserLookup lookup) {
        Map<NativeId, UserRecord> found = new LinkedHashMap<>();
        Set<NativeId> removed = new TreeSet<>();
        ReadRoles roles = new ReadRoles(customRoles);
        List<Long> ids = new ArrayList<>();
        lookup.ids().forEach(id -> numericId(id).ifPresent(ids::add));
        for (int from = 0; from < ids.size(); from += MAX_SHOW_MANY) {
            StringBuilder list = new StringBuilder();
            for (long id : ids.subList(from, Math.min(ids.size(), from + MAX_SHOW_MANY))) {
                list.append(list.length() == 0 ? "" : ",").append(id);
            }
            JsonNode body = client.send(JsonRequest.get("/api/v2/users/show_many").query("ids", list.toString()).build()).body();
            if (!body.path("users").isArray()) {
                throw invalid("GET /api/v2/users/show_many: response has no users array");
            }
            for (JsonNode u : body.path("users")) {
                Optional<NativeId> id = UserJson.idOf(u).filter(lookup.ids()::contains);
                boolean deleted = u.path("active").isBoolean() && !u.path("active").asBoolean();
                if (id.isPresent() && (deleted || !listed(u))) {
                    removed.add(id.get());
                    continue;
                }
                keepLookedUp(u, lookup, roles, found, "GET /api/v2/users/show_many");
            }
        }
        for (io.rostersync.model.EmailAddress email : lookup.emails()) {
            JsonNode body = client.send(JsonRequest.get("/api/v2/users/search")
                    .query("query", "email:" + searchPhrase(email.value())).build()).body();
            if (!body.path("users").isArray()) {
                throw invalid("GET /api/v2/users/search: response has no users array");
            }
            for (JsonNode u : body.path("users")) {
                keepLookedUp(u, lookup, roles, found, "GET /api/v2/users/search");
            }
        }
        for (NativeId id : removed) {
            if (found.containsKey(id)) {
                throw invalid("user " + id.value() + " was answered both live and deleted (or out of the roles read)");
            }
        }
        return new UserLookupResult(List.copyOf(found.values()), removed);
    }

    private void keepLookedUp(JsonNode u, UserLookup lookup, ReadRoles roles, Map<NativeId, UserRecord> found, String call) {
        if (!listed(u)) {
            return; // the full read lists only these roles
        }
        UserJson.Outcome outcome = UserJson.read(u, roles.forUser(u));
        if (outcome instanceof UserJson.Mapped m) {
            if (lookup.wants(m.record())) {
                found.putIfAbsent(m.record().id(), m.record());
            }
        } else if (outcome instanceof UserJson.Unreadable bad) {
            throw invalid(call + ": " + bad.problem().message());
        }
    }

    /**
     * Whether a full read lists this user object: every role when {@link Builder#onlyRoles} is empty, otherwise
     * only users whose {@code role} is one of them. The one role test of every read (full, incremental, by id,
     * look-up), so that none of them lets in a user another leaves out.
     */
    private boolean listed(JsonNode user) {
        if (onlyRoles.isEmpty()) {
            return true;
        }
        String role = user.path("role").asText("");
        for (ZendeskRole r : onlyRoles) {
            if (r.apiName().equals(role)) {
                return true;
            }
        }
        return false;
    }

    // ---- single writes ----------------------------------------------------------------------------

    @Override
    public WriteResult create(UserProfile profile, CreateOptions options) {
        requireCapability(Capability.CREATE);
        ObjectNode user;
        try {
            user = UserJson.forCreate(profile, rolesForWriting(profile.roles()), options.notifyUser());
        } catch (UserJson.Rejected e) {
            return WriteResult.failed(WriteFailure.of(FailureKind.VALIDATION, Objects.requireNonNullElse(e.getMessage(), e.toString())));
        }
        try {
            JsonNode created = client.post("/api/v2/users", wrap("user", user)).path("user");
            return stored(created);
        } catch (ValidationException e) {
            return refusedCreate(profile, e);
        } catch (RosterSyncException e) {
            return WriteResult.failed(failure(e));
        }
    }

    /**
     * A create Zendesk refused as invalid (422 {@code RecordInvalid}): when the reason is that an account
     * already holds the email or external id ({@code DuplicateValue}), that account is found through
     * {@link #findExisting} and the result is {@link FailureKind#ALREADY_EXISTS} naming it; nothing was
     * written to it. Otherwise the refusal stays a {@link FailureKind#VALIDATION} failure.
     */
    private WriteResult refusedCreate(UserProfile profile, ValidationException refusal) {
        List<UserRecord> holders;
        try {
            holders = findExisting(profile);
        } catch (RosterSyncException lookupFailed) {
            return WriteResult.failed(failure(refusal));
        }
        if (holders.isEmpty()) {
            return WriteResult.failed(failure(refusal));
        }
        StringBuilder ids = new StringBuilder();
        holders.forEach(h -> ids.append(ids.length() == 0 ? "" : ", ").append(h.id().value()));
        return WriteResult.failed(new WriteFailure(FailureKind.ALREADY_EXISTS, name + ": the email or external id is "
                + "already held by user " + ids + "; nothing was created and that user was not changed",
                refusal.vendorCode()));
    }

    /**
     * Zendesk users holding the profile's email (as their primary email) or its
     * {@link ZendeskAttributes#EXTERNAL_ID external id}, both unique in an account: the search API with
     * {@code query=email:"…"} and {@code external_id=…} (the search index may trail a change by a few
     * seconds). Only exact holders are returned, each as {@link #get} reads it; soft-deleted users are not.
     * Zendesk has no usernames.
     */
    @Override
    public List<UserRecord> findExisting(UserProfile profile) {
        Map<NativeId, UserRecord> found = new LinkedHashMap<>();
        ReadRoles roles = new ReadRoles(customRoles);
        if (profile.email().isPresent()) {
            String email = profile.email().get().value();
            JsonNode body = client.send(JsonRequest.get("/api/v2/users/search")
                    .query("query", "email:" + searchPhrase(email)).build()).body();
            for (JsonNode u : body.path("users")) {
                UserJson.Outcome outcome = UserJson.read(u, roles.forUser(u));
                if (outcome instanceof UserJson.Mapped m && m.record().email().equals(profile.email())) {
                    found.putIfAbsent(m.record().id(), m.record());
                }
            }
        }
        Optional<String> externalId = profile.attribute(ZendeskAttributes.EXTERNAL_ID).filter(x -> !x.isBlank());
        if (externalId.isPresent()) {
            JsonNode body = client.send(JsonRequest.get("/api/v2/users/search").query("external_id", externalId.get()).build()).body();
            for (JsonNode u : body.path("users")) {
                UserJson.Outcome outcome = UserJson.read(u, roles.forUser(u));
                if (outcome instanceof UserJson.Mapped m
                        && m.record().attribute(ZendeskAttributes.EXTERNAL_ID).filter(x -> asciiEqualsIgnoreCase(x, externalId.get())).isPresent()) {
                    found.putIfAbsent(m.record().id(), m.record());
                }
            }
        }
        return List.copyOf(found.values());
    }

    /** Equal but for ASCII letter case: a character from outside ASCII never equals an ASCII one. */
    private static boolean asciiEqualsIgnoreCase(String a, String b) {
        if (a.length() != b.length()) {
            return false;
        }
        for (int i = 0; i < a.length(); i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y && (x > 127 || y > 127 || Character.toLowerCase(x) != Character.toLowerCase(y))) {
                return false;
            }
        }
        return true;
    }

    /** A value as one quoted phrase of Zendesk's search syntax (quotes and backslashes taken out of it). */
    private static String searchPhrase(String value) {
        return "\"" + value.replace("\\", "").replace("\"", "") + "\"";
    }

    @Override
    public WriteResult update(NativeId id, UserPatch patch) {
        requireCapability(Capability.UPDATE);
        Optional<Long> numeric = numericId(id);
        if (numeric.isEmpty()) {
            return notFound(id);
        }
        try {
            Optional<UserRecord> current = get(id);
            if (current.isEmpty()) {
                return notFound(id);
            }
            Set<String> wanted = new TreeSet<>(patch.addRoles());
            ObjectNode user = UserJson.forUpdate(patch, current.get().profile(), rolesForWriting(wanted));
            if (user.isEmpty()) {
                return WriteResult.stored(current.get());
            }
            return stored(client.put("/api/v2/users/" + numeric.get(), wrap("user", user)).path("user"));
        } catch (UserJson.Rejected e) {
            return WriteResult.failed(WriteFailure.of(FailureKind.VALIDATION, Objects.requireNonNullElse(e.getMessage(), e.toString())));
        } catch (RosterSyncException e) {
            return WriteResult.failed(failure(e));
        }
    }

    /** Suspends the user: Zendesk's way of switching an account off while keeping its history. */
    @Override
    public WriteResult deactivate(NativeId id) {
        requireCapability(Capability.DEACTIVATE);
        return setSuspended(id, true);
    }

    /** Unsuspends the user. */
    @Override
    public WriteResult reactivate(NativeId id) {
        requireCapability(Capability.REACTIVATE);
        return setSuspended(id, false);
    }

    private WriteResult setSuspended(NativeId id, boolean suspended) {
        Optional<Long> numeric = numericId(id);
        if (numeric.isEmpty()) {
            return notFound(id);
        }
        try {
            ObjectNode user = JSON.objectNode().put("suspended", suspended);
            return stored(client.put("/api/v2/users/" + numeric.get(), wrap("user", user)).path("user"));
        } catch (RosterSyncException e) {
            return WriteResult.failed(failure(e));
        }
    }

    /**
     * Soft-deletes the user (only with {@link Builder#allowSoftDelete()}); the stored record returned is
     * the deleted user, {@link UserStatus#INACTIVE}.
     */
    @Override
    public WriteResult delete(NativeId id) {
        requireCapability(Capability.DELETE);
        Optional<Long> numeric = numericId(id);
        if (numeric.isEmpty()) {
            return notFound(id);
        }
        try {
            JsonNode deleted = client.delete("/api/v2/users/" + numeric.get()).path("user");
            ObjectNode asLive = deleted.isObject() ? ((ObjectNode) deleted).deepCopy() : JSON.objectNode();
            asLive.put("active", true);
            if (!asLive.has("id")) {
                asLive.put("id", numeric.get());
            }
            UserJson.Outcome outcome = UserJson.read(asLive, rolesFor(asLive));
            if (outcome instanceof UserJson.Mapped m) {
                return WriteResult.stored(m.record().withProfile(m.record().profile().toBuilder().status(UserStatus.INACTIVE).build()));
            }
            return WriteResult.stored(UserRecord.of(id, UserProfile.builder().status(UserStatus.INACTIVE).build()));
        } catch (RosterSyncException e) {
            return WriteResult.failed(failure(e));
        }
    }

    // ---- bulk writes ------------------------------------------------------------------------------

    /**
     * Creates the users one request each ({@code POST /api/v2/users}); one result per profile, in order.
     * Not in bulk: {@code create_or_update_many} merges a create onto an existing user with the same email
     * or external id (taking over that person's account), and {@code create_many} documents nothing about
     * what it does then. A single create is refused with {@code DuplicateValue} instead, which becomes
     * {@link FailureKind#ALREADY_EXISTS} (see {@link #create}).
     */
    @Override
    public List<WriteResult> createAll(List<UserProfile> profiles, CreateOptions options) {
        requireCapability(Capability.CREATE);
        List<WriteResult> results = new ArrayList<>(profiles.size());
        profiles.forEach(p -> results.add(create(p, options)));
        return results;
    }

    /**
     * Updates up to 100 users per {@code update_many} job; one result per request, in order. Falls back
     * to single updates when bulk updates are refused.
     */
    @Override
    public List<WriteResult> updateAll(List<UpdateRequest> updates) {
        requireCapability(Capability.UPDATE);
        List<WriteResult> results = new ArrayList<>(updates.size());
        for (int from = 0; from < updates.size(); from += MAX_BATCH) {
            List<UpdateRequest> chunk = updates.subList(from, Math.min(updates.size(), from + MAX_BATCH));
            results.addAll(bulkDisabled.get() || chunk.size() == 1 ? singleUpdates(chunk) : updateChunk(chunk));
        }
        return results;
    }

    private List<WriteResult> singleUpdates(List<UpdateRequest> chunk) {
        List<WriteResult> results = new ArrayList<>(chunk.size());
        chunk.forEach(u -> results.add(update(u.id(), u.patch())));
        return results;
    }

    private List<WriteResult> updateChunk(List<UpdateRequest> chunk) {
        WriteResult[] results = new WriteResult[chunk.size()];
        Map<Long, Integer> positionOfId = new LinkedHashMap<>();
        Set<Long> duplicated = new java.util.HashSet<>();
        for (int i = 0; i < chunk.size(); i++) {
            Optional<Long> id = numericId(chunk.get(i).id());
            if (id.isEmpty()) {
                results[i] = notFound(chunk.get(i).id());
            } else if (positionOfId.putIfAbsent(id.get(), i) != null) {
                duplicated.add(id.get());
            }
        }
        if (!duplicated.isEmpty()) {
            // Two patches for one user in one job would race; such a batch goes one by one.
            return singleUpdates(chunk);
        }
        Map<Long, UserRecord> current;
        try {
            current = showMany(positionOfId.keySet());
        } catch (RosterSyncException e) {
            positionOfId.values().forEach(i -> results[i] = WriteResult.failed(failure(e)));
            return List.of(results);
        }
        Set<String> roleNames = new TreeSet<>();
        chunk.forEach(u -> roleNames.addAll(u.patch().addRoles()));
        CustomRoles roles = rolesForWriting(roleNames);
        ArrayNode body = JSON.arrayNode();
        Map<Long, Integer> sent = new LinkedHashMap<>();
        for (Map.Entry<Long, Integer> e : positionOfId.entrySet()) {
            int i = e.getValue();
            UserRecord before = current.get(e.getKey());
            if (before == null) {
                results[i] = notFound(chunk.get(i).id());
                continue;
            }
            try {
                ObjectNode user = UserJson.forUpdate(chunk.get(i).patch(), before.profile(), roles);
                if (user.isEmpty()) {
                    results[i] = WriteResult.stored(before);
                    continue;
                }
                ObjectNode withId = JSON.objectNode().put("id", e.getKey());
                withId.setAll(user);
                body.add(withId);
                sent.put(e.getKey(), i);
            } catch (UserJson.Rejected r) {
                results[i] = WriteResult.failed(WriteFailure.of(FailureKind.VALIDATION, Objects.requireNonNullElse(r.getMessage(), r.toString())));
            }
        }
        if (!sent.isEmpty()) {
            JsonNode job;
            try {
                job = jobs.awaitCompletion(client.put("/api/v2/users/update_many", wrap("users", body)));
            } catch (PermissionDeniedException e) {
                return fallBackToSingles(e, () -> singleUpdates(chunk));
            } catch (RosterSyncException e) {
                fillFailures(results, sent.values(), failure(e));
                return List.of(results);
            }
            Map<Integer, Long> updatedIds = new LinkedHashMap<>();
            for (JsonNode item : job.path("results")) {
                Integer i = item.path("id").canConvertToLong() ? sent.get(item.path("id").asLong()) : null;
                if (i == null || results[i] != null || updatedIds.containsKey(i)) {
                    continue;
                }
                if (isSuccess(item)) {
                    updatedIds.put(i, item.path("id").asLong());
                } else {
                    results[i] = WriteResult.failed(itemFailure(item));
                }
            }
            for (int i : sent.values()) {
                if (results[i] == null && !updatedIds.containsKey(i)) {
                    results[i] = WriteResult.failed(jobGaveNoResult(job));
                }
            }
            readBack(updatedIds, results);
        }
        return List.of(results);
    }

    private List<WriteResult> fallBackToSingles(PermissionDeniedException e, java.util.function.Supplier<List<WriteResult>> singles) {
        if (bulkDisabled.compareAndSet(false, true)) {
            LOG.info("{}: bulk user writes refused ({}); writing one user at a time from now on", name,
                    e.httpStatus().isPresent() ? "HTTP " + e.httpStatus().getAsInt() : "permission denied");
        }
        return singles.get();
    }

    /** Fetches the users a job wrote so that each result is the record as stored. */
    private void readBack(Map<Integer, Long> written, WriteResult[] results) {
        if (written.isEmpty()) {
            return;
        }
        Map<Long, UserRecord> stored;
        try {
            stored = showMany(new java.util.LinkedHashSet<>(written.values()));
        } catch (RosterSyncException e) {
            WriteFailure f = WriteFailure.of(e.kind(), "written, but reading it back failed: " + e.getMessage());
            written.keySet().forEach(i -> results[i] = WriteResult.failed(f));
            return;
        }
        for (Map.Entry<Integer, Long> w : written.entrySet()) {
            UserRecord r = stored.get(w.getValue());
            results[w.getKey()] = r != null ? WriteResult.stored(r)
                    : WriteResult.failed(WriteFailure.of(FailureKind.INVALID_RESPONSE,
                            "the job reported user " + w.getValue() + " as written but it cannot be read back"));
        }
    }

    private Map<Long, UserRecord> showMany(Set<Long> ids) {
        Map<Long, UserRecord> found = new HashMap<>();
        if (ids.isEmpty()) {
            return found;
        }
        StringBuilder list = new StringBuilder();
        for (long id : ids) {
            list.append(list.length() == 0 ? "" : ",").append(id);
        }
        JsonNode body = client.send(JsonRequest.get("/api/v2/users/show_many").query("ids", list.toString()).build()).body();
        JsonNode users = body.path("users");
        ReadRoles roles = new ReadRoles(customRoles);
        for (JsonNode user : users) {
            UserJson.Outcome outcome = UserJson.read(user, roles.forUser(user));
            if (outcome instanceof UserJson.Mapped m) {
                found.put(Long.parseLong(m.record().id().value()), m.record());
            }
        }
        return found;
    }

    private static boolean isSuccess(JsonNode item) {
        if (item.hasNonNull("error")) {
            return false;
        }
        boolean success = !item.path("success").isBoolean() || item.path("success").asBoolean();
        String status = item.path("status").asText("");
        return success && !status.equalsIgnoreCase("Failed") && item.path("id").canConvertToLong() && item.path("id").asLong() > 0;
    }

    private static WriteFailure itemFailure(JsonNode item) {
        String error = item.path("error").asText("Failed");
        String details = item.path("details").isTextual() ? item.path("details").asText() : "";
        FailureKind kind = FailureKind.VALIDATION;
        String lower = error.toLowerCase(java.util.Locale.ROOT);
        if (lower.contains("duplicate") || lower.contains("taken")) {
            kind = FailureKind.CONFLICT;
        } else if (lower.contains("permission")) {
            kind = FailureKind.PERMISSION_DENIED;
        } else if (lower.contains("notfound") || lower.contains("not_found")) {
            kind = FailureKind.NOT_FOUND;
        }
        String message = "zendesk job: " + error + (details.isBlank() ? "" : ": " + clip(details, 200));
        return error.matches("[A-Za-z_]{1,60}") ? WriteFailure.of(kind, message, error) : WriteFailure.of(kind, message);
    }

    private static WriteFailure jobGaveNoResult(JsonNode job) {
        String status = job.path("status").asText("unknown");
        return WriteFailure.of(status.equals("completed") ? FailureKind.INVALID_RESPONSE : FailureKind.TRANSIENT,
                "zendesk job " + clip(status, 20) + " without a result for this user");
    }

    private static void fillFailures(WriteResult[] results, Iterable<Integer> positions, WriteFailure failure) {
        for (int i : positions) {
            results[i] = WriteResult.failed(failure);
        }
    }

    // ---- helpers ----------------------------------------------------------------------------------

    private WriteResult stored(JsonNode user) {
        UserJson.Outcome outcome = UserJson.read(user, rolesFor(user));
        if (outcome instanceof UserJson.Mapped m) {
            return WriteResult.stored(m.record());
        }
        String why = outcome instanceof UserJson.Unreadable u ? u.problem().message() : "the user is deleted";
        return WriteResult.failed(WriteFailure.of(FailureKind.INVALID_RESPONSE, "zendesk answered with an unusable user: " + why));
    }

    private CustomRoles loadCustomRoles() {
        CustomRoles loaded;
        try {
            loaded = CustomRoles.parse(client.get("/api/v2/custom_roles"));
        } catch (PermissionDeniedException | NotFoundException e) {
            // Custom roles need the Enterprise plan; without them every agent is a plain agent.
            LOG.debug("{}: custom roles not available ({})", name, e.getClass().getSimpleName());
            loaded = CustomRoles.none();
        }
        customRoles = loaded;
        return loaded;
    }

    private CustomRoles cachedRoles() {
        CustomRoles roles = customRoles;
        return roles != null ? roles : loadCustomRoles();
    }

    /** The roles to read {@code user} with, reloaded once if it holds a custom role we do not know yet. */
    private CustomRoles rolesFor(JsonNode user) {
        return new ReadRoles(customRoles).forUser(user);
    }

    /**
     * Custom role names for one read: {@code GET /api/v2/custom_roles} is asked at most once, and only
     * when a user holds a {@code custom_role_id} the roles at hand do not name (only agents on Enterprise
     * accounts carry one; end-users, admins and plain agents have {@code null}). A read that meets no
     * such user costs no request for roles.
     */
    private final class ReadRoles {
        private @Nullable CustomRoles roles;
        private boolean loaded;

        ReadRoles(@Nullable CustomRoles start) {
            this.roles = start;
        }

        CustomRoles forUser(JsonNode user) {
            JsonNode id = user.path("custom_role_id");
            if (!loaded && id.isIntegralNumber() && (roles == null || roles.name(id.asLong()).isEmpty())) {
                roles = loadCustomRoles();
                loaded = true;
            }
            CustomRoles known = roles;
            return known != null ? known : CustomRoles.none();
        }
    }

    /** The roles to write {@code names} with, reloaded once if one of them is not known yet. */
    private CustomRoles rolesForWriting(Set<String> names) {
        CustomRoles roles = cachedRoles();
        for (String n : names) {
            if (ZendeskRole.fromApiName(n).isEmpty() && roles.id(n).isEmpty()) {
                return loadCustomRoles();
            }
        }
        return roles;
    }

    private void requireCapability(Capability capability) {
        if (!capabilities.contains(capability)) {
            throw new io.rostersync.spi.UnsupportedCapabilityException(name, capability);
        }
    }

    private static Optional<Long> numericId(NativeId id) {
        String v = id.value();
        if (!v.matches("[1-9][0-9]{0,18}")) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(v));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static WriteResult notFound(NativeId id) {
        return WriteResult.failed(WriteFailure.of(FailureKind.NOT_FOUND, "zendesk has no user " + clip(id.value(), 40)));
    }

    private static WriteFailure failure(RosterSyncException e) {
        return new WriteFailure(e.kind(), e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(), e.vendorCode());
    }

    private static ObjectNode wrap(String field, JsonNode value) {
        ObjectNode body = JSON.objectNode();
        body.set(field, value);
        return body;
    }

    private static InvalidResponseException invalid(String what) {
        return new InvalidResponseException(ErrorDetails.of(VENDOR), VENDOR + " " + what);
    }

    private static String clip(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 3) + "...";
    }

    /** Names the directory and what it may do; never credentials. */
    @Override
    public String toString() {
        return "ZendeskDirectory[" + name + ", capabilities=" + new TreeSet<>(capabilities) + "]";
    }

    /**
     * Configuration of a {@link ZendeskDirectory}. Not thread-safe; the built directory is. Every setter
     * validates at once and throws {@link InvalidConfigurationException}; {@link #build()} never touches
     * the network.
     */
    public static final class Builder {
        private String subdomain = "";
        private @Nullable HttpAuth auth;
        private @Nullable ClientCredentials clientCredentials;
        private Optional<URI> testBaseUri = Optional.empty();
        private Set<ZendeskRole> onlyRoles = Set.of();
        private boolean readOnly;
        private boolean softDelete;
        private int pageSize = 100;
        private int incrementalPageSize = 1000;
        private Optional<RateLimit> accountRateLimit = Optional.of(RateLimit.of("zendesk-account", 400, Duration.ofMinutes(1)));
        private Optional<RateLimit> incrementalRateLimit = Optional.of(RateLimit.of("zendesk-incremental-export", 10, Duration.ofMinutes(1)));
        private HttpSettings http = HttpSettings.defaults();
        private Duration jobPollInterval = Duration.ofSeconds(2);
        private Duration jobTimeout = Duration.ofMinutes(10);

        private record ClientCredentials(String clientId, Secret secret, String scope) {
        }

        private Builder() {
        }

        /**
         * The account's subdomain: {@code abc-energy} for {@code https://abc-energy.zendesk.com}. Only a
         * bare DNS label is accepted (letters, digits, inner hyphens), never a URL.
         *
         * @param subdomain the label; surrounding blanks are ignored
         * @return this builder
         * @throws InvalidConfigurationException if it is not a bare DNS label
         */
        public Builder subdomain(String subdomain) {
            this.subdomain = BaseUris.requireDnsLabel(VENDOR, "subdomain", Objects.requireNonNull(subdomain, "subdomain").strip());
            return this;
        }

        /**
         * An API token of the integration user: {@code Basic {email}/token:{token}}.
         *
         * @param email the integration user's email
         * @param token the API token
         * @return this builder; replaces credentials set before
         * @throws InvalidConfigurationException if the email is blank or holds {@code :}
         */
        public Builder apiToken(String email, Secret token) {
            try {
                this.auth = HttpAuth.zendeskApiToken(email, token);
            } catch (IllegalArgumentException e) {
                throw config("the API token's email must be a plain address");
            }
            this.clientCredentials = null;
            return this;
        }

        /**
         * An OAuth access token obtained by the host (authorization-code flow): {@code Bearer {token}}.
         *
         * @param accessToken the token
         * @return this builder; replaces credentials set before
         */
        public Builder oauthToken(Secret accessToken) {
            this.auth = HttpAuth.bearer(Objects.requireNonNull(accessToken, "accessToken"));
            this.clientCredentials = null;
            return this;
        }

        /**
         * OAuth client credentials: a token is requested from the account's {@code /oauth/tokens}, cached,
         * and replaced when Zendesk rejects it.
         *
         * @param scope space-separated scopes, such as {@code "users:read"} or {@code "read write"}
         * @param clientId     the OAuth client's identifier
         * @param clientSecret the OAuth client's secret
         * @return this builder; replaces credentials set before
         * @throws InvalidConfigurationException if the client id is blank
         */
        public Builder oauthClientCredentials(String clientId, Secret clientSecret, String scope) {
            Objects.requireNonNull(clientId, "clientId");
            if (clientId.isBlank()) {
                throw config("the OAuth client id must not be blank");
            }
            this.clientCredentials = new ClientCredentials(clientId, Objects.requireNonNull(clientSecret, "clientSecret"),
                    Objects.requireNonNull(scope, "scope"));
            this.auth = null;
            return this;
        }

        /**
         * Any other {@link HttpAuth}.
         *
         * @param auth the authentication
         * @return this builder; replaces credentials set before
         */
        public Builder auth(HttpAuth auth) {
            this.auth = Objects.requireNonNull(auth, "auth");
            this.clientCredentials = null;
            return this;
        }

        /**
         * For tests only: talk to a local server (an emulator) instead of {@code https://<subdomain>.zendesk.com}.
         * Only loopback addresses are accepted.
         *
         * @param uri the server's base URL
         * @return this builder
         * @throws InvalidConfigurationException unless it is a valid loopback URL
         */
        public Builder baseUriForTesting(URI uri) {
            URI valid = BaseUris.requireSecure(VENDOR, Objects.requireNonNull(uri, "uri"), true);
            if (!BaseUris.isLoopback(valid)) {
                throw config("a test base URI must be a loopback address");
            }
            this.testBaseUri = Optional.of(valid);
            return this;
        }

        /**
         * Reads only users of these roles; empty means everyone. The full read asks Zendesk to filter
         * ({@code role[]=…}); every other read applies the same filter itself: the incremental export and a look-up
         * by id report a user of another role as removed, and {@link ZendeskDirectory#get} does not find one.
         *
         * @param roles the roles; copied
         * @return this builder
         */
        public Builder onlyRoles(Set<ZendeskRole> roles) {
            this.onlyRoles = Set.copyOf(roles);
            return this;
        }

        /**
         * Declares reads only: for syncs where Zendesk is the source of truth and is never written.
         *
         * @return this builder
         */
        public Builder readOnly() {
            this.readOnly = true;
            return this;
        }

        /**
         * Declares {@link Capability#DELETE} (Zendesk's soft delete). Off by default: deletion loses history.
         *
         * @return this builder
         */
        public Builder allowSoftDelete() {
            this.softDelete = true;
            return this;
        }

        /**
         * Users per page of a full read, 1 to 100 (default 100).
         *
         * @param size users per page
         * @return this builder
         * @throws InvalidConfigurationException outside 1 to 100
         */
        public Builder pageSize(int size) {
            if (size < 1 || size > 100) {
                throw config("page size must be 1 to 100");
            }
            this.pageSize = size;
            return this;
        }

        /**
         * Users per page of the incremental export, 1 to 1000 (default 1000).
         *
         * @param size users per page
         * @return this builder
         * @throws InvalidConfigurationException outside 1 to 1000
         */
        public Builder incrementalPageSize(int size) {
            if (size < 1 || size > 1000) {
                throw config("incremental page size must be 1 to 1000");
            }
            this.incrementalPageSize = size;
            return this;
        }

        /**
         * Client-side budget for every request (default 400 a minute, Zendesk Professional's limit).
         *
         * @param limit the budget
         * @return this builder
         */
        public Builder accountRateLimit(RateLimit limit) {
            this.accountRateLimit = Optional.of(Objects.requireNonNull(limit, "limit"));
            return this;
        }

        /**
         * Extra budget for the incremental export (default 10 a minute, as Zendesk documents).
         *
         * @param limit the budget
         * @return this builder
         */
        public Builder incrementalRateLimit(RateLimit limit) {
            this.incrementalRateLimit = Optional.of(Objects.requireNonNull(limit, "limit"));
            return this;
        }

        /**
         * No client-side rate limits: Zendesk's 429s (honoured through Retry-After) are the only brake.
         *
         * @return this builder
         */
        public Builder withoutClientRateLimits() {
            this.accountRateLimit = Optional.empty();
            this.incrementalRateLimit = Optional.empty();
            return this;
        }

        /**
         * Transport, clock (also for job timeouts and incremental start times), sleeper (also for job
         * polling), retry, shared rate limits, timeouts; default {@link HttpSettings#defaults()}.
         *
         * @param settings the settings
         * @return this builder
         */
        public Builder http(HttpSettings settings) {
            this.http = Objects.requireNonNull(settings, "settings");
            return this;
        }

        /**
         * How often a bulk job's status is polled (default 2 s) and how long it may take (default 10 min).
         *
         * @param interval time between polls, positive
         * @param timeout  longest wait for one job, zero or more
         * @return this builder
         * @throws InvalidConfigurationException if the interval is not positive or the timeout is negative
         */
        public Builder jobPolling(Duration interval, Duration timeout) {
            if (interval == null || timeout == null || interval.isNegative() || interval.isZero() || timeout.isNegative()) {
                throw config("job poll interval must be positive and the timeout not negative");
            }
            this.jobPollInterval = interval;
            this.jobTimeout = timeout;
            return this;
        }

        /**
         * Builds the directory without touching the network.
         *
         * @return the directory
         * @throws InvalidConfigurationException without a subdomain or credentials
         */
        public ZendeskDirectory build() {
            if (subdomain.isEmpty()) {
                throw config("a subdomain is required");
            }
            if (auth == null && clientCredentials == null) {
                throw config("credentials are required: apiToken, oauthToken or oauthClientCredentials");
            }
            URI base = testBaseUri.orElseGet(() -> URI.create("https://" + subdomain + ".zendesk.com"));
            boolean loopback = testBaseUri.isPresent();
            HttpAuth effective = auth;
            if (clientCredentials != null) {
                OAuth2TokenEndpoint.Builder endpoint = OAuth2TokenEndpoint.builder(base.resolve("/oauth/tokens"))
                        .vendor(VENDOR)
                        .requestFormat(OAuth2TokenEndpoint.RequestFormat.JSON)
                        .settings(http)
                        .requestIdHeaders(REQUEST_ID_HEADERS);
                if (loopback) {
                    endpoint.allowInsecureLoopback();
                }
                effective = TokenClient.clientCredentials(endpoint.build(), clientCredentials.clientId(), clientCredentials.secret())
                        .clientAuthentication(TokenClient.ClientAuthentication.REQUEST_BODY)
                        .scope(clientCredentials.scope())
                        .build();
            }
            JsonHttpClient.Builder client = JsonHttpClient.builder(VENDOR, base)
                    .settings(http)
                    .auth(Objects.requireNonNull(effective))
                    .requestIdHeaders(REQUEST_ID_HEADERS)
                    .errorParser(ZendeskErrorParser.INSTANCE);
            accountRateLimit.ifPresent(client::rateLimit);
            if (loopback) {
                client.allowInsecureLoopback();
            }
            return new ZendeskDirectory(this, client.build());
        }

        private static InvalidConfigurationException config(String what) {
            return new InvalidConfigurationException(ErrorDetails.of(VENDOR), VENDOR + ": " + what);
        }
    }
}
