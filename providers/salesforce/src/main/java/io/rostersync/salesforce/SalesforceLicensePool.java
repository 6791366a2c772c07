package io.rostersync.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rostersync.http.Page;
import io.rostersync.model.NativeId;
import io.rostersync.salesforce.internal.ErrorCodes;
import io.rostersync.salesforce.internal.RecordResult;
import io.rostersync.salesforce.internal.SalesforceApi;
import io.rostersync.salesforce.internal.Soql;
import io.rostersync.spi.FailureKind;
import io.rostersync.spi.LicensePool;
import io.rostersync.spi.LicenseSnapshot;
import io.rostersync.spi.RosterSyncException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The seats of one Salesforce permission set licence (PermissionSetLicense: {@code TotalLicenses},
 * {@code UsedLicenses}, {@code ExpirationDate}, {@code Status}) as a {@link LicensePool}; a seat is a
 * PermissionSetLicenseAssign row. Accounts are Salesforce user ids.
 *
 * <p>Call centres: a pool configured with {@link Builder#callCenter(String)} puts every user it gives a
 * seat into that call centre ({@code User.CallCenterId}), and takes a user whose seat it revokes out of
 * it again (only if the user is still in that call centre). That is how, in the Talkdesk for Salesforce
 * flow, "removing a licence removes the call centre"; the engine revokes the licence's permission sets
 * in the same run. If the call centre cannot be set (a validation rule on User, say) the seat is given
 * back and the assignment fails for that user, so the next run tries again.
 *
 * <p>The snapshot counts a licence whose {@code Status} is not {@code Active} as expired, and one with an
 * {@code ExpirationDate} as expiring at the end of that day (UTC). {@code consumed} is Salesforce's
 * {@code UsedLicenses} (holders outside this sync included). Each call reads the org afresh; not
 * cached. Thread-safe.
 */
public final class SalesforceLicensePool implements LicensePool {

    private static final Logger LOG = LoggerFactory.getLogger(SalesforceLicensePool.class);
    private static final Pattern SALESFORCE_ID = Pattern.compile("[A-Za-z0-9]{15}|[A-Za-z0-9]{18}");

    private final SalesforceApi api;
    private final String developerName;
    private final String licenceId;
    private final Optional<String> callCenterId;
    private volatile @Nullable String pslId;

    private SalesforceLicensePool(Builder b) {
        this.api = b.connection.api();
        this.developerName = b.developerName;
        this.licenceId = b.licenceId == null ? b.developerName : b.licenceId;
        this.callCenterId = b.callCenterId;
    }

    /**
     * @param developerName the PermissionSetLicense's {@code DeveloperName}
     */
    public static Builder builder(SalesforceConnection connection, String developerName) {
        return new Builder(connection, developerName);
    }

    @Override
    public String licenceId() {
        return licenceId;
    }

    /** The call centre seat holders are put in, if configured. */
    public Optional<String> callCenterId() {
        return callCenterId;
    }

    @Override
    public LicenseSnapshot snapshot() {
        JsonNode psl = licence();
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
        return new LicenseSnapshot(licenceId, total, used, expires, assignees);
    }

    /**
     * Inserts the seat, then sets the call centre if configured.
     *
     * @throws RosterSyncException {@code LICENCE_SHORTFALL} when no seat is free or the licence is not
     *                             active; other kinds as Salesforce answered
     */
    @Override
    public void assign(NativeId user) {
        String userId = requireUserId(user);
        String psl = licenceRecordId();
        ObjectNode seat = JsonNodeFactory.instance.objectNode();
        seat.putObject("attributes").put("type", "PermissionSetLicenseAssign");
        seat.put("AssigneeId", userId);
        seat.put("PermissionSetLicenseId", psl);
        RecordResult r = api.create(List.of(seat)).get(0);
        if (!r.success()) {
            String code = r.code().orElse("UNKNOWN_ERROR");
            if (code.equals("DUPLICATE_VALUE")) {
                return; // already holds a seat
            }
            FailureKind kind = code.equals("LICENSE_LIMIT_EXCEEDED") || code.equals("FIELD_INTEGRITY_EXCEPTION")
                    ? FailureKind.LICENCE_SHORTFALL : ErrorCodes.kind(code, true);
            throw new RosterSyncException(kind, "salesforce: no seat of " + licenceId + " for " + userId + ": " + code + " " + r.message());
        }
        if (callCenterId.isPresent()) {
            RecordResult cc = setCallCenter(userId, callCenterId.get());
            if (!cc.success()) {
                String code = cc.code().orElse("UNKNOWN_ERROR");
                r.id().ifPresent(seatId -> {
                    RecordResult back = api.delete(List.of(seatId)).get(0);
                    if (!back.success()) {
                        LOG.warn("salesforce: could not give back seat {} after the call centre failed: {}", seatId, back.code().orElse("?"));
                    }
                });
                throw new RosterSyncException(ErrorCodes.kind(code, true), "salesforce: could not put " + userId
                        + " in call centre " + callCenterId.get() + ", seat given back: " + code + " " + cc.message());
            }
        }
    }

    /** Clears the call centre (if it is this pool's), then deletes the seat. */
    @Override
    public void revoke(NativeId user) {
        String userId = requireUserId(user);
        String psl = licenceRecordId();
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
                    throw new RosterSyncException(ErrorCodes.kind(code, true), "salesforce: could not take " + userId
                            + " out of call centre " + callCenterId.get() + ": " + code + " " + cc.message());
                }
            }
        }
        RecordResult r = api.delete(List.of(seats.get(0).path("Id").asText())).get(0);
        if (!r.success() && !r.code().filter("ENTITY_IS_DELETED"::equals).isPresent()) {
            String code = r.code().orElse("UNKNOWN_ERROR");
            throw new RosterSyncException(ErrorCodes.kind(code, true), "salesforce: could not revoke the " + licenceId
                    + " seat of " + userId + ": " + code + " " + r.message());
        }
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
            throw new RosterSyncException(FailureKind.NOT_FOUND, "salesforce: '" + user + "' is not a Salesforce user id");
        }
        return user.value();
    }

    /** The PermissionSetLicense id, looked up once. */
    private String licenceRecordId() {
        String known = pslId;
        return known != null ? known : licence().path("Id").asText();
    }

    private JsonNode licence() {
        String known = pslId;
        String where = known != null ? "Id = " + Soql.quote(known) : "DeveloperName = " + Soql.quote(developerName);
        List<JsonNode> rows = api.queryAll("SELECT Id, DeveloperName, TotalLicenses, UsedLicenses, ExpirationDate, Status"
                + " FROM PermissionSetLicense WHERE " + where);
        if (rows.isEmpty()) {
            throw new RosterSyncException(FailureKind.INVALID_CONFIGURATION,
                    "salesforce: no permission set licence with DeveloperName '" + developerName + "'");
        }
        pslId = rows.get(0).path("Id").asText();
        return rows.get(0);
    }

    @Override
    public String toString() {
        return "SalesforceLicensePool[" + licenceId + " = " + developerName + callCenterId.map(c -> ", call centre " + c).orElse("") + "]";
    }

    /** Configuration of a {@link SalesforceLicensePool}. */
    public static final class Builder {
        private final SalesforceConnection connection;
        private final String developerName;
        private @Nullable String licenceId;
        private Optional<String> callCenterId = Optional.empty();

        private Builder(SalesforceConnection connection, String developerName) {
            this.connection = Objects.requireNonNull(connection, "connection");
            Objects.requireNonNull(developerName, "developerName");
            if (!developerName.matches("[A-Za-z][A-Za-z0-9_]{0,79}")) {
                throw new IllegalArgumentException("developerName must be a Salesforce API name");
            }
            this.developerName = developerName;
        }

        /** The licence id the sync policy uses ({@code T4S}); default the developer name. */
        public Builder licenceId(String value) {
            Objects.requireNonNull(value, "licenceId");
            if (value.isBlank()) {
                throw new IllegalArgumentException("licenceId must not be blank");
            }
            licenceId = value;
            return this;
        }

        /** Seat holders are put in this call centre ({@code 04v…}) and taken out when their seat goes. */
        public Builder callCenter(String callCenterId) {
            Objects.requireNonNull(callCenterId, "callCenterId");
            if (!SALESFORCE_ID.matcher(callCenterId).matches()) {
                throw new IllegalArgumentException("callCenterId must be a Salesforce id");
            }
            this.callCenterId = Optional.of(callCenterId);
            return this;
        }

        public SalesforceLicensePool build() {
            return new SalesforceLicensePool(this);
        }
    }
}
