package io.rostersync.model;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;

/**
 * One account as stored in one directory: the directory's id, the profile and when it last changed.
 *
 * @param id        the directory's id for this account
 * @param profile   the account's data
 * @param updatedAt last modification time as the directory reports it, if it does
 * @since 0.1.0
 */
public record UserRecord(NativeId id, UserProfile profile, Optional<Instant> updatedAt) {

    /**
     * Checks every part is present.
     *
     * @param id        the directory's id for this account
     * @param profile   the account's data
     * @param updatedAt last modification time as the directory reports it, if it does
     * @throws NullPointerException if a part is null
     */
    public UserRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    /**
     * A record without a modification time.
     *
     * @param id      the directory's id for the account
     * @param profile what the directory holds about the person
     * @return the record
     */
    public static UserRecord of(NativeId id, UserProfile profile) {
        return new UserRecord(id, profile, Optional.empty());
    }

    /**
     * A record without a modification time, from the id's text.
     *
     * @param id      the directory's id for the account
     * @param profile what the directory holds about the person
     * @return the record
     * @throws IllegalArgumentException if the id is not a valid {@link NativeId}
     */
    public static UserRecord of(String id, UserProfile profile) {
        return of(NativeId.of(id), profile);
    }

    /**
     * This account with another profile, same id and modification time.
     *
     * @param newProfile the new profile
     * @return a new record; this one is unchanged
     */
    public UserRecord withProfile(UserProfile newProfile) {
        return new UserRecord(id, newProfile, updatedAt);
    }

    /**
     * The profile's email.
     *
     * @return the email, or empty when the directory has none
     */
    public Optional<EmailAddress> email() {
        return profile.email();
    }

    /**
     * The profile's username.
     *
     * @return the username, or empty when the directory has none
     */
    public Optional<Username> username() {
        return profile.username();
    }

    /**
     * The profile's given name.
     *
     * @return the given name, empty when unknown
     */
    public String firstName() {
        return profile.firstName();
    }

    /**
     * The profile's family name.
     *
     * @return the family name, empty when unknown
     */
    public String lastName() {
        return profile.lastName();
    }

    /**
     * The profile's lifecycle state.
     *
     * @return the status
     */
    public UserStatus status() {
        return profile.status();
    }

    /**
     * The profile's roles.
     *
     * @return the role names, sorted and unmodifiable
     */
    public SortedSet<String> roles() {
        return profile.roles();
    }

    /**
     * The profile's groups.
     *
     * @return the group names, sorted and unmodifiable
     */
    public SortedSet<String> groups() {
        return profile.groups();
    }

    /**
     * The profile's free attributes.
     *
     * @return the attributes, sorted by name and unmodifiable
     */
    public SortedMap<String, String> attributes() {
        return profile.attributes();
    }

    /**
     * One free attribute of the profile.
     *
     * @param name the attribute's name
     * @return its value, or empty when the profile does not have it
     */
    public Optional<String> attribute(String name) {
        return profile.attribute(name);
    }

    /**
     * Human label for plans and reports: the email, else the username, else the id.
     *
     * @return the label, never empty
     */
    public String label() {
        return profile.email().map(EmailAddress::value)
                .or(() -> profile.username().map(Username::value))
                .orElse(id.value());
    }
}
