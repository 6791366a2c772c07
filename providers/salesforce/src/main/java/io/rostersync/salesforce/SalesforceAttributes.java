package io.rostersync.salesforce;

import java.util.Map;

/**
 * Names of the {@link io.rostersync.model.UserProfile#attributes() attributes} a
 * {@link SalesforceUserDirectory} reads and writes, and the User fields behind them.
 *
 * <p>Read back on every user (when set): {@link #PROFILE_ID}, {@link #USER_ROLE_ID},
 * {@link #FEDERATION_ID} and {@link #CALL_CENTER_ID}. Honoured on create and update but not read back:
 * {@link #ALIAS}, {@link #TIME_ZONE}, {@link #LOCALE}, {@link #EMAIL_ENCODING} and {@link #LANGUAGE},
 * which override the directory's {@link NewUserDefaults} for one user. Removing an attribute sets the
 * field to null. Any other attribute in a create or update fails that user with
 * {@link io.rostersync.spi.FailureKind#VALIDATION}.
 *
 * @since 0.1.0
 */
public final class SalesforceAttributes {

    /** {@code User.ProfileId}. */
    public static final String PROFILE_ID = "salesforce.profileId";
    /** {@code User.UserRoleId}. */
    public static final String USER_ROLE_ID = "salesforce.userRoleId";
    /** {@code User.FederationIdentifier}, the SAML federation id. */
    public static final String FEDERATION_ID = "salesforce.federationIdentifier";
    /** {@code User.CallCenterId}: the call centre (the seed's "Change CTI"). */
    public static final String CALL_CENTER_ID = "salesforce.callCenterId";
    /** {@code User.Alias} (at most 8 characters). */
    public static final String ALIAS = "salesforce.alias";
    /** {@code User.TimeZoneSidKey}, such as {@code Europe/Lisbon}. */
    public static final String TIME_ZONE = "salesforce.timeZoneSidKey";
    /** {@code User.LocaleSidKey}, such as {@code pt_PT}. */
    public static final String LOCALE = "salesforce.localeSidKey";
    /** {@code User.EmailEncodingKey}, such as {@code UTF-8}. */
    public static final String EMAIL_ENCODING = "salesforce.emailEncodingKey";
    /** {@code User.LanguageLocaleKey}, such as {@code en_US}. */
    public static final String LANGUAGE = "salesforce.languageLocaleKey";

    /** Attribute name to User field, for every attribute the directory writes. */
    static final Map<String, String> FIELDS = Map.of(
            PROFILE_ID, "ProfileId", USER_ROLE_ID, "UserRoleId", FEDERATION_ID, "FederationIdentifier",
            CALL_CENTER_ID, "CallCenterId", ALIAS, "Alias", TIME_ZONE, "TimeZoneSidKey", LOCALE, "LocaleSidKey",
            EMAIL_ENCODING, "EmailEncodingKey", LANGUAGE, "LanguageLocaleKey");

    /** Attribute name to User field, for the attributes read back on every user. */
    static final Map<String, String> READ_FIELDS = Map.of(
            PROFILE_ID, "ProfileId", USER_ROLE_ID, "UserRoleId", FEDERATION_ID, "FederationIdentifier",
            CALL_CENTER_ID, "CallCenterId");

    private SalesforceAttributes() {
    }
}
