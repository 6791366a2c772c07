package io.rostersync.emulators.salesforce.internal;

import java.util.Map;
import java.util.Set;

/** The sObjects the org knows: their fields, id prefixes, lookups and child relationships. */
final class Schema {

    /** Most records one sObject Collections call takes. */
    static final int MAX_COLLECTION = 200;

    static final Map<String, String> ID_PREFIX = Map.of(
            "User", "005", "Profile", "00e", "UserLicense", "100", "PermissionSet", "0PS",
            "PermissionSetAssignment", "0Pa", "PermissionSetLicense", "0PL", "PermissionSetLicenseAssign", "2LA",
            "CallCenter", "04v", "UserRole", "00E");
    static final Map<String, Set<String>> FIELDS = Map.of(
            "User", Set.of("Id", "Username", "Email", "FirstName", "LastName", "IsActive", "ProfileId", "UserRoleId",
                    "FederationIdentifier", "CallCenterId", "Alias", "TimeZoneSidKey", "LocaleSidKey",
                    "EmailEncodingKey", "LanguageLocaleKey", "UserType", "SystemModstamp", "LastModifiedDate", "CreatedDate"),
            "Profile", Set.of("Id", "Name", "UserLicenseId", "SystemModstamp"),
            "UserLicense", Set.of("Id", "Name", "MasterLabel", "LicenseDefinitionKey", "TotalLicenses", "UsedLicenses",
                    "Status", "SystemModstamp"),
            "PermissionSet", Set.of("Id", "Name", "Label", "IsOwnedByProfile", "ProfileId", "LicenseId", "SystemModstamp"),
            "PermissionSetAssignment", Set.of("Id", "AssigneeId", "PermissionSetId", "SystemModstamp"),
            "PermissionSetLicense", Set.of("Id", "DeveloperName", "MasterLabel", "TotalLicenses", "UsedLicenses",
                    "ExpirationDate", "Status", "SystemModstamp"),
            "PermissionSetLicenseAssign", Set.of("Id", "AssigneeId", "PermissionSetLicenseId", "SystemModstamp"),
            "CallCenter", Set.of("Id", "Name", "InternalName", "SystemModstamp"),
            "UserRole", Set.of("Id", "Name", "SystemModstamp"));
    /** The lookups a query may follow in its SELECT list: relationship name to the object it points to. */
    static final Map<String, Map<String, String>> LOOKUPS = Map.of(
            "User", Map.of("Profile", "Profile", "UserRole", "UserRole", "CallCenter", "CallCenter"),
            "Profile", Map.of("UserLicense", "UserLicense"),
            "PermissionSetAssignment", Map.of("Assignee", "User", "PermissionSet", "PermissionSet"),
            "PermissionSetLicenseAssign", Map.of("Assignee", "User", "PermissionSetLicense", "PermissionSetLicense"));
    /** The parent-to-child relationships a subquery may name. */
    static final Map<String, Map<String, ChildRelation>> CHILDREN = Map.of(
            "User", Map.of("PermissionSetAssignments", new ChildRelation("PermissionSetAssignment", "AssigneeId"),
                    "PermissionSetLicenseAssignments", new ChildRelation("PermissionSetLicenseAssign", "AssigneeId")));
    static final Set<String> USER_CREATE_REQUIRED = Set.of("Username", "LastName", "Email", "Alias",
            "TimeZoneSidKey", "LocaleSidKey", "EmailEncodingKey", "LanguageLocaleKey", "ProfileId");
    static final Set<String> USER_WRITABLE = Set.of("Username", "Email", "FirstName", "LastName", "IsActive",
            "ProfileId", "UserRoleId", "FederationIdentifier", "CallCenterId", "Alias", "TimeZoneSidKey",
            "LocaleSidKey", "EmailEncodingKey", "LanguageLocaleKey");

    /** A parent-to-child relationship: the child object and its lookup field pointing at the parent. */
    record ChildRelation(String object, String parentField) {
    }

    private Schema() {
    }

    /** The fields of an sObject type; empty for a type the org does not have. */
    static Set<String> fields(String object) {
        return FIELDS.getOrDefault(object, Set.of());
    }

    /** A child relationship of a query's object; the query was checked against {@link #CHILDREN} when it was made. */
    static ChildRelation relation(String object, String relationship) {
        ChildRelation relation = CHILDREN.getOrDefault(object, Map.of()).get(relationship);
        if (relation == null) {
            throw new IllegalStateException("no relationship '" + relationship + "' on " + object);
        }
        return relation;
    }

    /** Whether {@code relation.field} names a field of the record {@code object}'s lookup {@code relation} points to. */
    static boolean lookupField(String object, String relation, String field) {
        String parent = LOOKUPS.getOrDefault(object, Map.of()).get(relation);
        return parent != null && fields(parent).contains(field);
    }
}
