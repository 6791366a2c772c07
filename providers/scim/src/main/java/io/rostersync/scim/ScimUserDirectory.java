package io.rostersync.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rostersync.http.HttpAuth;
import io.rostersync.http.HttpSettings;
import io.rostersync.http.internal.JsonHttpClient;
import io.rostersync.http.internal.JsonRequest;
import io.rostersync.http.internal.JsonResponse;
import io.rostersync.model.EmailAddress;
import io.rostersync.model.NativeId;
import io.rostersync.model.UserPatch;
import io.rostersync.model.UserProfile;
import io.rostersync.model.UserRecord;
import io.rostersync.model.UserStatus;
import io.rostersync.model.Username;
import io.rostersync.scim.internal.ScimErrorParser;
import io.rostersync.scim.internal.ScimUserMapper;
import io.rostersync.spi.Capability;
import io.rostersync.spi.ConflictException;
import io.rostersync.spi.CreateOptions;
import io.rostersync.spi.ErrorDetails;
import io.rostersync.spi.FailureKind;
import io.rostersync.spi.InvalidConfigurationException;
import io.rostersync.spi.InvalidResponseException;
import io.rostersync.spi.NotFoundException;
import io.rostersync.spi.ReadProblem;
import io.rostersync.spi.RosterSyncException;
import io.rostersync.spi.UserDirectory;
import io.rostersync.spi.UserLookup;
import io.rostersync.spi.UserLookupResult;
import io.rostersync.spi.UserPage;
import io.rostersync.spi.UserPages;
import io.rostersync.spi.WriteFailure;
import io.rostersync.spi.WriteResult;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The users of any SCIM 2.0 service provider (RFC 7643/7644) as a {@link UserDirectory}.
 *
 * <ul>
 *   <li>Requests carry {@code application/scim+json} (RFC 7644 section 8.1) as Content-Type and in Accept
 *       (with {@code application/json}); {@link Builder#mediaType} changes it for servers that refuse it.</li>
 *   <li>Reads list {@code /Users} with {@code startIndex}/{@code count} and stream page by page; a user
 *       that cannot be mapped (no id, invalid email) becomes a {@link ReadProblem}. Each page after the
 *       first overlaps the one before by one user, so that a list that changed between two requests (a
 *       user deleted, inserted or moved; {@code totalResults} moved; a user listed twice; a page shorter
 *       than the server's page size before the end) is noticed: the read starts again from the first page,
 *       handing out only users not handed out yet, up to {@link Builder#readAttempts} times, and then fails
 *       as truncated, so that nobody is deprovisioned from a read that skipped someone. An empty page while
 *       {@code totalResults} says more follow fails the read at once.</li>
 *   <li>Creates POST a full resource. A {@code 409} (SCIM {@code uniqueness}) is
 *       {@link FailureKind#ALREADY_EXISTS}: the account holding the userName is never returned, linked or
 *       written here; {@link #findExisting} names the candidates (by userName and by email, so that a server
 *       comparing userNames case-sensitively still finds the holder) and the engine decides with the
 *       policy's matcher.</li>
 *   <li>Updates, deactivation ({@code active: false}) and reactivation send the change itself as PATCH
 *       operations, without reading the user first; a new email replaces the value of the primary address
 *       only ({@code emails[primary eq true].value}), so the user's other addresses stay. Roles or groups
 *       kept in an extension attribute, and servers without PATCH (see {@link PatchSupport}), are written
 *       from the user as read just before: the differences with PATCH, or the whole resource with PUT, which
 *       keeps attributes the mapping does not know and the other email addresses.</li>
 *   <li>Where the server advertises ETags ({@code etag.supported} in ServiceProviderConfig), writes carry
 *       {@code If-Match} with the version the run read (or the last write returned); a {@code 412} is a
 *       {@link FailureKind#CONFLICT} for that user, who is re-read on the next run.</li>
 *   <li>A user asked to be active that comes back inactive (Talkdesk does this when no seat is free) is
 *       a failure of the configured kind, not a success.</li>
 *   <li>Roles come from the core {@code roles} attribute unless a {@link ScimSchemaExtension} maps them;
 *       groups only through an extension (the core {@code groups} attribute is read-only).</li>
 * </ul>
 *
 * <p>Writes return {@link WriteResult.Failed} with the vendor's {@code scimType} as vendor code instead of
 * throwing. The caller owns the SCIM base URL (such as {@code https://example.com/scim/v2/}), the
 * credentials ({@link HttpAuth}) and transport, retry, rate limits and timeouts ({@link HttpSettings}).
 *
 * <pre>{@code
 * ScimUserDirectory scim = ScimUserDirectory.builder("acme-scim", URI.create("https://idp.example.com/scim/v2/"))
 *         .auth(HttpAuth.bearer(Secret.of("SCIM_TOKEN", System.getenv("SCIM_TOKEN"))))
 *         .http(settings)
 *         .build();
 * }</pre>
 *
 * <p>Thread-safety: safe for use from one thread at a time, as the engine does; the PATCH support
 * decision is shared safely.
 *
 * @since 0.1.0
 */
public final class ScimUserDirectory implements UserDirectory {

    private static final Logger LOG = LoggerFactory.getLogger(ScimUserDirectory.class);

    /** The SCIM media type (RFC 7644 section 8.1), sent by default. */
    public static final String SCIM_MEDIA_TYPE = "application/scim+json";
    private static final String JSON_MEDIA_TYPE = "application/json";
    /** Results asked for by a lookup of a unique key. */
    private static final int SEARCH_COUNT = 10;

    private final String name;
    private final JsonHttpClient client;
    private final ScimUserMapper mapper;
    private final int pageSize;
    private final PatchSupport patchSupport;
    private final FailureKind activationRefused;
    private final Set<Capability> capabilities;
    private final String mediaType;
    private final String accept;
    private final int readAttempts;
    /** Versions ({@code meta.version}, ETags) of users as last read or written, for {@code If-Match}. */
    private final Map<NativeId, String> versions = new ConcurrentHashMap<>();
    /** null = not decided yet; decided once per directory. */
    private volatile @Nullable Boolean usePatch;
    /** null = not read yet; read once per directory. */
    private volatile @Nullable JsonNode config;

    private ScimUserDirectory(Builder b, JsonHttpClient client) {
        this.name = b.name;
        this.client = client;
        this.mapper = new ScimUserMapper(b.extension, b.sendEmails, b.externalIdAttribute);
        this.pageSize = b.pageSize;
        this.patchSupport = b.patchSupport;
        this.activationRefused = b.activationRefused;
        this.mediaType = b.mediaType;
        this.accept = b.mediaType.equalsIgnoreCase(JSON_MEDIA_TYPE) ? JSON_MEDIA_TYPE : b.mediaType + ", " + JSON_MEDIA_TYPE;
        this.readAttempts = b.readAttempts;
        EnumSet<Capability> caps = EnumSet.of(Capability.READ, Capability.CREATE, Capability.UPDATE,
                Capability.DEACTIVATE, Capability.REACTIVATE, Capability.LOOKUP);
        if (b.allowDelete) {
            caps.add(Capability.DELETE);
        }
        this.capabilities = Set.copyOf(caps);
        this.usePatch = b.patchSupport == PatchSupport.PUT_ONLY ? Boolean.FALSE
                : b.patchSupport == PatchSupport.PATCH ? Boolean.TRUE : null;
    }

    /**
     * Starts a configuration; credentials ({@link Builder#auth}) are required. Defaults: vendor name
     * {@code scim} in messages, {@link HttpSettings#defaults()}, pages of 100, {@link PatchSupport#AUTO}, no
     * extension, the email also sent as the primary {@code emails} value, {@code externalId} read into and
     * written from the profile attribute {@code externalId}, delete allowed, an activation the server refuses
     * reported as {@link FailureKind#VALIDATION}.
     *
     * @param name     the directory's name in plans and reports
     * @param scimBase the SCIM base URL ({@code https://…/scim/v2/}); https unless the settings allow a
     *                 loopback test server
     * @return a builder
     * @throws IllegalArgumentException if the name is blank
     */
    public static Builder builder(String name, URI scimBase) {
        return new Builder(name, scimBase);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Set<Capability> capabilities() {
        return capabilities;
    }

    // ---- reads -------------------------------------------------------------------------------

    @Override
    public UserPages readAll() {
        return new Pages();
    }

    @Override
    public Optional<UserRecord> get(NativeId id) {
        return fetch(id).map(node -> record(node, id));
    }

    /**
     * The users whose {@code userName} equals {@code userName} as the server's filter compares it
     * (RFC 7643 makes {@code userName} case-insensitive; some servers compare exactly).
     *
     * @param userName the user name to look for
     * @return the matching users; empty, never null, when there are none
     * @throws io.rostersync.spi.RosterSyncException when the server cannot be asked (authentication, network)
     */
    public List<UserRecord> findByUserName(String userName) {
        Objects.requireNonNull(userName, "userName");
        List<UserRecord> found = new ArrayList<>();
        for (JsonNode r : search("userName eq " + ScimUserMapper.quoted(userName))) {
            found.add(record(r, NativeId.of("search-result-" + (found.size() + 1))));
        }
        return found;
    }

    /**
     * The accounts that hold the profile's userName or email: {@code userName eq} the profile's username
     * and its email, and {@code emails.value eq} the email (or {@code emails eq} where the server refuses
     * that form), united by id. The email searches find a holder on a server whose filter compares
     * userNames case-sensitively. A server that accepts neither email filter is read in full instead.
     * Only resources that really hold one of the keys (compared ignoring case) are returned: a server that
     * ignores the filter never turns its whole list into candidates.
     */
    @Override
    public List<UserRecord> findExisting(UserProfile profile) {
        Objects.requireNonNull(profile, "profile");
        List<String> keys = new ArrayList<>();
        profile.username().map(Username::value).ifPresent(keys::add);
        profile.email().map(EmailAddress::value).filter(e -> !keys.contains(e)).ifPresent(keys::add);
        Map<NativeId, UserRecord> found = new LinkedHashMap<>();
        for (String key : keys) {
            collect(search("userName eq " + ScimUserMapper.quoted(key)), keys, found);
        }
        if (profile.email().isPresent()) {
            String email = ScimUserMapper.quoted(profile.email().get().value());
            Optional<List<JsonNode>> byEmail = searchIfSupported("emails.value eq " + email)
                    .or(() -> searchIfSupported("emails eq " + email));
            if (byEmail.isPresent()) {
                collect(byEmail.get(), keys, found);
            } else {
                LOG.info("{}: the server filters neither emails.value nor emails; reading every user to find {}'s holders",
                        name, profile.email().get().value());
                for (UserRecord r : UserDirectory.super.findExisting(profile)) {
                    found.putIfAbsent(r.id(), r);
                }
            }
        }
        return List.copyOf(found.values());
    }

    /**
     * The users asked for: ids by {@code GET /Users/{id}} (one request each, the one lookup every server
     * offers), usernames by {@code filter=userName eq "…"}, emails by {@code filter=emails.value eq "…"} (or
     * {@code emails eq} where the server refuses that form; a server that accepts neither is read in full and
     * kept to the emails asked for). Only resources that fit the look-up are returned, so a server that
     * ignores a filter never answers with its whole list. No id is answered removed: SCIM's DELETE leaves nothing to
     * tell a deleted user from one that never was (404 for both), and a deactivated user ({@code active: false})
     * is found, with its status.
     */
    @Override
    public UserLookupResult lookUp(UserLookup lookup) {
        Objects.requireNonNull(lookup, "lookup");
        Map<NativeId, UserRecord> found = new LinkedHashMap<>();
        for (NativeId id : lookup.ids()) {
            get(id).ifPresent(r -> found.putIfAbsent(r.id(), r));
        }
        for (Username u : lookup.usernames()) {
            keepFitting(search("userName eq " + ScimUserMapper.quoted(u.value())), lookup, found);
        }
        boolean readAllForEmails = false;
        for (EmailAddress e : lookup.emails()) {
            String email = ScimUserMapper.quoted(e.value());
            Optional<List<JsonNode>> byEmail = searchIfSupported("emails.value eq " + email)
                    .or(() -> searchIfSupported("emails eq " + email));
            if (byEmail.isEmpty()) {
                readAllForEmails = true;
                break;
            }
            keepFitting(byEmail.get(), lookup, found);
        }
        if (readAllForEmails) {
            LOG.info("{}: the server filters neither emails.value nor emails; reading every user to look up {} emails",
                    name, lookup.emails().size());
            try (UserPages pages = readAll()) {
                for (Optional<UserPage> page = pages.next(); page.isPresent(); page = pages.next()) {
                    page.get().users().stream().filter(lookup::wants).forEach(r -> found.putIfAbsent(r.id(), r));
                }
            }
        }
        return UserLookupResult.found(found.values());
    }

    private void keepFitting(List<JsonNode> resources, UserLookup lookup, Map<NativeId, UserRecord> into) {
        for (JsonNode r : resources) {
            UserRecord rec;
            try {
                rec = mapper.toRecord(r, "search result");
            } catch (ScimUserMapper.UnmappableUserException e) {
                throw invalid(e.location() + " " + e.getMessage());
            }
            if (lookup.wants(rec) && into.putIfAbsent(rec.id(), rec) == null) {
                remember(rec.id(), r);
            }
        }
    }

    private void collect(List<JsonNode> resources, List<String> keys, Map<NativeId, UserRecord> into) {
        for (JsonNode r : resources) {
            if (!ScimUserMapper.holdsAnyOf(r, keys)) {
                continue;
            }
            try {
                UserRecord rec = mapper.toRecord(r, "search result");
                into.putIfAbsent(rec.id(), rec);
                remember(rec.id(), r);
            } catch (ScimUserMapper.UnmappableUserException e) {
                throw invalid(e.location() + " " + e.getMessage());
            }
        }
    }

    /** The first page of {@code /Users?filter=…}, which is all a lookup by a unique key needs. */
    private List<JsonNode> search(String filter) {
        JsonNode body = client.send(JsonRequest.get("Users")
                .query("filter", filter)
                .query("startIndex", "1")
                .query("count", String.valueOf(SEARCH_COUNT))
                .accept(accept)
                .build()).body();
        List<JsonNode> out = new ArrayList<>();
        body.path("Resources").forEach(out::add);
        return out;
    }

    /** A search, or empty when the server refuses the filter (400 {@code invalidFilter}, 501). */
    private Optional<List<JsonNode>> searchIfSupported(String filter) {
        try {
            return Optional.of(search(filter));
        } catch (RosterSyncException e) {
            int status = e.httpStatus().orElse(0);
            if (status == 501 || (status == 400 && !e.vendorCode().filter(c -> !c.equals("invalidFilter")).isPresent())) {
                LOG.debug("{}: filter refused ({}{})", name, status, e.vendorCode().map(c -> " " + c).orElse(""));
                return Optional.empty();
            }
            throw e;
        }
    }

    private Optional<JsonNode> fetch(NativeId id) {
        Optional<String> path = userPath(id);
        if (path.isEmpty()) {
            return Optional.empty();
        }
        try {
            JsonResponse response = client.send(JsonRequest.get(path.get()).accept(accept).build());
            JsonNode node = response.body();
            if (!node.isObject()) {
                throw invalid("GET " + "Users/{id} returned no user resource");
            }
            remember(id, response);
            return Optional.of(node);
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    private UserRecord record(JsonNode node, NativeId expected) {
        try {
            return mapper.toRecord(node, "user " + expected.value());
        } catch (ScimUserMapper.UnmappableUserException e) {
            throw invalid(e.location() + " " + e.getMessage());
        }
    }

    private InvalidResponseException invalid(String what) {
        return new InvalidResponseException(ErrorDetails.of(client.vendor()), name + ": " + what);
    }

    /** {@code Users/<id>} with the id percent-encoded as one path segment; empty for ids no server could hold. */
    private static Optional<String> userPath(NativeId id) {
        String v = id.value();
        if (v.equals(".") || v.equals("..")) {
            return Optional.empty();
        }
        return Optional.of("Users/" + URLEncoder.encode(v, StandardCharsets.UTF_8).replace("+", "%20"));
    }

    // ---- versions (ETags) ---------------------------------------------------------------------

    /** Keeps the resource's version (its {@code meta.version}) for a later {@code If-Match}. */
    private void remember(NativeId id, JsonNode resource) {
        ScimUserMapper.version(resource).ifPresent(v -> versions.put(id, v));
    }

    /** Keeps the version a response carries: its {@code ETag} header, else the body's {@code meta.version}. */
    private void remember(NativeId id, JsonResponse response) {
        Optional<String> etag = response.header("ETag").filter(v -> !v.isBlank());
        if (etag.isPresent()) {
            versions.put(id, etag.get());
        } else {
            remember(id, response.body());
        }
    }

    /**
     * Reads the user before a write without forgetting the version it had when the run read it: a write
     * conditional on that version fails if someone changed the user since, which is the point.
     */
    private Optional<JsonNode> fetchKeepingKnownVersion(NativeId id) {
        String known = versions.get(id);
        Optional<JsonNode> current = fetch(id);
        if (known != null && current.isPresent()) {
            versions.put(id, known);
        }
        return current;
    }

    /** The {@code If-Match} for a write to {@code id}: only where the server advertises ETags and the version is known. */
    private Optional<String> ifMatch(NativeId id) {
        if (!etagsSupported()) {
            return Optional.empty();
        }
        return Optional.ofNullable(versions.get(id));
    }

    /**
     * Lazy pages of {@code /Users?startIndex=…&count=…} that prove the list held still while it was read.
     * Each page after the first starts one position early, so that its first user must be the last one of
     * the page before; a user deleted or inserted before that position shifts the list and shows there. A
     * moved {@code totalResults}, a user listed twice or a page shorter than the server's page size before
     * the end say the same. Then the read starts over from the first page (users already handed out are
     * not handed out again), up to the configured number of attempts; after that it fails as truncated, so
     * that nobody is deprovisioned from it.
     */
    private final class Pages implements UserPages {
        private final Set<NativeId> handedOut = new HashSet<>();
        private int attempt = 1;
        // The current pass over the list.
        private Set<NativeId> seen = new HashSet<>();
        private int nextIndex = 1;
        private int total = -1;
        private int serverPageSize = pageSize;
        private @Nullable NativeId lastListed;
        private boolean done;

        Pages() {
            versions.clear();
        }

        @Override
        public Optional<UserPage> next() {
            while (!done) {
                Optional<UserPage> page = nextOfPass();
                if (page.isPresent()) {
                    return page;
                }
            }
            return Optional.empty();
        }

        /** The next page of this pass, or empty when the list changed and a new pass has begun. */
        private Optional<UserPage> nextOfPass() {
            // A page of one cannot overlap and still move on: then only the other signs tell a change.
            boolean overlapping = lastListed != null && Math.min(pageSize, serverPageSize) > 1;
            int startIndex = overlapping ? nextIndex - 1 : nextIndex;
            JsonNode body = client.send(JsonRequest.get("Users")
                    .query("startIndex", String.valueOf(startIndex))
                    .query("count", String.valueOf(pageSize))
                    .accept(accept)
                    .build()).body();
            JsonNode resources = body.path("Resources");
            JsonNode totalNode = body.path("totalResults");
            if (!totalNode.canConvertToInt() || (!resources.isArray() && !resources.isMissingNode())) {
                throw invalid("list response without totalResults or Resources at startIndex " + startIndex);
            }
            int pageTotal = totalNode.asInt();
            int got = resources.size();
            boolean first = total < 0;
            if (first) {
                total = pageTotal;
                if (got > 0 && got < Math.min(pageSize, pageTotal)) {
                    serverPageSize = got; // the server's own page limit
                }
            } else if (pageTotal != total) {
                return changed("totalResults went from " + total + " to " + pageTotal);
            }
            int expected = Math.max(0, Math.min(serverPageSize, total - (startIndex - 1)));
            if (got == 0 && expected > 0) {
                throw invalid("page at startIndex " + startIndex + " is empty but totalResults is " + total
                        + " (truncated response)");
            }
            if (got < expected) {
                return changed("the page at startIndex " + startIndex + " has " + got + " users where " + expected + " were due");
            }
            List<UserRecord> users = new ArrayList<>();
            List<ReadProblem> problems = new ArrayList<>();
            int position = startIndex;
            for (JsonNode r : resources) {
                boolean overlap = overlapping && position == startIndex;
                try {
                    UserRecord rec = mapper.toRecord(r, "resource #" + position);
                    if (overlap) {
                        if (!rec.id().equals(lastListed)) {
                            return changed("position " + position + " holds " + rec.id() + " instead of " + lastListed);
                        }
                    } else {
                        if (!seen.add(rec.id())) {
                            return changed("user " + rec.id() + " is listed twice (or the server ignores startIndex)");
                        }
                        remember(rec.id(), r);
                        if (handedOut.add(rec.id())) {
                            users.add(rec);
                        }
                    }
                    lastListed = rec.id();
                } catch (ScimUserMapper.UnmappableUserException e) {
                    if (overlap) {
                        return changed("position " + position + " no longer holds " + lastListed);
                    }
                    problems.add(new ReadProblem(e.location(), Objects.requireNonNullElse(e.getMessage(), e.toString())));
                    lastListed = null; // an unreadable user cannot anchor the next page
                }
                position++;
            }
            int next = startIndex + got;
            if (!first && next <= nextIndex && next <= total) {
                throw invalid("the list did not move on at startIndex " + startIndex + " (truncated response)");
            }
            nextIndex = next;
            done = got == 0 || nextIndex > total;
            return Optional.of(UserPage.of(users, problems, Optional.empty()));
        }

        private Optional<UserPage> changed(String why) {
            if (attempt >= readAttempts) {
                throw invalid("the user list changed between pages in " + attempt + " reads in a row (last: " + why
                        + "); the read is incomplete (truncated)");
            }
            LOG.info("{}: the user list changed while it was read ({}); reading it again from the start", name, why);
            attempt++;
            seen = new HashSet<>();
            nextIndex = 1;
            total = -1;
            serverPageSize = pageSize;
            lastListed = null;
            return Optional.empty();
        }
    }

    // ---- writes ------------------------------------------------------------------------------

    /**
     * Creates the user. A {@code 409} (SCIM {@code uniqueness}) is {@link FailureKind#ALREADY_EXISTS}:
     * the account that holds the userName is never returned or written here; the engine looks it up with
     * {@link #findExisting} and decides with its matcher. A create answered without the resource is read
     * back from its {@code Location}; without one either it is {@link FailureKind#ALREADY_EXISTS} too (the
     * account now exists and is found the same way).
     */
    @Override
    public WriteResult create(UserProfile profile, CreateOptions options) {
        return attempt(() -> {
            Optional<String> userName = ScimUserMapper.userNameOf(profile);
            if (userName.isEmpty()) {
                return WriteResult.failed(FailureKind.VALIDATION, name + ": a SCIM user needs a username or an email");
            }
            ObjectNode body = mapper.toResource(profile, Optional.empty());
            JsonResponse response;
            try {
                response = client.send(JsonRequest.post("Users", body).contentType(mediaType).accept(accept).build());
            } catch (ConflictException e) {
                return WriteResult.failed(new WriteFailure(FailureKind.ALREADY_EXISTS,
                        name + ": " + userName.get() + " is already taken on the server (" + e.getMessage()
                                + "); the existing account is not linked without a match",
                        e.vendorCode().or(() -> Optional.of("uniqueness"))));
            }
            JsonNode created = response.body();
            if (!created.isObject()) {
                Optional<String> location = response.header("Location").filter(l -> !l.isBlank());
                if (location.isEmpty()) {
                    return WriteResult.failed(new WriteFailure(FailureKind.ALREADY_EXISTS,
                            name + ": the server answered the create of " + userName.get()
                                    + " without the user or its Location; the account is looked up before it is linked",
                            Optional.of("no_resource")));
                }
                try {
                    response = client.send(JsonRequest.get(location.get()).accept(accept).build());
                } catch (IllegalArgumentException e) {
                    return WriteResult.failed(new WriteFailure(FailureKind.ALREADY_EXISTS,
                            name + ": the server answered the create of " + userName.get()
                                    + " with a Location this client does not follow; the account is looked up before it is linked",
                            Optional.of("no_resource")));
                }
                created = response.body();
                if (!created.isObject()) {
                    throw invalid("the Location of a created user returned no user resource");
                }
            }
            UserRecord stored = mapper.toRecord(created, "created user");
            remember(stored.id(), response);
            return checkActivation(profile.status(), stored, "created");
        });
    }

    /**
     * Sends the change itself as PATCH operations, without reading the user first (see
     * {@link ScimUserMapper#operations}); roles or groups kept in an extension attribute, and servers
     * without PATCH, are written from the user as read just before.
     */
    @Override
    public WriteResult update(NativeId id, UserPatch patch) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(patch, "patch");
        return attempt(() -> {
            Optional<String> path = userPath(id);
            if (path.isEmpty()) {
                return notFound(id);
            }
            if (!patchFirst() || mapper.needsCurrent(patch)) {
                return readModifyWrite(id, patch::applyTo);
            }
            ArrayNode ops = mapper.operations(patch);
            if (ops.isEmpty()) {
                return get(id).map(WriteResult::stored).orElseGet(() -> notFound(id));
            }
            Optional<JsonResponse> answer;
            try {
                answer = sendPatch(id, path.get(), ops);
            } catch (RosterSyncException e) {
                if (ScimUserMapper.usesValueFilter(ops) && refusedPath(e)) {
                    // No primary address to filter on, or no value filters here: write those attributes whole.
                    LOG.debug("{}: {} refused a value filter path; writing from the stored user", name, id);
                    return readModifyWrite(id, patch::applyTo);
                }
                throw e;
            }
            if (answer.isEmpty()) {
                return readModifyWrite(id, patch::applyTo);
            }
            UserRecord stored = answered(id, answer.get());
            if (ScimUserMapper.usesValueFilter(ops) && !mapper.shows(patch, stored)) {
                LOG.debug("{}: {} ignored a value filter path; writing from the stored user", name, id);
                return readModifyWrite(id, patch::applyTo);
            }
            return WriteResult.stored(stored);
        });
    }

    @Override
    public WriteResult deactivate(NativeId id) {
        return setActive(id, false);
    }

    @Override
    public WriteResult reactivate(NativeId id) {
        return setActive(id, true);
    }

    private WriteResult setActive(NativeId id, boolean active) {
        Objects.requireNonNull(id, "id");
        UserStatus wanted = active ? UserStatus.ACTIVE : UserStatus.INACTIVE;
        return attempt(() -> {
            Optional<String> path = userPath(id);
            if (path.isEmpty()) {
                return notFound(id);
            }
            if (!patchFirst()) {
                return readModifyWrite(id, p -> p.toBuilder().status(wanted).build());
            }
            Optional<JsonResponse> answer = sendPatch(id, path.get(), ScimUserMapper.activeOperation(active));
            if (answer.isEmpty()) {
                return readModifyWrite(id, p -> p.toBuilder().status(wanted).build());
            }
            return checkActivation(wanted, answered(id, answer.get()), active ? "reactivated" : "deactivated");
        });
    }

    @Override
    public WriteResult delete(NativeId id) {
        if (!capabilities.contains(Capability.DELETE)) {
            return UserDirectory.super.delete(id);
        }
        return attempt(() -> {
            Optional<JsonNode> current = fetchKeepingKnownVersion(id);
            if (current.isEmpty()) {
                return notFound(id);
            }
            UserRecord before = record(current.get(), id);
            try {
                JsonRequest.Builder request = JsonRequest.delete(userPath(id).orElseThrow()).accept(accept);
                ifMatch(id).ifPresent(v -> request.header("If-Match", v));
                client.send(request.build());
            } catch (NotFoundException e) {
                return notFound(id);
            } catch (ConflictException e) {
                throw new PreconditionFailed(id, e);
            }
            versions.remove(id);
            return WriteResult.stored(before);
        });
    }

    /** Reads the user, then writes {@code edit} of it: PATCH with the differences, or PUT of the whole resource. */
    private WriteResult readModifyWrite(NativeId id, UnaryOperator<UserProfile> edit) {
        Optional<JsonNode> current = fetchKeepingKnownVersion(id);
        if (current.isEmpty()) {
            return notFound(id);
        }
        UserRecord before = record(current.get(), id);
        UserProfile after = edit.apply(before.profile());
        if (after.equals(before.profile())) {
            return WriteResult.stored(before);
        }
        String path = userPath(id).orElseThrow();
        Optional<JsonResponse> answer = Optional.empty();
        if (patchFirst()) {
            Optional<ObjectNode> ops = mapper.patch(before.profile(), after, current.get());
            if (ops.isEmpty()) {
                return WriteResult.stored(before);
            }
            answer = sendPatch(id, path, (ArrayNode) ops.get().get("Operations"));
        }
        if (answer.isEmpty()) {
            JsonRequest.Builder put = JsonRequest.put(path, mapper.toResource(after, current)).contentType(mediaType).accept(accept);
            ifMatch(id).ifPresent(v -> put.header("If-Match", v));
            try {
                answer = Optional.of(client.send(put.build()));
            } catch (ConflictException e) {
                throw new PreconditionFailed(id, e);
            }
            remember(id, answer.get());
        }
        return checkActivation(after.status(), answered(id, answer.get()), "updated");
    }

    /**
     * PATCHes {@code ops}, with {@code If-Match} where known; empty when the server has no PATCH (405/501),
     * which switches this directory to PUT for good.
     *
     * @throws PreconditionFailed on 412, or 409 to a conditional request
     */
    private Optional<JsonResponse> sendPatch(NativeId id, String path, ArrayNode ops) {
        JsonRequest.Builder request = JsonRequest.patch(path, ScimUserMapper.patchRequest(ops)).contentType(mediaType).accept(accept);
        Optional<String> version = ifMatch(id);
        version.ifPresent(v -> request.header("If-Match", v));
        try {
            // Not marked idempotent although replace operations are: the http module treats 501 as
            // transient, and retrying the "no PATCH here" answer would only delay the PUT.
            JsonResponse response = client.send(request.build());
            remember(id, response);
            return Optional.of(response);
        } catch (ConflictException e) {
            throw new PreconditionFailed(id, e);
        } catch (RosterSyncException e) {
            int status = e.httpStatus().orElse(0);
            if (status != 405 && status != 501) {
                throw e;
            }
            LOG.info("{}: the server answered PATCH with {}; using PUT from now on", name, status);
            usePatch = Boolean.FALSE;
            return Optional.empty();
        }
    }

    /** A 400 saying the PATCH path (a value filter) has no target or is not understood. */
    private static boolean refusedPath(RosterSyncException e) {
        return e.httpStatus().orElse(0) == 400 && e.vendorCode()
                .map(c -> c.equals("noTarget") || c.equals("invalidPath") || c.equals("invalidFilter")).orElse(false);
    }

    /** The user as a write stored it: the answer's body, or a read when the server answered without one. */
    private UserRecord answered(NativeId id, JsonResponse answer) {
        JsonNode body = answer.body();
        if (body.isObject() && body.has("id")) {
            remember(id, body);
            return record(body, id);
        }
        return fetch(id).map(n -> record(n, id)).orElseThrow(() -> invalid("user " + id + " vanished after an update"));
    }

    private WriteResult preconditionFailed(NativeId id, ConflictException e) {
        versions.remove(id);
        boolean conditional = e.httpStatus().orElse(0) == 412;
        return WriteResult.failed(new WriteFailure(FailureKind.CONFLICT,
                name + ": user " + id + (conditional ? " changed on the server since it was read (412 to If-Match); it is re-read on the next run"
                        : " could not be written: " + e.getMessage()),
                conditional ? Optional.of("precondition_failed") : e.vendorCode()));
    }

    /** A 412 (or 409) to a write, carried out of the request code to {@link #attempt}. */
    private static final class PreconditionFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final transient NativeId id;
        final transient ConflictException conflict;

        PreconditionFailed(NativeId id, ConflictException conflict) {
            super(null, null, false, false);
            this.id = id;
            this.conflict = conflict;
        }
    }

    /** The ServiceProviderConfig, read once; a missing node when the server does not publish it. */
    private JsonNode config() {
        JsonNode c = config;
        if (c == null) {
            try {
                c = client.send(JsonRequest.get("ServiceProviderConfig").accept(accept).build()).body();
            } catch (RosterSyncException e) {
                // Not every server publishes its configuration; a 405/501 to the first PATCH settles PATCH instead.
                LOG.debug("{}: ServiceProviderConfig unavailable ({})", name, e.getClass().getSimpleName());
                c = MissingNode.getInstance();
            }
            config = c;
        }
        return c;
    }

    private boolean etagsSupported() {
        return config().path("etag").path("supported").asBoolean(false);
    }

    private boolean patchFirst() {
        Boolean decided = usePatch;
        if (decided != null) {
            return decided;
        }
        JsonNode flag = config().path("patch").path("supported");
        boolean supported = !flag.isBoolean() || flag.asBoolean();
        usePatch = supported;
        return supported;
    }

    private WriteResult checkActivation(UserStatus wanted, UserRecord stored, String verb) {
        if (wanted == UserStatus.ACTIVE && stored.status() != UserStatus.ACTIVE) {
            return WriteResult.failed(new WriteFailure(activationRefused,
                    name + ": user " + stored.id() + " was " + verb + " but the server kept it inactive"
                            + (activationRefused == FailureKind.LICENSE_SHORTFALL ? " (no free license seat)" : ""),
                    Optional.of("kept_inactive")));
        }
        if (wanted == UserStatus.INACTIVE && stored.status() == UserStatus.ACTIVE) {
            return WriteResult.failed(new WriteFailure(FailureKind.VALIDATION,
                    name + ": user " + stored.id() + " was " + verb + " but the server kept it active", Optional.of("kept_active")));
        }
        return WriteResult.stored(stored);
    }

    private WriteResult notFound(NativeId id) {
        return WriteResult.failed(FailureKind.NOT_FOUND, name + ": no user " + id);
    }

    private WriteResult attempt(Supplier<WriteResult> write) {
        try {
            return write.get();
        } catch (PreconditionFailed e) {
            return preconditionFailed(e.id, e.conflict);
        } catch (NotFoundException e) {
            return WriteResult.failed(new WriteFailure(FailureKind.NOT_FOUND, Objects.requireNonNullElse(e.getMessage(), e.toString()), e.vendorCode()));
        } catch (ScimUserMapper.UnmappableUserException e) {
            return WriteResult.failed(FailureKind.INVALID_RESPONSE, name + ": " + e.location() + " " + e.getMessage());
        } catch (RosterSyncException e) {
            return WriteResult.failed(WriteFailure.from(e));
        } catch (IllegalArgumentException e) {
            return WriteResult.failed(FailureKind.VALIDATION, name + ": " + e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "ScimUserDirectory[" + name + " " + client.baseUri() + "]";
    }

    /** Configuration of a {@link ScimUserDirectory}. Not thread-safe; {@link #build()} never touches the network. */
    public static final class Builder {
        private final String name;
        private final URI scimBase;
        private @Nullable HttpAuth auth;
        private HttpSettings http = HttpSettings.defaults();
        private String vendor = "scim";
        private int pageSize = 100;
        private PatchSupport patchSupport = PatchSupport.AUTO;
        private Optional<ScimSchemaExtension> extension = Optional.empty();
        private boolean sendEmails = true;
        private Optional<String> externalIdAttribute = Optional.of("externalId");
        private boolean allowDelete = true;
        private FailureKind activationRefused = FailureKind.VALIDATION;
        private String mediaType = SCIM_MEDIA_TYPE;
        private int readAttempts = 3;

        private Builder(String name, URI scimBase) {
            Objects.requireNonNull(name, "name");
            if (name.isBlank()) {
                throw new IllegalArgumentException("name must not be blank");
            }
            this.name = name;
            this.scimBase = Objects.requireNonNull(scimBase, "scimBase");
        }

        /**
         * The credentials, usually {@link HttpAuth#bearer} or a {@link io.rostersync.http.TokenClient}.
         *
         * @param auth the credentials
         * @return this builder
         */
        public Builder auth(HttpAuth auth) {
            this.auth = Objects.requireNonNull(auth, "auth");
            return this;
        }

        /**
         * Transport, clock, sleeper, retry, rate limits and timeouts (default {@link HttpSettings#defaults()}).
         *
         * @param settings the settings
         * @return this builder
         */
        public Builder http(HttpSettings settings) {
            this.http = Objects.requireNonNull(settings, "settings");
            return this;
        }

        /**
         * The short lower-case name of the service in exception messages and logs ({@code scim} unless set),
         * such as {@code talkdesk-scim}.
         *
         * @param vendor the name
         * @return this builder
         * @throws IllegalArgumentException unless 1 to 40 lower-case letters, digits, {@code .}, {@code _} or {@code -}
         */
        public Builder vendor(String vendor) {
            this.vendor = io.rostersync.http.internal.Checks.vendor(vendor);
            return this;
        }

        /**
         * The {@code count} asked for per list page (servers may return fewer).
         *
         * @param size users per page, 1 to 1000 (default 100)
         * @return this builder
         * @throws IllegalArgumentException outside 1 to 1000
         */
        public Builder pageSize(int size) {
            if (size < 1 || size > 1000) {
                throw new IllegalArgumentException("page size must be 1..1000");
            }
            this.pageSize = size;
            return this;
        }

        /**
         * Whether users are changed with PATCH or PUT (default {@link PatchSupport#AUTO}).
         *
         * @param support how to change users
         * @return this builder
         */
        public Builder patchSupport(PatchSupport support) {
            this.patchSupport = Objects.requireNonNull(support, "patchSupport");
            return this;
        }

        /**
         * The schema extension roles, groups or attributes live in.
         *
         * @param extension the extension
         * @return this builder
         */
        public Builder extension(ScimSchemaExtension extension) {
            this.extension = Optional.of(Objects.requireNonNull(extension, "extension"));
            return this;
        }

        /**
         * Whether to write the email as the primary {@code emails} value (some servers take it from userName only).
         *
         * @param send true to send it (the default)
         * @return this builder
         */
        public Builder sendEmails(boolean send) {
            this.sendEmails = send;
            return this;
        }

        /**
         * The profile attribute {@code externalId} maps to.
         *
         * @param attribute the profile attribute name (default {@code externalId})
         * @return this builder
         * @throws IllegalArgumentException if it is blank
         */
        public Builder externalIdAttribute(String attribute) {
            Objects.requireNonNull(attribute, "attribute");
            if (attribute.isBlank()) {
                throw new IllegalArgumentException("attribute must not be blank");
            }
            this.externalIdAttribute = Optional.of(attribute);
            return this;
        }

        /**
         * Neither read nor write {@code externalId}.
         *
         * @return this builder
         */
        public Builder ignoreExternalId() {
            this.externalIdAttribute = Optional.empty();
            return this;
        }

        /**
         * Whether to declare and perform {@link Capability#DELETE}.
         *
         * @param allow true to allow deletes (the default)
         * @return this builder
         */
        public Builder allowDelete(boolean allow) {
            this.allowDelete = allow;
            return this;
        }

        /**
         * How to report a user asked to be active that the server kept inactive: Talkdesk does that when no
         * seat is free ({@link FailureKind#LICENSE_SHORTFALL}).
         *
         * @param kind the failure kind (default {@link FailureKind#VALIDATION})
         * @return this builder
         */
        public Builder activationRefusedAs(FailureKind kind) {
            this.activationRefused = Objects.requireNonNull(kind, "kind");
            return this;
        }

        /**
         * The media type of request bodies, also asked for in {@code Accept} (with {@code application/json}).
         * Default {@code application/scim+json}, as RFC 7644 section 8.1 requires; {@code application/json}
         * for a server that refuses the SCIM type.
         *
         * @param mediaType a JSON media type, parameters allowed
         * @return this builder
         * @throws IllegalArgumentException unless it is a JSON media type
         */
        public Builder mediaType(String mediaType) {
            Objects.requireNonNull(mediaType, "mediaType");
            String type = mediaType.split(";", 2)[0].strip().toLowerCase(java.util.Locale.ROOT);
            if (!(type.endsWith("/json") || type.endsWith("+json")) || mediaType.chars().anyMatch(Character::isISOControl)) {
                throw new IllegalArgumentException("mediaType must be a JSON media type such as application/scim+json, was '"
                        + mediaType + "'");
            }
            this.mediaType = mediaType.strip();
            return this;
        }

        /**
         * How many times a full read starts over when the user list changes between its pages (default 3)
         * before it fails as truncated; 1 fails at the first change.
         *
         * @param attempts attempts in all, 1 to 10
         * @return this builder
         * @throws IllegalArgumentException outside 1 to 10
         */
        public Builder readAttempts(int attempts) {
            if (attempts < 1 || attempts > 10) {
                throw new IllegalArgumentException("read attempts must be 1..10");
            }
            this.readAttempts = attempts;
            return this;
        }

        /**
         * Builds the directory without touching the network.
         *
         * @return the directory
         * @throws InvalidConfigurationException without credentials, or if the base URL is not acceptable
         */
        public ScimUserDirectory build() {
            HttpAuth credentials = auth;
            if (credentials == null) {
                throw new InvalidConfigurationException(ErrorDetails.of(vendor),
                        vendor + ": credentials are required: auth(HttpAuth.bearer(...)) or another HttpAuth");
            }
            return new ScimUserDirectory(this, JsonHttpClient.builder(vendor, scimBase).settings(http).auth(credentials)
                    .errorParser(ScimErrorParser.INSTANCE).build());
        }
    }
}
