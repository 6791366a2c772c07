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
 */
public record UserRecord(NativeId id, UserProfile profile, Optional<Instant> updatedAt) {

    public UserRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    public static UserRecord of(NativeId id, UserProfile profile) {
        return new UserRecord(id, profile, Optional.empty());
    }

    public static UserRecord of(String id, UserProfile profile) {
        return of(NativeId.of(id), profile);
    }

    public UserRecord withProfile(UserProfile newProfile) {
        return new UserRecord(id, newProfile, updatedAt);
    }

    public Optional<EmailAddress> email() {
        return profile.email();
    }

    public Optional<Username> username() {
        return profile.username();
    }

    public String firstName() {
        return profile.firstName();
    }

    public String lastName() {
        return profile.lastName();
    }

    public UserStatus status() {
        return profile.status();
    }

    public SortedSet<String> roles() {
        return profile.roles();
    }

    public SortedSet<String> groups() {
        return profile.groups();
    }

    public SortedMap<String, String> attributes() {
        return profile.attributes();
    }

    public Optional<String> attribute(String name) {
        return profile.attribute(name);
    }

    /** Human label for plans and reports: the email, else the username, else the id. */
    public String label() {
        return profile.email().map(EmailAddress::value)
                .or(() -> profile.username().map(Username::value))
                .orElse(id.value());
    }
}
