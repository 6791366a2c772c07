package io.rostersync.talkdesk;

import com.fasterxml.jackson.databind.JsonNode;
import io.rostersync.http.BaseUris;
import io.rostersync.http.ErrorDetails;
import io.rostersync.http.InvalidResponseException;
import io.rostersync.http.JsonHttpClient;
import io.rostersync.http.OAuth2ClientCredentials;
import io.rostersync.http.Page;
import io.rostersync.http.RateLimit;
import io.rostersync.http.RetryPolicy;
import io.rostersync.http.Secret;
import io.rostersync.http.Sleeper;
import io.rostersync.model.NativeId;
import io.rostersync.model.UserPatch;
import io.rostersync.model.UserProfile;
import io.rostersync.model.UserRecord;
import io.rostersync.scim.PatchSupport;
import io.rostersync.scim.ScimSchemaExtension;
import io.rostersync.scim.ScimUserDirectory;
import io.rostersync.spi.Capability;
import io.rostersync.spi.CreateOptions;
import io.rostersync.spi.FailureKind;
import io.rostersync.spi.ReadProblem;
import io.rostersync.spi.UserDirectory;
import io.rostersync.spi.UserPage;
import io.rostersync.spi.UserPages;
import io.rostersync.spi.WriteResult;
import io.rostersync.talkdesk.internal.JoinedPages;
import io.rostersync.talkdesk.internal.RestUsers;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
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
 *       (discovered through {@code ServiceProviderConfig}). A create that meets an existing userName
 *       links that user (see {@link ScimUserDirectory}).</li>
 *   <li><b>Seats</b>: an active user holds a seat; when none is free Talkdesk stores a SCIM-created or
 *       reactivated user as deactivated. That write is reported as {@link FailureKind#LICENCE_SHORTFALL},
 *       never as success. See {@link TalkdeskSeatPool} for the licence itself.</li>
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
 * <p>Thread-safety: for one thread at a time, as the engine uses it. A full read with roles starts one
 * daemon thread for the SCIM pages, which ends with the read or when its {@link UserPages} is closed.
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
    /** Users per SCIM list page: Talkdesk's documented maximum. */
    private static final int SCIM_PAGE_SIZE = 100;

    private static final Set<Capability> CAPABILITIES = Set.of(Capability.READ, Capability.CREATE, Capability.UPDATE,
            Capability.DEACTIVATE, Capability.REACTIVATE, Capability.DELETE);

    private final String name;
    private final String account;
    private final JsonHttpClient rest;
    private final ScimUserDirectory scim;
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
        OAuth2ClientCredentials restAuth;
        OAuth2ClientCredentials scimAuth;
        if (b.rolesFromScim) {
            restAuth = auth(b, tokenUri, USERS_READ_SCOPE + " " + SCIM_SCOPE);
            scimAuth = restAuth;
        } else {
            restAuth = auth(b, tokenUri, USERS_READ_SCOPE);
            scimAuth = auth(b, tokenUri, SCIM_SCOPE);
        }
        this.rest = client(b, "talkdesk", apiBase, restAuth, Optional.empty());
        // One request per quarter second keeps any one-second window at four requests, whatever the phase.
        RateLimit scimLimit = new RateLimit("talkdesk-scim", 1, Duration.ofNanos(1_000_000_000L / b.scimRequestsPerSecond),
                Duration.ofSeconds(30));
        JsonHttpClient scimClient = client(b, "talkdesk-scim", apiBase.resolve("scim/v2/"), scimAuth, Optional.of(scimLimit));
        this.scim = ScimUserDirectory.builder(this.name, scimClient)
                .extension(EXTENSION)
                .pageSize(SCIM_PAGE_SIZE)
                .sendEmails(false) // Talkdesk's userName is the email; its documented body has no emails
                .patchSupport(PatchSupport.AUTO)
                .activationRefusedAs(FailureKind.LICENCE_SHORTFALL)
                .build();
        this.restPageSize = b.restPageSize;
        this.rolesFromScim = b.rolesFromScim;
    }

    private static OAuth2ClientCredentials auth(Builder b, URI tokenUri, String scope) {
        OAuth2ClientCredentials.Builder a = OAuth2ClientCredentials.builder(tokenUri, Objects.requireNonNull(b.clientId), Objects.requireNonNull(b.clientSecret))
                .vendor("talkdesk")
                .clientAuthentication(OAuth2ClientCredentials.ClientAuthentication.BASIC)
                .requestFormat(OAuth2ClientCredentials.RequestFormat.FORM)
                .scope(scope)
                .clock(b.clock)
                .requestIdHeaders(List.of("X-Request-Id"));
        if (b.httpClient != null) {
            a.httpClient(b.httpClient);
        }
        if (b.allowInsecureLoopback) {
            a.allowInsecureLoopback();
        }
        return a.build();
    }

    private static JsonHttpClient client(Builder b, String vendor, URI base, OAuth2ClientCredentials auth, Optional<RateLimit> limit) {
        JsonHttpClient.Builder c = JsonHttpClient.builder(vendor, base)
                .auth(auth)
                .retryPolicy(b.retryPolicy)
                .sleeper(b.sleeper)
                .clock(b.clock)
                .requestTimeout(b.requestTimeout)
                .requestIdHeaders(List.of("X-Request-Id"));
        limit.ifPresent(c::rateLimit);
        if (b.httpClient != null) {
            c.httpClient(b.httpClient);
        }
        if (b.allowInsecureLoopback) {
            c.allowInsecureLoopback();
        }
        return c.build();
    }

    /**
     * Starts a configuration. Defaults: the region's API and token hosts, 4 SCIM requests per second,
     * REST pages of 100, roles and teams read from SCIM, {@link RetryPolicy#defaults()}, 30 s request
     * timeout, the system UTC clock, name {@code talkdesk:<account>}.
     *
     * @param account the Talkdesk account name (the {@code acme} of {@code acme.mytalkdesk.com})
     * @throws io.rostersync.http.InvalidConfigurationException if the account is not a bare DNS label
     */
    public static Builder builder(String account, TalkdeskRegion region) {
        return new Builder(account, region);
    }

    @Override
    public String name() {
        return name;
    }

    /** The account name. */
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
        if (rolesFromScim) {
            // SCIM pages come at 4 a second; the REST pages are fetched in the gaps, not after them.
            return new JoinedPages(rest.vendor(), "rostersync-" + name + "-scim-read", this::restPages, scim::readAll,
                    restPageSize, 2 * Math.max(restPageSize, SCIM_PAGE_SIZE));
        }
        return new UserPages() {
            private @Nullable Iterator<Page<JsonNode>> pages;
            private int position;

            @Override
            public Optional<UserPage> next() {
                if (pages == null) {
                    pages = restPages();
                }
                if (!pages.hasNext()) {
                    return Optional.empty();
                }
                List<UserRecord> users = new ArrayList<>();
                List<ReadProblem> problems = new ArrayList<>();
                for (JsonNode u : pages.next().items()) {
                    RestUsers.Decoded d = RestUsers.user(u, ++position);
                    if (d instanceof RestUsers.Read read) {
                        users.add(read.record());
                    } else if (d instanceof RestUsers.Problem problem) {
                        problems.add(problem.problem());
                    }
                }
                return Optional.of(UserPage.of(users, problems, Optional.empty()));
            }
        };
    }

    private Iterator<Page<JsonNode>> restPages() {
        return rest.paginate("users?page=1&per_page=" + restPageSize, target -> {
            JsonNode body = rest.get(target);
            try {
                return RestUsers.page(body);
            } catch (IllegalArgumentException e) {
                throw new InvalidResponseException(ErrorDetails.of(rest.vendor()), name + ": " + e.getMessage());
            }
        }).pages();
    }

    /** Ids of the active users, from the REST API alone: the seats in use. */
    Set<NativeId> activeUserIds() {
        Set<NativeId> active = new TreeSet<>();
        Iterator<Page<JsonNode>> pages = restPages();
        int position = 0;
        while (pages.hasNext()) {
            for (JsonNode u : pages.next().items()) {
                RestUsers.Decoded d = RestUsers.user(u, ++position);
                if (d instanceof RestUsers.Read read && read.record().status().holdsSeat()) {
                    active.add(read.record().id());
                }
            }
        }
        return active;
    }

    /** The user as Talkdesk's SCIM API has it (roles and teams included). */
    @Override
    public Optional<UserRecord> get(NativeId id) {
        return scim.get(id);
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
        private boolean allowInsecureLoopback;
        private @Nullable HttpClient httpClient;
        private Clock clock = Clock.systemUTC();
        private Sleeper sleeper = Sleeper.threadSleep();
        private RetryPolicy retryPolicy = RetryPolicy.defaults();
        private Duration requestTimeout = Duration.ofSeconds(30);
        private int scimRequestsPerSecond = 4;
        private int restPageSize = 100;
        private boolean rolesFromScim = true;

        private Builder(String account, TalkdeskRegion region) {
            this.account = BaseUris.requireDnsLabel("talkdesk", "account", Objects.requireNonNull(account, "account").strip());
            this.region = Objects.requireNonNull(region, "region");
        }

        /** The OAuth client (Talkdesk Builder → OAuth clients) with the {@code users:read} and {@code scim} scopes. */
        public Builder clientCredentials(String clientId, Secret clientSecret) {
            Objects.requireNonNull(clientId, "clientId");
            if (clientId.isBlank()) {
                throw new IllegalArgumentException("clientId must not be blank");
            }
            this.clientId = clientId;
            this.clientSecret = Objects.requireNonNull(clientSecret, "clientSecret");
            return this;
        }

        /** Other hosts than the region's: a proxy, or an emulator in tests. */
        public Builder endpoints(URI apiBase, URI tokenUri) {
            this.apiBase = Objects.requireNonNull(apiBase, "apiBase");
            this.tokenUri = Objects.requireNonNull(tokenUri, "tokenUri");
            return this;
        }

        /** Permits plain http to 127.0.0.1/localhost only, for tests against a local emulator. */
        public Builder allowInsecureLoopback() {
            this.allowInsecureLoopback = true;
            return this;
        }

        public Builder name(String name) {
            Objects.requireNonNull(name, "name");
            if (name.isBlank()) {
                throw new IllegalArgumentException("name must not be blank");
            }
            this.name = name;
            return this;
        }

        /** The caller's own HTTP client (proxy, TLS); it should not follow redirects. */
        public Builder httpClient(HttpClient client) {
            this.httpClient = Objects.requireNonNull(client, "httpClient");
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** How retry waits happen; tests pass one that records instead of sleeping. */
        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
            return this;
        }

        public Builder retryPolicy(RetryPolicy policy) {
            this.retryPolicy = Objects.requireNonNull(policy, "retryPolicy");
            return this;
        }

        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = Objects.requireNonNull(timeout, "requestTimeout");
            return this;
        }

        /** The client-side SCIM limit; 4 unless Talkdesk agreed on more for the account. */
        public Builder scimRequestsPerSecond(int perSecond) {
            if (perSecond < 1 || perSecond > 1000) {
                throw new IllegalArgumentException("SCIM requests per second must be 1..1000");
            }
            this.scimRequestsPerSecond = perSecond;
            return this;
        }

        /** The {@code per_page} asked of the REST API. */
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
         */
        public Builder rolesFromScim(boolean read) {
            this.rolesFromScim = read;
            return this;
        }

        /** @throws io.rostersync.http.InvalidConfigurationException if a URL is not acceptable */
        public TalkdeskUserDirectory build() {
            return new TalkdeskUserDirectory(this);
        }
    }
}
