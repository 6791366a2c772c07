package io.rostersync.salesforce;

import java.util.Objects;

/**
 * The User fields Salesforce requires on create that a synced profile does not carry. Any of them can be
 * overridden per user through the matching {@link SalesforceAttributes} attribute; the alias, when not
 * given, is derived from the name (first initial and surname, at most 8 characters).
 *
 * @param profileId         the Salesforce profile new users get ({@code 00e…})
 * @param timeZoneSidKey    such as {@code America/Los_Angeles}
 * @param localeSidKey      such as {@code en_US}
 * @param emailEncodingKey  such as {@code UTF-8}
 * @param languageLocaleKey such as {@code en_US}
 */
public record NewUserDefaults(String profileId, String timeZoneSidKey, String localeSidKey, String emailEncodingKey,
                              String languageLocaleKey) {

    public NewUserDefaults {
        requireText(profileId, "profileId");
        requireText(timeZoneSidKey, "timeZoneSidKey");
        requireText(localeSidKey, "localeSidKey");
        requireText(emailEncodingKey, "emailEncodingKey");
        requireText(languageLocaleKey, "languageLocaleKey");
    }

    /** US English defaults (Los Angeles time, UTF-8) with the given profile. */
    public static NewUserDefaults of(String profileId) {
        return new NewUserDefaults(profileId, "America/Los_Angeles", "en_US", "UTF-8", "en_US");
    }

    public NewUserDefaults withTimeZone(String value) {
        return new NewUserDefaults(profileId, value, localeSidKey, emailEncodingKey, languageLocaleKey);
    }

    public NewUserDefaults withLocale(String locale, String language) {
        return new NewUserDefaults(profileId, timeZoneSidKey, locale, emailEncodingKey, language);
    }

    private static void requireText(String value, String what) {
        Objects.requireNonNull(value, what);
        if (value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
    }
}
