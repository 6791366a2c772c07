package io.rostersync.salesforce.internal;

import io.rostersync.spi.FailureKind;
import java.util.Set;

/** Salesforce error codes ({@code statusCode} / {@code errorCode}) to what the caller can do. */
public final class ErrorCodes {

    private static final Set<String> VALIDATION = Set.of("FIELD_CUSTOM_VALIDATION_EXCEPTION", "REQUIRED_FIELD_MISSING",
            "INVALID_EMAIL_ADDRESS", "STRING_TOO_LONG", "INVALID_FIELD", "INVALID_FIELD_FOR_INSERT_UPDATE",
            "INVALID_NEW_VALUE", "FIELD_INTEGRITY_EXCEPTION", "INVALID_TYPE", "JSON_PARSER_ERROR",
            "FIELD_FILTER_VALIDATION_EXCEPTION", "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST", "EXCEEDED_ID_LIMIT",
            "MISSING_ARGUMENT", "HTTP_400", "LIMIT_EXCEEDED");
    private static final Set<String> CONFLICT = Set.of("DUPLICATE_USERNAME", "DUPLICATE_VALUE", "DUPLICATES_DETECTED",
            "DUPLICATE_COMM_NICKNAME");
    private static final Set<String> NOT_FOUND = Set.of("MALFORMED_ID", "ENTITY_IS_DELETED", "NOT_FOUND",
            "INVALID_ID_FIELD");
    private static final Set<String> PERMISSION = Set.of("INSUFFICIENT_ACCESS_OR_READONLY",
            "INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY", "INSUFFICIENT_ACCESS", "CANNOT_MODIFY_MANAGED_OBJECT");
    private static final Set<String> TRANSIENT = Set.of("UNABLE_TO_LOCK_ROW", "ALL_OR_NONE_OPERATION_ROLLED_BACK",
            "UNKNOWN_EXCEPTION", "SERVER_UNAVAILABLE", "QUERY_TIMEOUT");

    private ErrorCodes() {
    }

    /**
     * @param code                the vendor code
     * @param referenceIsTheTarget whether an {@code INVALID_CROSS_REFERENCE_KEY} means the record written
     *                            does not exist (an update) rather than that a field points nowhere (a create)
     */
    public static FailureKind kind(String code, boolean referenceIsTheTarget) {
        if (code.equals("INVALID_CROSS_REFERENCE_KEY")) {
            return referenceIsTheTarget ? FailureKind.NOT_FOUND : FailureKind.VALIDATION;
        }
        if (VALIDATION.contains(code)) {
            return FailureKind.VALIDATION;
        }
        if (CONFLICT.contains(code)) {
            return FailureKind.CONFLICT;
        }
        if (NOT_FOUND.contains(code)) {
            return FailureKind.NOT_FOUND;
        }
        if (PERMISSION.contains(code)) {
            return FailureKind.PERMISSION_DENIED;
        }
        if (TRANSIENT.contains(code)) {
            return FailureKind.TRANSIENT;
        }
        if (code.equals("LICENSE_LIMIT_EXCEEDED")) {
            return FailureKind.LICENSE_SHORTFALL;
        }
        if (code.equals("REQUEST_LIMIT_EXCEEDED")) {
            return FailureKind.RATE_LIMITED;
        }
        return FailureKind.UNKNOWN;
    }
}
