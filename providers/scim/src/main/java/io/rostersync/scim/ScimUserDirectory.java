package io.rostersync.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rostersync.http.ConflictException;
import io.rostersync.http.ErrorDetails;
import io.rostersync.http.HttpCallException;
import io.rostersync.http.InvalidResponseException;
import io.rostersync.http.JsonHttpClient;
import io.rostersync.http.JsonRequest;
import io.rostersync.http.NotFoundException;
import io.rostersync.model.NativeId;
import io.rostersync.model.UserPatch;
import io.rostersync.model.UserProfile;
import io.rostersync.model.UserRecord;
import io.rostersync.model.UserStatus;
import io.rostersync.scim.internal.ScimUserMapper;
import io.rostersync.spi.Capability;
import io.rostersync.spi.CreateOptions;
import io.rostersync.spi.FailureKind;
import io.rostersync.spi.ReadProblem;
import io.rostersync.spi.RosterSyncException;
import io.rostersync.spi.UserDirectory;
import io.rostersync.spi.UserPage;
import io.rostersync.spi.UserPages;
import io.rostersync.spi.WriteFailure;
import io.rostersync.spi.WriteResult;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The users of any SCIM 2.0 service provider (RFC 7643/7644) as a {@link UserDirectory}.
 *
 * <ul>
 *   <li>Reads list {@code /Users} with {@code startIndex}/{@code count} and stream page by page; a user
 *       that cannot be mapped (no id, invalid email) becomes a {@link ReadProblem}; a page that is empty
 *       while {@code totalResults} says more follow fails the read.</li>
 *   <li>Creates POST a full resource. A {@code 409} (SCIM {@code uniqueness}) means the user is already
 *       there, perhaps from an earlier attempt whose answer was lost: it is looked up by
 *       {@code userName eq "…"} and returned as stored, so that the engine links it and nothing is ever
 *       created twice.</li>
 *   <li>Updates, deactivation ({@code active: false}) and reactivation read the user, then send only the
 *       changed attributes with PATCH, or the whole resource with PUT when the server lacks PATCH (see
 *       {@link PatchSupport}); attributes the mapping does not know survive a PUT.</li>
 *   <li>A user asked to be active that comes back inactive (Talkdesk does this when no seat is free) is
 *       a failure of the configured kind, not a success.</li>
 *   <li>Roles come from the core {@code roles} attribute unless a {@link ScimSchemaExtension} maps them;
 *       groups only through an extension (the core {@code groups} attribute is read-only).</li>
 * </ul>
 *
 * <p>Writes return {@link WriteResult.Failed} with the vendor's {@code scimType} as vendor code instead of
 * throwing. The caller owns transport and credentials through the {@link JsonHttpClient} (base URI such
 * as {@code https://example.com/scim/v2/}, bearer auth, retry, rate limit).
 *
 * <pre>{@code
 * JsonHttpClient http = JsonHttpClient.builder("acme-scim", URI.create("https://idp.example.com/scim/v2/"))
 *         .auth(HttpAuth.bearer(Secret.of(token))).build();
 * ScimUserDirectory scim = ScimUserDirectory.builder("acme-scim", http).build();
 * }</pre>
 *
 * <p>Thread-safety: safe for use from one thread at a time, as the engine does; the PATCH support
 * decision is shared safely.
 */
public final class ScimUserDirectory implements UserDirectory {

    private static final Logger LOG = LoggerFactory.getLogger(ScimUserDirectory.class);

    private final String name;
    private final JsonHttpClient client;
    private final ScimUserMapper mapper;
    private final int pageSize;
    private final PatchSupport patchSupport;
    private final FailureKind activationRefused;
    private final Set<Capability> capabilities;
    /** null = not decided yet; decided once per directory. */
    private volatile Boolean usePatch;

    private ScimUserDirectory(Builder b) {
        this.name = b.name;
        this.client = b.client;
        this.mapper = new ScimUserMapper(b.extension, b.sendEmails, b.externalIdAttribute);
        this.pageSize = b.pageSize;
        this.patchSupport = b.patchSupport;
        this.activationRefused = b.activationRefused;
        EnumSet<Capability> caps = EnumSet.of(Capability.READ, Capability.CREATE, Capability.UPDATE,
                Capability.DEACTIVATE, Capability.REACTIVATE);
        if (b.allowDelete) {
            caps.add(Capability.DELETE);
        }
        this.capabilities = Set.copyOf(caps);
        this.usePatch = b.patchSupport == PatchSupport.PUT_ONLY ? Boolean.FALSE
                : b.patchSupport == PatchSupport.PATCH ? Boolean.TRUE : null;
    }

    /**
     * Starts a configuration. Defaults: pages of 100, {@link PatchSupport#AUTO}, no extension, the
     * email also sent as the primary {@code emails} value, {@code externalId} read into and written from
     * the profile attribute {@code externalId}, delete allowed, an activation the server refuses reported
     * as {@link FailureKind#VALIDATION}.
     *
     * @param name   the directory's name in plans and reports
     * @param client a client whose base URI is the SCIM base ({@code …/scim/v2/})
     */
    public static Builder builder(String name, JsonHttpClient client) {
        return new Builder(name, client);
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
     */
    public List<UserRecord> findByUserName(String userName) {
        Objects.requireNonNull(userName, "userName");
        JsonNode body = client.send(JsonRequest.get("Users")
                .query("filter", "userName eq \"" + userName.replace("\\", "\\\\").replace("\"", "\\\"") + "\"")
                .query("startIndex", "1")
                .query("count", "10")
                .build()).body();
        List<UserRecord> found = new ArrayList<>();
        int i = 0;
        for (JsonNode r : body.path("Resources")) {
            found.add(record(r, NativeId.of("search-result-" + (++i))));
        }
        return found;
    }

    private Optional<JsonNode> fetch(NativeId id) {
        Optional<String> path = userPath(id);
        if (path.isEmpty()) {
            return Optional.empty();
        }
        try {
            JsonNode node = client.get(path.get());
            if (!node.isObject()) {
                throw invalid("GET " + "Users/{id} returned no user resource");
            }
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

    /** Lazy pages of {@code /Users?startIndex=…&count=…}. */
    private final class Pages implements UserPages {
        private int nextIndex = 1;
        private boolean done;
        private final Set<NativeId> seen = new HashSet<>();

        @Override
        public Optional<UserPage> next() {
            if (done) {
                return Optional.empty();
            }
            JsonNode body = client.send(JsonRequest.get("Users")
                    .query("startIndex", String.valueOf(nextIndex))
                    .query("count", String.valueOf(pageSize))
                    .build()).body();
            JsonNode resources = body.path("Resources");
            JsonNode total = body.path("totalResults");
            if (!total.canConvertToInt() || (!resources.isArray() && !resources.isMissingNode())) {
                throw invalid("list response without totalResults or Resources at startIndex " + nextIndex);
            }
            List<UserRecord> users = new ArrayList<>();
            List<ReadProblem> problems = new ArrayList<>();
            int position = nextIndex;
            for (JsonNode r : resources) {
                try {
                    UserRecord rec = mapper.toRecord(r, "resource #" + position);
                    if (!seen.add(rec.id())) {
                        // A server that ignores startIndex hands out the same page again: never loop on it.
                        throw invalid("user " + rec.id() + " listed twice; the server may ignore startIndex");
                    }
                    users.add(rec);
                } catch (ScimUserMapper.UnmappableUserException e) {
                    problems.add(new ReadProblem(e.location(), e.getMessage()));
                }
                position++;
            }
            int got = resources.size();
            nextIndex += got;
            if (got == 0 && nextIndex <= total.asInt()) {
                throw invalid("page at startIndex " + nextIndex + " is empty but totalResults is " + total.asInt()
                        + " (truncated response)");
            }
            done = got == 0 || nextIndex > total.asInt();
            return Optional.of(UserPage.of(users, problems, Optional.empty()));
        }
    }

    // ---- writes ------------------------------------------------------------------------------

    @Override
    public WriteResult create(UserProfile profile, CreateOptions options) {
        return attempt(() -> {
            Optional<String> userName = ScimUserMapper.userNameOf(profile);
            if (userName.isEmpty()) {
                return WriteResult.failed(FailureKind.VALIDATION, name + ": a SCIM user needs a username or an email");
            }
            ObjectNode body = mapper.toResource(profile, Optional.empty());
            JsonNode created;
            try {
                created = client.post("Users", body);
            } catch (ConflictException e) {
                return adopt(userName.get(), e);
            }
            UserRecord stored;
            if (created.isObject()) {
                stored = mapper.toRecord(created, "created user");
            } else {
                List<UserRecord> found = findByUserName(userName.get());
                if (found.size() != 1) {
                    throw invalid("create answered without a resource and the user cannot be found by userName");
                }
                stored = found.get(0);
            }
            return checkActivation(profile.status(), stored, "created");
        });
    }

    /** The server says the userName is taken: that account is ours to link, never to create again. */
    private WriteResult adopt(String userName, ConflictException conflict) {
        List<UserRecord> found = findByUserName(userName);
        if (found.size() == 1) {
            LOG.info("{}: {} already exists as {}; linking it instead of creating it again", name, userName, found.get(0).id());
            return WriteResult.stored(found.get(0));
        }
        String why = found.isEmpty() ? "no user with that userName can be found" : found.size() + " users have that userName";
        return WriteResult.failed(new WriteFailure(FailureKind.CONFLICT,
                conflict.getMessage() + "; " + why, conflict.vendorErrorCode().or(() -> Optional.of("uniqueness"))));
    }

    @Override
    public WriteResult update(NativeId id, UserPatch patch) {
        Objects.requireNonNull(patch, "patch");
        return change(id, before -> patch.applyTo(before));
    }

    @Override
    public WriteResult deactivate(NativeId id) {
        return change(id, before -> before.toBuilder().status(UserStatus.INACTIVE).build());
    }

    @Override
    public WriteResult reactivate(NativeId id) {
        return change(id, before -> before.toBuilder().status(UserStatus.ACTIVE).build());
    }

    @Override
    public WriteResult delete(NativeId id) {
        if (!capabilities.contains(Capability.DELETE)) {
            return UserDirectory.super.delete(id);
        }
        return attempt(() -> {
            Optional<JsonNode> current = fetch(id);
            if (current.isEmpty()) {
                return notFound(id);
            }
            UserRecord before = record(current.get(), id);
            try {
                client.delete(userPath(id).orElseThrow());
            } catch (NotFoundException e) {
                return notFound(id);
            }
            return WriteResult.stored(before);
        });
    }

    private WriteResult change(NativeId id, java.util.function.UnaryOperator<UserProfile> edit) {
        Objects.requireNonNull(id, "id");
        return attempt(() -> {
            Optional<JsonNode> current = fetch(id);
            if (current.isEmpty()) {
                return notFound(id);
            }
            UserRecord before = record(current.get(), id);
            UserProfile after = edit.apply(before.profile());
            if (after.equals(before.profile())) {
                return WriteResult.stored(before);
            }
            String path = userPath(id).orElseThrow();
            JsonNode answer = null;
            boolean sent = false;
            if (patchFirst()) {
                Optional<ObjectNode> ops = mapper.patch(before.profile(), after);
                if (ops.isEmpty()) {
                    return WriteResult.stored(before);
                }
                try {
                    // Not marked idempotent although replace operations are: the http module treats 501
                    // as transient, and retrying the "no PATCH here" answer would only delay the PUT.
                    answer = client.send(JsonRequest.patch(path, ops.get()).build()).body();
                    sent = true;
                } catch (HttpCallException e) {
                    int status = e.status().orElse(0);
                    if (status != 405 && status != 501) {
                        throw e;
                    }
                    LOG.info("{}: the server answered PATCH with {}; using PUT from now on", name, status);
                    usePatch = Boolean.FALSE;
                }
            }
            if (!sent) {
                answer = client.put(path, mapper.toResource(after, current));
            }
            UserRecord stored = answer != null && answer.isObject() ? record(answer, id)
                    : fetch(id).map(n -> record(n, id)).orElseThrow(() -> invalid("user " + id + " vanished after an update"));
            return checkActivation(after.status(), stored, "updated");
        });
    }

    private boolean patchFirst() {
        Boolean decided = usePatch;
        if (decided != null) {
            return decided;
        }
        boolean supported = true;
        try {
            JsonNode config = client.get("ServiceProviderConfig");
            JsonNode flag = config.path("patch").path("supported");
            if (flag.isBoolean()) {
                supported = flag.asBoolean();
            }
        } catch (HttpCallException e) {
            // Not every server publishes its configuration; a 405/501 to the first PATCH settles it instead.
            LOG.debug("{}: ServiceProviderConfig unavailable ({}), trying PATCH", name, e.getClass().getSimpleName());
        }
        usePatch = supported;
        return supported;
    }

    private WriteResult checkActivation(UserStatus wanted, UserRecord stored, String verb) {
        if (wanted == UserStatus.ACTIVE && stored.status() != UserStatus.ACTIVE) {
            return WriteResult.failed(new WriteFailure(activationRefused,
                    name + ": user " + stored.id() + " was " + verb + " but the server kept it inactive"
                            + (activationRefused == FailureKind.LICENCE_SHORTFALL ? " (no free licence seat)" : ""),
                    Optional.of("kept_inactive")));
        }
        return WriteResult.stored(stored);
    }

    private WriteResult notFound(NativeId id) {
        return WriteResult.failed(FailureKind.NOT_FOUND, name + ": no user " + id);
    }

    private WriteResult attempt(Supplier<WriteResult> write) {
        try {
            return write.get();
        } catch (HttpCallException e) {
            return WriteResult.failed(new WriteFailure(e.kind(), e.getMessage(), e.vendorErrorCode()));
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

    /** Configuration of a {@link ScimUserDirectory}. */
    public static final class Builder {
        private final String name;
        private final JsonHttpClient client;
        private int pageSize = 100;
        private PatchSupport patchSupport = PatchSupport.AUTO;
        private Optional<ScimSchemaExtension> extension = Optional.empty();
        private boolean sendEmails = true;
        private Optional<String> externalIdAttribute = Optional.of("externalId");
        private boolean allowDelete = true;
        private FailureKind activationRefused = FailureKind.VALIDATION;

        private Builder(String name, JsonHttpClient client) {
            Objects.requireNonNull(name, "name");
            if (name.isBlank()) {
                throw new IllegalArgumentException("name must not be blank");
            }
            this.name = name;
            this.client = Objects.requireNonNull(client, "client");
        }

        /** The {@code count} asked for per list page (servers may return fewer). */
        public Builder pageSize(int size) {
            if (size < 1 || size > 1000) {
                throw new IllegalArgumentException("page size must be 1..1000");
            }
            this.pageSize = size;
            return this;
        }

        public Builder patchSupport(PatchSupport support) {
            this.patchSupport = Objects.requireNonNull(support, "patchSupport");
            return this;
        }

        /** The schema extension roles, groups or attributes live in. */
        public Builder extension(ScimSchemaExtension extension) {
            this.extension = Optional.of(Objects.requireNonNull(extension, "extension"));
            return this;
        }

        /** Whether to write the email as the primary {@code emails} value (some servers take it from userName only). */
        public Builder sendEmails(boolean send) {
            this.sendEmails = send;
            return this;
        }

        /** The profile attribute {@code externalId} maps to. */
        public Builder externalIdAttribute(String attribute) {
            Objects.requireNonNull(attribute, "attribute");
            if (attribute.isBlank()) {
                throw new IllegalArgumentException("attribute must not be blank");
            }
            this.externalIdAttribute = Optional.of(attribute);
            return this;
        }

        /** Neither read nor write {@code externalId}. */
        public Builder ignoreExternalId() {
            this.externalIdAttribute = Optional.empty();
            return this;
        }

        /** Whether to declare and perform {@link Capability#DELETE}. */
        public Builder allowDelete(boolean allow) {
            this.allowDelete = allow;
            return this;
        }

        /**
         * How to report a user asked to be active that the server kept inactive: Talkdesk does that when no
         * seat is free ({@link FailureKind#LICENCE_SHORTFALL}).
         */
        public Builder activationRefusedAs(FailureKind kind) {
            this.activationRefused = Objects.requireNonNull(kind, "kind");
            return this;
        }

        public ScimUserDirectory build() {
            return new ScimUserDirectory(this);
        }
    }
}
