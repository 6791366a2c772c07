package io.rostersync.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rostersync.http.internal.Page;
import io.rostersync.model.NativeId;
import io.rostersync.salesforce.internal.ErrorCodes;
import io.rostersync.salesforce.internal.RecordResult;
import io.rostersync.salesforce.internal.SalesforceApi;
import io.rostersync.salesforce.internal.Soql;
import io.rostersync.spi.ErrorDetails;
import io.rostersync.spi.FailureKind;
import io.rostersync.spi.InvalidConfigurationException;
import io.rostersync.spi.LicensePool;
import io.rostersync.spi.LicenseSnapshot;
import io.rostersync.spi.NotFoundException;
import io.rostersync.spi.RosterSyncException;
import io.rostersync.spi.WriteFailure;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The seats of one Salesforce permission set license (PermissionSetLicense: {@code TotalLicenses},
 * {@code UsedLicenses}, {@code ExpirationDate}, {@code Status}) as a {@link LicensePool}; a seat is a
 * PermissionSetLicenseAssign row. Accounts are Salesforce user ids.
 *
 * <p>Call centres: a pool configured with {@link Builder#callCenter(String)} puts every user it gives a
 * seat into that call centre ({@code User.CallCenterId}), and takes a user whose seat it revokes out of
 * it again (only if the user is still in that call centre). That is how, in the Talkdesk for Salesforce
 * flow, "removing a license removes the call centre"; the engine revokes the license's permission sets
 * in the same run. If the call centre cannot be set (a validation rule on User, say) the seat is given
 * back and the assignment fails for that user, so the next run tries again.
 *
 * <p>The snapshot counts a license whose {@code Status} is not {@code Active} as expired, and one with an
 * {@code ExpirationDate} as expiring at the end of that day (UTC). {@code consumed} is Salesforce's
 * {@code UsedLicenses} (holders outside this sync included). Each call reads the org afresh; not
 * cached. Thread-safe.
 *
 * <p>{@link #assignAll} and {@link #revokeAll} use sObject Collections, 200 records a call: assigning
 * costs one insert of seats plus (with a call centre) one User update per 200 users; revoking one seat
 * query, (with a call centre) one User query and one update, and one delete per 200 users.
 *
 * @since 0.1.0
 */
public final class SalesforceLicensePool implements LicensePool {

    private static final Logger LOG = LoggerFactory.getLogger(SalesforceLicensePool.class);
    private static final Pattern SALESFORCE_ID = Pattern.compile("[A-Za-z0-9]{15}|[A-Za-z0-9]{18}");

    private final SalesforceApi api;
    private final String developerName;
    private final String licenseId;
    private final Optional<String> callCenterId;
    private volatile @Nullable String pslId;

    private SalesforceLicensePool(Builder b) {
        this.api = b.connection.api();
        this.developerName = b.developerName;
        this.licenseId = b.licenseId == null ? b.developerName : b.licenseId;
        this.callCenterId = b.callCenterId;
    }

    /**
     * Starts a configuration for one PermissionSetLicense. Defaults: license id the developer name, no call
     * centre.
     *
     * @param connection    the org
     * @param developerName the PermissionSetLicense's {@code DeveloperName}
     * @return a builder
     * @throws IllegalArgumentException if {@code developerName} is not a Salesforce API name
     */
    public static Builder builder(SalesforceConnection connection, String developerName) {
        return new Builder(connection, developerName);
    }

    @Override
    public String licenseId() {
        return licenseId;
    }

    /**
     * The call centre seat holders are put in, if configured.
     *
     * @return the CallCenter id, or empty when none is configured
     */
    public Optional<String> callCenterId() {
        return callCenterId;
    }

    @Override
    public LicenseSnapshot snapshot() {
        JsonNode psl = license();
        TreeSet<NativeId> assignees = new TreeSet<>();
        for (Iterator<Page<JsonNode>> it = api.query("SELECT AssigneeId FROM PermissionSetLicenseAssign WHERE PermissionSetLicenseId = "
                + Soql.quote(psl.path("Id").asText())); it.hasNext(); ) {
            for (JsonNode a : it.next().items()) {
                String id = a.path("AssigneeId").asText("");
                if (SALESFORCE_ID.matcher(id).matches()) {
                    assignees.add(NativeId.of(id));
                }
            }
        }
        int total = Math.max(0, psl.path("TotalLicenses").asInt(0));
        int used = Math.max(assignees.size(), psl.path("UsedLicenses").asInt(0));
        Optional<Instant> expires;
        if (!"Active".equalsIgnoreCase(psl.path("Status").asText(""))) {
            expires = Optional.of(Instant.EPOCH); // disabled: nothing can be assigned
        } else if (psl.path("ExpirationDate").isTextual()) {
            try {
                expires = Optional.of(LocalDate.parse(psl.get("ExpirationDate").asText()).plusDays(1)
                        .atStartOfDay().toInstant(ZoneOffset.UTC));
            } catch (DateTimeParseException e) {
                expires = Optional.of(Instant.EPOCH);
            }
        } else {
            expires = Optional.empty();
        }
        return new LicenseSnapshot(licenseId, total, used, expires, assignees);
    }

    /**
     * Inserts the seat, then sets the call centre if configured (also for a user who already held the
     * seat, whose seat is then left alone if the call centre cannot be set).
     *
     * @throws RosterSyncException {@code LICENSE_SHORTFALL} when no seat is free or the license is not
     *                             active; other kinds as Salesforce answered
     */
    @Override
    public void assign(NativeId user) {
        String userId = requireUserId(user);
        String psl = licenseRecordId();
        ObjectNode seat = JsonNodeFactory.instance.objectNode();
        seat.putObject("attributes").put("type", "PermissionSetLicenseAssign");
        seat.put("AssigneeId", userId);
        seat.put("PermissionSetLicenseId", psl);
        RecordResult r = api.create(List.of(seat)).get(0);
        boolean alreadyHeld = !r.success() && r.code().filter("DUPLICATE_VALUE"::equals).isPresent();
        if (!r.success() && !alreadyHeld) {
            String code = r.code().orElse("UNKNOWN_ERROR");
            FailureKind kind = code.equals("LICENSE_LIMIT_EXCEEDED") || code.equals("FIELD_INTEGRITY_EXCEPTION")
                    ? FailureKind.LICENSE_SHORTFALL : ErrorCodes.kind(code, true);
            throw RosterSyncException.of(kind, ErrorDetails.of(SalesforceApi.VENDOR).withVendorCode(code),
                    "salesforce: no seat of " + licenseId + " for " + userId + ": " + code + " " + r.message(), null);
        }
        if (callCenterId.isPresent()) {
            RecordResult cc = setCallCenter(userId, callCenterId.get());
            if (!cc.success()) {
                String code = cc.code().orElse("UNKNOWN_ERROR");
                if (alreadyHeld) { // the seat was not ours to give back
                    throw RosterSyncException.of(ErrorCodes.kind(code, true), ErrorDetails.of(SalesforceApi.VENDOR).withVendorCode(code),
                    "salesforce: could not put " + userId
                            + " in call centre " + callCenterId.get() + ": " + code + " " + cc.message(), null);
                }
                r.id().ifPresent(seatId -> {
                    RecordResult back = api.delete(List.of(seatId)).get(0);
                    if (!back.success()) {
                        LOG.warn("salesforce: could not give back seat {} after the call centre failed: {}", seatId, back.code().orElse("?"));
                    }
                });
                throw RosterSyncException.of(ErrorCodes.kind(code, true), ErrorDetails.of(SalesforceApi.VENDOR).withVendorCode(code),
                    "salesforce: could not put " + userId
                        + " in call centre " + callCenterId.get() + ", seat given back: " + code + " " + cc.message(), null);
            }
        }
    }

    /** Clears the call centre (if it is this pool's), then deletes the seat. */
    @Override
    public void revoke(NativeId user) {
        String userId = requireUserId(user);
        String psl = licenseRecordId();
        List<JsonNode> seats = api.queryAll("SELECT Id FROM PermissionSetLicenseAssign WHERE PermissionSetLicenseId = "
                + Soql.quote(psl) + " AND AssigneeId = " + Soql.quote(userId));
        if (seats.isEmpty()) {
            return;
        }
        if (callCenterId.isPresent()) {
            List<JsonNode> u = api.queryAll("SELECT Id, CallCenterId FROM User WHERE Id = " + Soql.quote(userId));
            if (!u.isEmpty() && callCenterId.get().equals(u.get(0).path("CallCenterId").asText(""))) {
                RecordResult cc = setCallCenter(userId, null);
                if (!cc.success()) {
                    String code = cc.code().orElse("UNKNOWN_ERROR");
                    throw RosterSyncException.of(ErrorCodes.kind(code, true), ErrorDetails.of(SalesforceApi.VENDOR).withVendorCode(code),
                    "salesforce: could not take " + userId
                            + " out of call centre " + callCenterId.get() + ": " + code + " " + cc.message(), null);
                }
            }
        }
        RecordResult r = api.delete(List.of(seats.get(0).path("Id").asText())).get(0);
        if (!r.success() && !r.code().filter("ENTITY_IS_DELETED"::equals).isPresent()) {
            String code = r.code().orElse("UNKNOWN_ERROR");
            throw RosterSyncException.of(ErrorCodes.kind(code, true), ErrorDetails.of(SalesforceApi.VENDOR).withVendorCode(code),
                    "salesforce: could not revoke the " + licenseId
                    + " seat of " + userId + ": " + code + " " + r.message(), null);
        }
    }

    /**
     * {@link #assign} for many users, 200 at a time: the seats in one insert, then the call centres in one
     * update (seated users and those who already held a seat). A user whose call centre cannot be set
     * fails alone and gets the seat this call gave them given back; a call that fails as a whole fails
     * the users of that call only.
     */
    @Override
    public List<Optional<WriteFailure>> assignAll(List<NativeId> users) {
        return inCollections(users, this::assignChunk);
    }

    /** Runs {@code chunk} per collection of up to 200 users; a collection that fails whole fails its users only. */
    private static List<Optional<WriteFailure>> inCollections(List<NativeId> users,
            java.util.function.Function<List<NativeId>, List<Optional<WriteFailure>>> chunk) {
        List<Optional<WriteFailure>> results = new ArrayList<>(users.size());
        for (int from = 0; from < users.size(); from += SalesforceApi.COLLECTION_LIMIT) {
            List<NativeId> part = users.subList(from, Math.min(users.size(), from + SalesforceApi.COLLECTION_LIMIT));
            try {
                results.addAll(chunk.apply(part));
            } catch (RuntimeException e) {
                WriteFailure failure = WriteFailure.from(e);
                part.forEach(u -> results.add(Optional.of(failure)));
            }
        }
        return results;
    }

    private List<Optional<WriteFailure>> assignChunk(List<NativeId> users) {
        List<Optional<WriteFailure>> results = new ArrayList<>(users.size());
        List<Integer> asked = new ArrayList<>();
        List<ObjectNode> seats = new ArrayList<>();
        for (int i = 0; i < users.size(); i++) {
            Optional<WriteFailure> invalid = checkUserId(users.get(i));
            results.add(invalid);
            if (invalid.isEmpty()) {
                asked.add(i);
                seats.add(seat(users.get(i).value()));
            }
        }
        if (seats.isEmpty()) {
            return results;
        }
        List<RecordResult> inserted = api.create(seats);
        List<Integer> seated = new ArrayList<>();
        List<String> seatIds = new ArrayList<>();
        for (int k = 0; k < asked.size(); k++) {
            RecordResult r = inserted.get(k);
            int i = asked.get(k);
            if (r.success()) {
                seated.add(i);
                seatIds.add(r.id().orElse(""));
                continue;
            }
            String code = r.code().orElse("UNKNOWN_ERROR");
            if (code.equals("DUPLICATE_VALUE")) { // already holds a seat: still needs the call centre
                seated.add(i);
                seatIds.add("");
            } else {
                FailureKind kind = code.equals("LICENSE_LIMIT_EXCEEDED") || code.equals("FIELD_INTEGRITY_EXCEPTION")
                        ? FailureKind.LICENSE_SHORTFALL : ErrorCodes.kind(code, true);
                results.set(i, Optional.of(new WriteFailure(kind, "salesforce: no seat of " + licenseId + " for "
                        + users.get(i).value() + ": " + code + " " + r.message(), Optional.of(code))));
            }
        }
        if (callCenterId.isEmpty() || seated.isEmpty()) {
            return results;
        }
        List<ObjectNode> moves = new ArrayList<>(seated.size());
        seated.forEach(i -> moves.add(callCenterChange(users.get(i).value(), callCenterId.get())));
        List<RecordResult> moved;
        try {
            moved = api.update(moves);
        } catch (RuntimeException e) {
            giveBack(seatIds);
            throw e;
        }
        List<String> back = new ArrayList<>();
        for (int k = 0; k < seated.size(); k++) {
            RecordResult cc = moved.get(k);
            if (!cc.success()) {
                int i = seated.get(k);
                String code = cc.code().orElse("UNKNOWN_ERROR");
                boolean ours = !seatIds.get(k).isEmpty(); // a seat held before this call is not given back
                if (ours) {
                    back.add(seatIds.get(k));
                }
                results.set(i, Optional.of(new WriteFailure(ErrorCodes.kind(code, true), "salesforce: could not put "
                        + users.get(i).value() + " in call centre " + callCenterId.get() + (ours ? ", seat given back: " : ": ")
                        + code + " " + cc.message(), Optional.of(code))));
            }
        }
        giveBack(back);
        return results;
    }

    /** Best effort: a seat left behind is visible in the next snapshot and revoked by the next run. */
    private void giveBack(List<String> seatIds) {
        List<String> known = seatIds.stream().filter(id -> !id.isEmpty()).toList();
        if (known.isEmpty()) {
            return;
        }
        try {
            List<RecordResult> deleted = api.delete(known);
            for (int k = 0; k < deleted.size(); k++) {
                if (!deleted.get(k).success()) {
                    LOG.warn("salesforce: could not give back seat {} after the call centre failed: {}", known.get(k),
                            deleted.get(k).code().orElse("?"));
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("salesforce: could not give back {} seat(s) after the call centre failed: {}", known.size(), e.getMessage());
        }
    }

    /**
     * {@link #revoke} for many users, 200 at a time: one query finds their seats, the call centres of
     * those still in this pool's call centre are cleared in one update, then the seats go in one delete.
     * A user whose call centre cannot be cleared keeps their seat and fails alone.
     */
    @Override
    public List<Optional<WriteFailure>> revokeAll(List<NativeId> users) {
        return inCollections(users, this::revokeChunk);
    }

    private List<Optional<WriteFailure>> revokeChunk(List<NativeId> users) {
        List<Optional<WriteFailure>> results = new ArrayList<>(users.size());
        // Salesforce answers 18-character ids; a caller may hold the 15-character form of the same id.
        Map<String, Integer> byShortId = new HashMap<>();
        for (int i = 0; i < users.size(); i++) {
            Optional<WriteFailure> invalid = checkUserId(users.get(i));
            results.add(invalid);
            if (invalid.isEmpty()) {
                byShortId.put(users.get(i).value().substring(0, 15), i);
            }
        }
        if (byShortId.isEmpty()) {
            return results;
        }
        List<String> ids = byShortId.values().stream().map(i -> users.get(i).value()).toList();
        Map<Integer, String> seatOf = new HashMap<>();
        for (JsonNode seat : api.queryAll("SELECT Id, AssigneeId FROM PermissionSetLicenseAssign WHERE PermissionSetLicenseId = "
                + Soql.quote(licenseRecordId()) + " AND AssigneeId IN " + Soql.inList(ids))) {
            Integer i = byShortId.get(shortId(seat.path("AssigneeId").asText("")));
            if (i != null) {
                seatOf.put(i, seat.path("Id").asText());
            }
        }
        if (seatOf.isEmpty()) {
            return results;
        }
        if (callCenterId.isPresent()) {
            List<String> holders = seatOf.keySet().stream().map(i -> users.get(i).value()).toList();
            List<Integer> inOurs = new ArrayList<>();
            for (JsonNode u : api.queryAll("SELECT Id, CallCenterId FROM User WHERE Id IN " + Soql.inList(holders))) {
                Integer i = byShortId.get(shortId(u.path("Id").asText("")));
                if (i != null && callCenterId.get().equals(u.path("CallCenterId").asText(""))) {
                    inOurs.add(i);
                }
            }
            List<ObjectNode> moves = new ArrayList<>(inOurs.size());
            inOurs.forEach(i -> moves.add(callCenterChange(users.get(i).value(), null)));
            List<RecordResult> moved = api.update(moves);
            for (int k = 0; k < inOurs.size(); k++) {
                if (!moved.get(k).success()) {
                    int i = inOurs.get(k);
                    String code = moved.get(k).code().orElse("UNKNOWN_ERROR");
                    seatOf.remove(i);
                    results.set(i, Optional.of(new WriteFailure(ErrorCodes.kind(code, true), "salesforce: could not take "
                            + users.get(i).value() + " out of call centre " + callCenterId.get() + ": " + code + " "
                            + moved.get(k).message(), Optional.of(code))));
                }
            }
        }
        List<Integer> revoking = new ArrayList<>(seatOf.keySet());
        List<RecordResult> deleted = api.delete(revoking.stream().map(seatOf::get).toList());
        for (int k = 0; k < revoking.size(); k++) {
            RecordResult r = deleted.get(k);
            if (!r.success() && !r.code().filter("ENTITY_IS_DELETED"::equals).isPresent()) {
                int i = revoking.get(k);
                String code = r.code().orElse("UNKNOWN_ERROR");
                results.set(i, Optional.of(new WriteFailure(ErrorCodes.kind(code, true), "salesforce: could not revoke the "
                        + licenseId + " seat of " + users.get(i).value() + ": " + code + " " + r.message(), Optional.of(code))));
            }
        }
        return results;
    }

    private static String shortId(String id) {
        return id.length() >= 15 ? id.substring(0, 15) : id;
    }

    private static Optional<WriteFailure> checkUserId(NativeId user) {
        return SALESFORCE_ID.matcher(user.value()).matches() ? Optional.empty()
                : Optional.of(WriteFailure.of(FailureKind.NOT_FOUND, "salesforce: '" + user + "' is not a Salesforce user id"));
    }

    private ObjectNode seat(String userId) {
        ObjectNode seat = JsonNodeFactory.instance.objectNode();
        seat.putObject("attributes").put("type", "PermissionSetLicenseAssign");
        seat.put("AssigneeId", userId);
        seat.put("PermissionSetLicenseId", licenseRecordId());
        return seat;
    }

    private static ObjectNode callCenterChange(String userId, @Nullable String callCenter) {
        ObjectNode u = JsonNodeFactory.instance.objectNode();
        u.putObject("attributes").put("type", "User");
        u.put("id", userId);
        if (callCenter == null) {
            u.putNull("CallCenterId");
        } else {
            u.put("CallCenterId", callCenter);
        }
        return u;
    }

    private RecordResult setCallCenter(String userId, @Nullable String callCenter) {
        ObjectNode u = JsonNodeFactory.instance.objectNode();
        u.putObject("attributes").put("type", "User");
        u.put("id", userId);
        if (callCenter == null) {
            u.putNull("CallCenterId");
        } else {
            u.put("CallCenterId", callCenter);
        }
        return api.update(List.of(u)).get(0);
    }

    private static String requireUserId(NativeId user) {
        if (!SALESFORCE_ID.matcher(user.value()).matches()) {
            throw new NotFoundException("salesforce: '" + user + "' is not a Salesforce user id");
        }
        return user.value();
    }

    /** The PermissionSetLicense id, looked up once. */
    private String licenseRecordId() {
        String known = pslId;
        return known != null ? known : license().path("Id").asText();
    }

    private JsonNode license() {
        String known = pslId;
        String where = known != null ? "Id = " + Soql.quote(known) : "DeveloperName = " + Soql.quote(developerName);
        List<JsonNode> rows = api.queryAll("SELECT Id, DeveloperName, TotalLicenses, UsedLicenses, ExpirationDate, Status"
                + " FROM PermissionSetLicense WHERE " + where);
        if (rows.isEmpty()) {
            throw new InvalidConfigurationException("salesforce: no permission set license with DeveloperName '" + developerName + "'");
        }
        pslId = rows.get(0).path("Id").asText();
        return rows.get(0);
    }

    @Override
    public String toString() {
        return "SalesforceLicensePool[" + licenseId + " = " + developerName + callCenterId.map(c -> ", call centre " + c).orElse("") + "]";
    }

    /** Configuration of a {@link SalesforceLicensePool}. */
    public static final class Builder {
        private final SalesforceConnection connection;
        private final String developerName;
        private @Nullable String licenseId;
        private Optional<String> callCenterId = Optional.empty();

        private Builder(SalesforceConnection connection, String developerName) {
            this.connection = Objects.requireNonNull(connection, "connection");
            Objects.requireNonNull(developerName, "developerName");
            if (!developerName.matches("[A-Za-z][A-Za-z0-9_]{0,79}")) {
                throw new IllegalArgumentException("developerName must be a Salesforce API name");
            }
            this.developerName = developerName;
        }

        /**
         * The license id the sync policy uses ({@code T4S}); default the developer name.
         *
         * @param value the license id
         * @return this builder
         * @throws IllegalArgumentException if it is blank
         */
        public Builder licenseId(String value) {
            Objects.requireNonNull(value, "licenseId");
            if (value.isBlank()) {
                throw new IllegalArgumentException("licenseId must not be blank");
            }
            licenseId = value;
            return this;
        }

        /**
         * Seat holders are put in this call centre ({@code 04v…}) and taken out when their seat goes.
         *
         * @param callCenterId the CallCenter id, 15 or 18 characters
         * @return this builder
         * @throws IllegalArgumentException unless it is a Salesforce id
         */
        public Builder callCenter(String callCenterId) {
            Objects.requireNonNull(callCenterId, "callCenterId");
            if (!SALESFORCE_ID.matcher(callCenterId).matches()) {
                throw new IllegalArgumentException("callCenterId must be a Salesforce id");
            }
            this.callCenterId = Optional.of(callCenterId);
            return this;
        }

        /**
         * Builds the pool without touching the network; the license is looked up on first use.
         *
         * @return the pool
         */
        public SalesforceLicensePool build() {
            return new SalesforceLicensePool(this);
        }
    }
}
