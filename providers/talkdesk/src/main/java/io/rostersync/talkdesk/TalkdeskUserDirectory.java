package io.rostersync.talkdesk;

import com.fasterxml.jackson.databind.JsonNode;
import io.rostersync.http.BaseUris;
import io.rostersync.http.HttpSettings;
import io.rostersync.http.OAuth2TokenEndpoint;
import io.rostersync.http.RateLimit;
import io.rostersync.http.Secret;
import io.rostersync.http.TokenClient;
import io.rostersync.http.internal.JsonHttpClient;
import io.rostersync.http.internal.JsonRequest;
import io.rostersync.http.internal.Page;
import io.rostersync.model.EmailAddress;
import io.rostersync.model.NativeId;
import io.rostersync.model.UserPatch;
import io.rostersync.model.UserProfile;
import io.rostersync.model.UserRecord;
import io.rostersync.scim.PatchSupport;
import io.rostersync.scim.ScimSchemaExtension;
import io.rostersync.scim.ScimUserDirectory;
import io.rostersync.scim.internal.ScimErrorParser;
import io.rostersync.spi.Capability;
import io.rostersync.spi.CreateOptions;
import io.rostersync.spi.ErrorDetails;
import io.rostersync.spi.FailureKind;
import io.rostersync.spi.InvalidResponseException;
import io.rostersync.spi.ReadProblem;
import io.rostersync.spi.UserDirectory;
import io.rostersync.spi.NotFoundException;
import io.rostersync.spi.UserLookup;
import io.rostersync.spi.UserLookupResult;
import io.rostersync.spi.UserPage;
import io.rostersync.spi.UserPages;
import io.rostersync.spi.WriteResult;
import io.rostersync.talkdesk.internal.JoinedPages;
import io.rostersync.talkdesk.internal.RestListCheck;
import io.rostersync.talkdesk.internal.RestUsers;
import io.rostersync.talkdesk.internal.TalkdeskErrorParser;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

/**
 * A Talkdesk account's users as a {@link UserDirectory}.
 *
 * <ul>
 *   <li><b>Reads</b> page through the REST API ({@code GET /users}, scope {@code users:read}),
 *       following the HAL {@code _links.next} the server returns, never building page URLs. The REST
 *       user has no roles, teams or name parts, so a full read also lists the SCIM users (100 a request,
 *       on a thread of its own while the REST pages are fetched in the gaps the SCIM rate limit leaves)
 *       and completes each REST user from its SCIM record by id; {@link UserRecord#roles()}
 *       then carries Talkdesk role names such as {@code Admin}, {@code Supervisor} or {@code Agent},
 *       {@link UserRecord#groups()} the teams. The REST API decides who exists, their email and status.</li>
 *   <li><b>Writes</b> and {@link #get} go through SCIM 2.0 ({@code /scim/v2/Users}, scope {@code scim})
 *       with the Talkdesk extension {@code rolesString}/{@code teamsString}, limited on the client to
 *       4 requests per second (Talkdesk's documented limit), by PUT since Talkdesk documents no PATCH
 *       (discovered through {@code ServiceProviderConfig}). What a create that meets an existing userName
 *       returns is {@link ScimUserDirectory}'s to say; {@link #findExisting} looks the holder up by
 *       {@code userName eq} the email.</li>
 *   <li><b>Consistency</b>: both lists page by position, so a user deleted or added between two pages
 *       shifts the rest and one is skipped. A read whose REST pages show that (the total or page count
 *       moved, an id came twice, a short page before the end, users not adding up to the total), whose
 *       second pass over the REST ids (one more round of REST pages at the end of every full read) lists a
 *       user the first did not, or whose REST and SCIM lists do not hold the same users, is incomplete: it
 *       carries a {@link ReadProblem}, the users in only one list are left out, and nobody is deprovisioned
 *       for being absent from it. The seats in use ({@link TalkdeskSeatPool}) are read again instead, up to
 *       three times.</li>
 *   <li><b>Seats</b>: an active user holds a seat; when none is free Talkdesk stores a SCIM-created or
 *       reactivated user as deactivated. That write is reported as {@link FailureKind#LICENSE_SHORTFALL},
 *       never as success. See {@link TalkdeskSeatPool} for the license itself.</li>
 *   <li><b>Auth</b>: OAuth2 client credentials against the region's identity host, HTTP Basic client
 *       authentication, one cached token for both scopes ({@code users:read scim}; with
 *       {@link Builder#rolesFromScim(boolean) rolesFromScim(false)} one per scope, so a read-only run asks for
 *       {@code users:read} alone), refreshed before expiry or once after a 401.</li>
 *   <li><b>Incremental reads</b>: none. Talkdesk documents no way to list only changed users (the REST
 *       list takes {@code page}/{@code per_page} only and its users carry no change time; the SCIM list
 *       documents no filter on {@code meta.lastModified}; the Events API covers app lifecycle only), so
 *       every run reads the whole account.</li>
 * </ul>
 *
 * <p>Talkdesk's SCIM API cannot be asked not to notify: {@link CreateOptions#notifyUser()} is ignored.
 *
 * <pre>{@code
 * TalkdeskUserDirectory talkdesk = TalkdeskUserDirectory.builder("acme", TalkdeskRegion.EU)
 *         .clientCredentials("my-client-id", Secret.of(System.getenv("TALKDESK_CLIENT_SECRET")))
 *         .build();
 * }</pre>
 *
 * <p>Thread-safety: for one thread at a time, as the engine uses it. A full read with roles reads the SCIM
 * pages as one task on the {@linkplain HttpSettings#executor() settings' executor}, which ends with the read
 * or when its {@link UserPages} is closed.
 *
 * @since 0.1.0
 */
public final class TalkdeskUserDirectory implements UserDirectory {

    /** Talkdesk's SCIM user extension. */
    public static final String EXTENSION_URN = "urn:ietf:params:scim:schemas:extension:talkdesk:2.0:User";

    /** How Talkdesk's extension maps: semicolon-separated roles and teams. */
    public static final ScimSchemaExtension EXTENSION = ScimSchemaExtension.builder(EXTENSION_URN)
            .rolesAsDelimitedString("rolesString", ";")
            .groupsAsDelimitedString("teamsString", ";")
            .build();

    private static final String USERS_READ_SCOPE = "users:read";
    private static final String SCIM_SCOPE = "scim";
    private static final List<String> REQUEST_ID_HEADERS = List.of("X-Request-Id");
    /** Users per SCIM list page: Talkdesk's documented maximum. */
    private static final int SCIM_PAGE_SIZE = 100;

    private static final Set<Capability> CAPABILITIES = Set.of(Capability.READ, Capability.CREATE, Capability.UPDATE,
            Capability.DEACTIVATE, Capability.REACTIVATE, Capability.DELETE, Capability.LOOKUP);

    private final String name;
    private final String account;
    private final JsonHttpClient rest;
    private final ScimUserDirectory scim;
    private final JsonHttpClient scimClient;
    private final Executor executor;
    private final int restPageSize;
    private final boolean rolesFromScim;

    private TalkdeskUserDirectory(Builder b) {
        this.account = b.account;
        this.name = b.name != null ? b.name : "talkdesk:" + b.account;
        URI apiBase = b.apiBase != null ? b.apiBase : b.region.apiBaseUri();
        URI tokenUri = b.tokenUri != null ? b.tokenUri : b.region.tokenUri(b.account);
        if (b.clientId == null || b.clientSecret == null) {
            throw new IllegalStateException("clientCredentials(...) is required");
        }
        // A full read with roles uses both APIs, so one token carries both scopes (OAuth 2 scopes are a
        // space-separated list); without SCIM reads, SCIM is only for writes and REST-only runs need no scim token.
        OAuth2TokenEndpoint endpoint = OAuth2TokenEndpoint.builder(tokenUri)
                .vendor("talkdesk")
                .requestFormat(OAuth2TokenEndpoint.RequestFormat.FORM)
                .settings(b.http)
                .requestIdHeaders(REQUEST_ID_HEADERS)
                .build();
        TokenClient restAuth;
        TokenClient scimAuth;
        if (b.rolesFromScim) {
            restAuth = auth(b, endpoint, USERS_READ_SCOPE + " " + SCIM_SCOPE);
            scimAuth = restAuth;
        } else {
            restAuth = auth(b, endpoint, USERS_READ_SCOPE);
            scimAuth = auth(b, endpoint, SCIM_SCOPE);
        }
        this.rest = JsonHttpClient.builder("talkdesk", apiBase).settings(b.http).auth(restAuth)
                .requestIdHeaders(REQUEST_ID_HEADERS).errorParser(TalkdeskErrorParser.INSTANCE).build();
        // One request per quarter second keeps any one-second window at four requests, whatever the phase.
        // The limit is the account's: every SCIM client of this account built from these settings (this
        // directory's lookups and its ScimUserDirectory) takes from one budget.
        RateLimit scimLimit = new RateLimit("talkdesk-scim-" + b.account, 1,
                Duration.ofNanos(1_000_000_000L / b.scimRequestsPerSecond), Duration.ofSeconds(30));
        HttpSettings scimSettings = b.http.toBuilder().rateLimit(scimLimit).build();
        URI scimBase = apiBase.resolve("scim/v2/");
        this.scimClient = JsonHttpClient.builder("talkdesk-scim", scimBase).settings(scimSettings).auth(scimAuth)
                .requestIdHeaders(REQUEST_ID_HEADERS).errorParser(ScimErrorParser.INSTANCE).build();
        this.executor = b.http.executor();
        this.scim = ScimUserDirectory.builder(this.name, scimBase)
                .vendor("talkdesk-scim")
                .auth(scimAuth)
                .http(scimSettings)
                .extension(EXTENSION)
                .pageSize(SCIM_PAGE_SIZE)
                .sendEmails(false) // Talkdesk's userName is the email; its documented body has no emails
                .patchSupport(PatchSupport.AUTO)
                .activationRefusedAs(FailureKind.LICENSE_SHORTFALL)
                .build();
        this.restPageSize = b.restPageSize;
        this.rolesFromScim = b.rolesFromScim;
    }

    private static TokenClient auth(Builder b, OAuth2TokenEndpoint endpoint, String scope) {
        return TokenClient.clientCredentials(endpoint, Objects.requireNonNull(b.clientId), Objects.requireNonNull(b.clientSecret))
                .clientAuthentication(TokenClient.ClientAuthentication.BASIC)
                .scope(scope)
                .build();
    }

    /**
     * Starts a configuration. Defaults: the region's API and token hosts, 4 SCIM requests per second,
     * REST pages of 100, roles and teams read from SCIM, {@link HttpSettings#defaults()}, name
     * {@code talkdesk:<account>}.
     *
     * @param account the Talkdesk account name (the {@code acme} of {@code acme.mytalkdesk.com})
     * @param region  where the account is hosted
     * @return a builder
     * @throws io.rostersync.spi.InvalidConfigurationException if the account is not a bare DNS label
     */
    public static Builder builder(String account, TalkdeskRegion region) {
        return new Builder(account, region);
    }

    @Override
    public String name() {
        return name;
    }

    /**
     * The account name.
     *
     * @return the account name, lower-case
     */
    public String account() {
        return account;
    }

    @Override
    public Set<Capability> capabilities() {
        return CAPABILITIES;
    }

    // ---- reads -------------------------------------------------------------------------------

    @Override
    public UserPages readAll() {
        CheckedRestRead read = new CheckedRestRead();
        if (rolesFromScim) {
            // SCIM pages come at 4 a second; the REST pages are fetched in the gaps, not after them.
            return new JoinedPages(rest.vendor(), executor, () -> read, scim::readAll,
                    restPageSize, 2 * Math.max(restPageSize, SCIM_PAGE_SIZE), read::takeProblems);
        }
        return new UserPages() {
            private int position;

            // False positive: ReturnValueIgnored takes hasNext() to be free of effects; CheckedRestRead's runs
            // the second pass when the first has ended, which is what the call below is for.
            @SuppressWarnings("ReturnValueIgnored")
            @Override
            public Optional<UserPage> next() {
                if (!read.hasNext()) {
                    return Optional.empty();
                }
                List<UserRecord> users = new ArrayList<>();
                List<ReadProblem> problems = new ArrayList<>();
                for (JsonNode u : read.next().items()) {
                    RestUsers.Decoded d = RestUsers.user(u, ++position);
                    if (d instanceof RestUsers.Read read) {
                        users.add(read.record());
                    } else if (d instanceof RestUsers.Problem problem) {
                        problems.add(problem.problem());
                    }
                }
                read.hasNext(); // on the last page, runs the second pass now, so that its problems come with this page
                problems.addAll(read.takeProblems());
                return Optional.of(UserPage.of(users, problems, Optional.empty()));
            }
        };
    }

    /**
     * The REST list pages by page number, so a user deleted or added between two pages shifts the rest:
     * one is skipped or listed twice. A read whose pages show that is incomplete (a {@link ReadProblem}):
     * the users it did read are synced, but nobody is deprovisioned for being absent from it.
     */
    private List<ReadProblem> listChanged(RestListCheck check) {
        return check.takeChange().map(why -> List.of(new ReadProblem(name + " users list",
                "changed while it was read (" + why + "); a user may have been skipped, so this read cannot show who is gone"
                        + " and nobody is deprovisioned for it; the next run reads the list again"))).orElse(List.of());
    }

    /**
     * The REST pages of one read, checked as they come ({@link RestListCheck}) and, once the last has been
     * read, checked again by a second pass over the ids. A deletion and an addition between the same two
     * pages keep every count right while one user is skipped, and the SCIM list, paged by position too, can
     * skip the same user at the same moment; the second pass lists that user. A user it lists that the
     * first pass did not (skipped, or added meanwhile), or a second pass that itself saw the list change,
     * makes the read incomplete. The second pass costs one more round of REST pages, never SCIM requests.
     */
    private final class CheckedRestRead implements Iterator<Page<JsonNode>> {
        private final RestListCheck check = new RestListCheck();
        private final Set<String> seen = new java.util.HashSet<>();
        private final List<ReadProblem> problems = new ArrayList<>();
        private @Nullable Iterator<Page<JsonNode>> pages;
        private boolean verified;

        @Override
        public boolean hasNext() {
            if (pages == null) {
                pages = restPages(check);
            }
            boolean more = pages.hasNext();
            if (!more && !verified) {
                verified = true;
                problems.addAll(listChanged(check));
                if (check.change().isEmpty()) {
                    problems.addAll(verifyIds(seen));
                }
            }
            return more;
        }

        @Override
        public Page<JsonNode> next() {
            if (!hasNext()) {
                throw new java.util.NoSuchElementException();
            }
            Page<JsonNode> page = Objects.requireNonNull(pages).next();
            page.items().forEach(u -> seen.add(u.path("id").asText("")));
            problems.addAll(listChanged(check));
            return page;
        }

        /** The problems found since last asked. */
        List<ReadProblem> takeProblems() {
            List<ReadProblem> out = List.copyOf(problems);
            problems.clear();
            return out;
        }
    }

    /** The second pass of {@link CheckedRestRead}: ids the first pass did not see, as a problem. */
    private List<ReadProblem> verifyIds(Set<String> firstPass) {
        RestListCheck check = new RestListCheck();
        Iterator<Page<JsonNode>> pages = restPages(check);
        Set<String> missed = new TreeSet<>();
        while (pages.hasNext()) {
            for (JsonNode u : pages.next().items()) {
                String id = u.path("id").asText("");
                if (!firstPass.contains(id)) {
                    missed.add(id);
                }
            }
        }
        if (check.change().isPresent()) {
            return listChanged(check);
        }
        if (missed.isEmpty()) {
            return List.of();
        }
        String some = String.join(", ", missed.stream().limit(5).toList()) + (missed.size() > 5 ? ", ..." : "");
        return List.of(new ReadProblem(name + " users list", "a second pass listed " + missed.size()
                + " user(s) the read did not (" + some + "): skipped while the list changed, or added meanwhile;"
                + " nobody is deprovisioned for this read, and the next run reads the list again"));
    }

    private Iterator<Page<JsonNode>> restPages(RestListCheck check) {
        return rest.paginate("users?page=1&per_page=" + restPageSize, target -> {
            JsonNode body = rest.get(target);
            Page<JsonNode> page;
            try {
                page = RestUsers.page(body);
            } catch (IllegalArgumentException e) {
                throw new InvalidResponseException(ErrorDetails.of(rest.vendor()), name + ": " + e.getMessage());
            }
            check.observe(body, page);
            return page;
        }).pages();
    }

    /** Reads of the seats in use tried before giving up on a users list that keeps changing under them. */
    private static final int SEAT_READ_ATTEMPTS = 3;

    /**
     * Ids of the active users, from the REST API alone: the seats in use. A list that changed while it was
     * read is read again, up to {@value #SEAT_READ_ATTEMPTS} times in all.
     *
     * @throws InvalidResponseException if the list changed during every attempt
     */
    Set<NativeId> activeUserIds() {
        String why = "";
        for (int attempt = 1; attempt <= SEAT_READ_ATTEMPTS; attempt++) {
            RestListCheck check = new RestListCheck();
            Set<NativeId> active = new TreeSet<>();
            Iterator<Page<JsonNode>> pages = restPages(check);
            int position = 0;
            while (pages.hasNext()) {
                for (JsonNode u : pages.next().items()) {
                    RestUsers.Decoded d = RestUsers.user(u, ++position);
                    if (d instanceof RestUsers.Read read && read.record().status().holdsSeat()) {
                        active.add(read.record().id());
                    }
                }
            }
            if (check.change().isEmpty()) {
                return active;
            }
            why = check.change().get();
        }
        throw new InvalidResponseException(ErrorDetails.of(rest.vendor()), name + ": the users list changed during each of "
                + SEAT_READ_ATTEMPTS + " reads of the seats in use (last: " + why + ")");
    }

    /** The user as Talkdesk's SCIM API has it (roles and teams included). */
    @Override
    public Optional<UserRecord> get(NativeId id) {
        return scim.get(id);
    }

    /**
     * The Talkdesk users whose userName (which is the email) is the profile's email, by a SCIM
     * {@code filter=userName eq "…"} lookup, each as {@link #get} returns it. The profile's own username
     * plays no part: Talkdesk has none but the email. Empty for a profile without an email.
     */
    @Override
    public List<UserRecord> findExisting(UserProfile profile) {
        if (profile.email().isEmpty()) {
            return List.of();
        }
        EmailAddress email = profile.email().get();
        JsonNode body = scimClient.send(JsonRequest.get("Users")
                .query("filter", "userName eq " + scimString(email.value()))
                .query("startIndex", "1").query("count", Integer.toString(SCIM_PAGE_SIZE)).build()).body();
        List<UserRecord> found = new ArrayList<>();
        for (JsonNode r : body.path("Resources")) {
            String id = r.path("id").asText("");
            // The server compares; we keep only what holds exactly this address, never a near match.
            if (!id.isBlank() && EmailAddress.parse(r.path("userName").asText("")).equals(Optional.of(email))) {
                try {
                    get(NativeId.of(id)).ifPresent(found::add);
                } catch (IllegalArgumentException unusableId) {
                    // an id NativeId refuses cannot be linked anyway
                }
            }
        }
        return found;
    }

    /**
     * The users asked for, each as a full read has it: the REST user ({@code GET /users/{id}}, which decides
     * email and status) completed from its SCIM record when roles come from SCIM, one request each (Talkdesk has
     * no batch lookup). Emails and usernames are found by SCIM {@code filter=userName eq "…"} (the userName is the
     * email), then read as by id and kept only if they fit the look-up. A user only one of the two APIs has is
     * left out, as a full read leaves it out. No id is answered removed: Talkdesk answers 404 alike for a user
     * deleted and one that never was.
     */
    @Override
    public UserLookupResult lookUp(UserLookup lookup) {
        Set<NativeId> ids = new TreeSet<>(lookup.ids());
        Set<String> userNames = new TreeSet<>();
        lookup.emails().forEach(e -> userNames.add(e.value()));
        lookup.usernames().forEach(u -> userNames.add(u.value()));
        for (String userName : userNames) {
            JsonNode body = scimClient.send(JsonRequest.get("Users")
                    .query("filter", "userName eq " + scimString(userName))
                    .query("startIndex", "1").query("count", Integer.toString(SCIM_PAGE_SIZE)).build()).body();
            for (JsonNode r : body.path("Resources")) {
                String id = r.path("id").asText("");
                if (!id.isBlank()) {
                    try {
                        ids.add(NativeId.of(id)); // read as a full read has it, then kept only if it fits
                    } catch (IllegalArgumentException unusableId) {
                        // an id NativeId refuses is left out of full reads as well
                    }
                }
            }
        }
        List<UserRecord> found = new ArrayList<>();
        for (NativeId id : ids) {
            restUser(id).ifPresent(found::add);
        }
        return UserLookupResult.found(found.stream().filter(lookup::wants).toList());
    }

    /** One user as a full read joins it, or empty when either API does not have it. */
    private Optional<UserRecord> restUser(NativeId id) {
        JsonNode body;
        try {
            body = rest.get("users/" + java.net.URLEncoder.encode(id.value(), java.nio.charset.StandardCharsets.UTF_8));
        } catch (NotFoundException e) {
            return Optional.empty();
        }
        RestUsers.Decoded decoded = RestUsers.user(body, 1);
        if (decoded instanceof RestUsers.Problem p) {
            throw new InvalidResponseException(ErrorDetails.of(rest.vendor()), name + ": GET /users/{id}: " + p.problem().message());
        }
        UserRecord restRecord = ((RestUsers.Read) decoded).record();
        if (!restRecord.id().equals(id)) {
            throw new InvalidResponseException(ErrorDetails.of(rest.vendor()), name + ": GET /users/" + id.value()
                    + " answered with another user");
        }
        if (!rolesFromScim) {
            return Optional.of(restRecord);
        }
        Optional<UserRecord> scimRecord = scim.get(id);
        return scimRecord.map(s -> RestUsers.merge(restRecord, Optional.of(s)));
    }

    /** A SCIM filter string literal (RFC 7644 section 3.4.2.2: a JSON string). */
    private static String scimString(String value) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20) {
                sb.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }

    // ---- writes (SCIM) -----------------------------------------------------------------------

    @Override
    public WriteResult create(UserProfile profile, CreateOptions options) {
        if (profile.email().isEmpty()) {
            return WriteResult.failed(FailureKind.VALIDATION, name + ": a Talkdesk user needs an email");
        }
        // Talkdesk's userName is the email, whatever username the source had.
        return scim.create(profile.toBuilder().username(Optional.empty()).build(), options);
    }

    @Override
    public WriteResult update(NativeId id, UserPatch patch) {
        if (patch.username().isPresent()) {
            return WriteResult.failed(FailureKind.VALIDATION, name + ": a Talkdesk userName is the email; change the email instead");
        }
        return scim.update(id, patch);
    }

    @Override
    public WriteResult deactivate(NativeId id) {
        return scim.deactivate(id);
    }

    @Override
    public WriteResult reactivate(NativeId id) {
        return scim.reactivate(id);
    }

    @Override
    public WriteResult delete(NativeId id) {
        return scim.delete(id);
    }

    @Override
    public String toString() {
        return "TalkdeskUserDirectory[" + name + " " + rest.baseUri() + "]";
    }

    /** Configuration of a {@link TalkdeskUserDirectory}. Not thread-safe; the directory built is. */
    public static final class Builder {
        private final String account;
        private final TalkdeskRegion region;
        private @Nullable String name;
        private @Nullable String clientId;
        private @Nullable Secret clientSecret;
        private @Nullable URI apiBase;
        private @Nullable URI tokenUri;
        private HttpSettings http = HttpSettings.defaults();
        private int scimRequestsPerSecond = 4;
        private int restPageSize = 100;
        private boolean rolesFromScim = true;

        private Builder(String account, TalkdeskRegion region) {
            this.account = BaseUris.requireDnsLabel("talkdesk", "account", Objects.requireNonNull(account, "account").strip());
            this.region = Objects.requireNonNull(region, "region");
        }

        /**
         * The OAuth client (Talkdesk Builder → OAuth clients) with the {@code users:read} and {@code scim} scopes.
         *
         * @param clientId     the OAuth client's id
         * @param clientSecret the OAuth client's secret
         * @return this builder
         * @throws IllegalArgumentException if the client id is blank
         */
        public Builder clientCredentials(String clientId, Secret clientSecret) {
            Objects.requireNonNull(clientId, "clientId");
            if (clientId.isBlank()) {
                throw new IllegalArgumentException("clientId must not be blank");
            }
            this.clientId = clientId;
            this.clientSecret = Objects.requireNonNull(clientSecret, "clientSecret");
            return this;
        }

        /**
         * Other hosts than the region's: a proxy, or an emulator in tests.
         *
         * @param apiBase  the API gateway URL, under which {@code users} and {@code scim/v2} live
         * @param tokenUri the OAuth token URL
         * @return this builder; the URLs are checked by {@link #build()}
         */
        public Builder endpoints(URI apiBase, URI tokenUri) {
            this.apiBase = Objects.requireNonNull(apiBase, "apiBase");
            this.tokenUri = Objects.requireNonNull(tokenUri, "tokenUri");
            return this;
        }

        /**
         * The directory's name in plans and reports (default {@code talkdesk:<account>}).
         *
         * @param name the name
         * @return this builder
         * @throws IllegalArgumentException if it is blank
         */
        public Builder name(String name) {
            Objects.requireNonNull(name, "name");
            if (name.isBlank()) {
                throw new IllegalArgumentException("name must not be blank");
            }
            this.name = name;
            return this;
        }

        /**
         * Transport, clock, sleeper, retry, shared rate limits, timeouts, and the executor a full read with
         * roles reads its SCIM pages on; default {@link HttpSettings#defaults()}. Plain http to an emulator on
         * loopback needs {@link HttpSettings.Builder#allowInsecureLoopback()}.
         *
         * @param settings the settings
         * @return this builder
         */
        public Builder http(HttpSettings settings) {
            this.http = Objects.requireNonNull(settings, "settings");
            return this;
        }

        /**
         * The client-side SCIM limit; 4 unless Talkdesk agreed on more for the account.
         *
         * @param perSecond requests per second, 1 to 1000
         * @return this builder
         * @throws IllegalArgumentException outside 1 to 1000
         */
        public Builder scimRequestsPerSecond(int perSecond) {
            if (perSecond < 1 || perSecond > 1000) {
                throw new IllegalArgumentException("SCIM requests per second must be 1..1000");
            }
            this.scimRequestsPerSecond = perSecond;
            return this;
        }

        /**
         * The {@code per_page} asked of the REST API.
         *
         * @param size users per page, 1 to 100 (default 100)
         * @return this builder
         * @throws IllegalArgumentException outside 1 to 100
         */
        public Builder restPageSize(int size) {
            if (size < 1 || size > 100) {
                throw new IllegalArgumentException("REST page size must be 1..100");
            }
            this.restPageSize = size;
            return this;
        }

        /**
         * Whether a full read completes users with roles, teams and name parts from SCIM (default). Without
         * it a read costs no SCIM request, but records carry no roles or groups and the name is split from
         * the REST full name.
         *
         * @param read true to read from SCIM too
         * @return this builder
         */
        public Builder rolesFromScim(boolean read) {
            this.rolesFromScim = read;
            return this;
        }

        /**
         * Builds the directory without touching the network.
         *
         * @return the directory
         * @throws IllegalStateException without {@link #clientCredentials}
         * @throws io.rostersync.spi.InvalidConfigurationException if a URL is not acceptable
         */
        public TalkdeskUserDirectory build() {
            return new TalkdeskUserDirectory(this);
        }
    }
}
