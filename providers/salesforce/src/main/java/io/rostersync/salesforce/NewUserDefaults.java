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
 * @since 0.1.0
 */
public record NewUserDefaults(String profileId, String timeZoneSidKey, String localeSidKey, String emailEncodingKey,
                              String languageLocaleKey) {

    /**
     * Checks that every part is given.
     *
     * @param profileId         the profile id
     * @param timeZoneSidKey    the time zone key
     * @param localeSidKey      the locale key
     * @param emailEncodingKey  the email encoding key
     * @param languageLocaleKey the language key
     * @throws NullPointerException     if a part is null
     * @throws IllegalArgumentException if a part is blank
     */
    public NewUserDefaults {
        requireText(profileId, "profileId");
        requireText(timeZoneSidKey, "timeZoneSidKey");
        requireText(localeSidKey, "localeSidKey");
        requireText(emailEncodingKey, "emailEncodingKey");
        requireText(languageLocaleKey, "languageLocaleKey");
    }

    /**
     * US English defaults (Los Angeles time, UTF-8) with the given profile.
     *
     * @param profileId the profile new users get
     * @return the defaults
     * @throws IllegalArgumentException if the profile id is blank
     */
    public static NewUserDefaults of(String profileId) {
        return new NewUserDefaults(profileId, "America/Los_Angeles", "en_US", "UTF-8", "en_US");
    }

    /**
     * These defaults with another time zone.
     *
     * @param value the time zone key, such as {@code Europe/Berlin}
     * @return a copy with that time zone
     * @throws IllegalArgumentException if it is blank
     */
    public NewUserDefaults withTimeZone(String value) {
        return new NewUserDefaults(profileId, value, localeSidKey, emailEncodingKey, languageLocaleKey);
    }

    /**
     * These defaults with another locale and language.
     *
     * @param locale   the locale key, such as {@code de_DE}
     * @param language the language key, such as {@code de}
     * @return a copy with that locale and language
     * @throws IllegalArgumentException if one is blank
     */
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
