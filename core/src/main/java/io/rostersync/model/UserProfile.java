package io.rostersync.model;

import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a directory knows about one person, without the directory's own id: the payload of a create and
 * the comparable part of a {@link UserRecord}. Collections are copied into sorted, unmodifiable forms so
 * that equality, iteration and serialisation are deterministic.
 *
 * @param email      normalised email, if the directory has one
 * @param username   login name, if the directory has one
 * @param firstName  given name, empty when unknown
 * @param lastName   family name, empty when unknown
 * @param status     lifecycle state
 * @param roles      role names as the directory spells them (for a Salesforce user: permission sets)
 * @param groups     group memberships (campaign access, teams, call centres)
 * @param attributes free attributes (external ids, federation id, login method), keys and values non-null
 * @since 0.1.0
 */
public record UserProfile(
        Optional<EmailAddress> email,
        Optional<Username> username,
        String firstName,
        String lastName,
        UserStatus status,
        SortedSet<String> roles,
        SortedSet<String> groups,
        SortedMap<String, String> attributes) {

    /**
     * Strips the names and copies the collections into sorted, unmodifiable forms.
     *
     * @param email      normalised email, if the directory has one
     * @param username   login name, if the directory has one
     * @param firstName  given name, empty when unknown
     * @param lastName   family name, empty when unknown
     * @param status     lifecycle state
     * @param roles      role names as the directory spells them (for a Salesforce user: permission sets)
     * @param groups     group memberships (campaign access, teams, call centres)
     * @param attributes free attributes (external ids, federation id, login method), keys and values non-null
     * @throws IllegalArgumentException if a role, group or attribute name is blank, or an attribute has no
     *                                  value
     * @throws NullPointerException if a part is null
     */
    public UserProfile {
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(username, "username");
        firstName = Objects.requireNonNull(firstName, "firstName").strip();
        lastName = Objects.requireNonNull(lastName, "lastName").strip();
        Objects.requireNonNull(status, "status");
        roles = names(roles, "role");
        groups = names(groups, "group");
        attributes = attributes(attributes);
    }

    /**
     * A builder for an active profile with nothing else set.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder holding this profile's values.
     *
     * @return a new builder; changing it leaves this profile as it is
     */
    public Builder toBuilder() {
        return new Builder()
                .email(email)
                .username(username)
                .firstName(firstName)
                .lastName(lastName)
                .status(status)
                .roles(roles)
                .groups(groups)
                .attributes(attributes);
    }

    /**
     * One free attribute.
     *
     * @param name the attribute's name
     * @return its value, or empty when the profile does not have it
     */
    public Optional<String> attribute(String name) {
        return Optional.ofNullable(attributes.get(name));
    }

    /**
     * "First Last", or the email or username when there is no name.
     *
     * @return the display name; empty only when the profile has no name, email or username
     */
    public String displayName() {
        String full = (firstName + " " + lastName).strip();
        if (!full.isEmpty()) {
            return full;
        }
        return email.map(EmailAddress::value).or(() -> username.map(Username::value)).orElse("");
    }

    static SortedSet<String> names(Collection<String> values, String what) {
        Objects.requireNonNull(values, what + "s");
        if (SortedNames.isSortedNames(values)) {
            return (SortedSet<String>) values; // immutable and validated when it was made
        }
        TreeSet<String> copy = new TreeSet<>();
        for (String value : values) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException(what + " names must not be blank");
            }
            copy.add(value.strip());
        }
        return SortedNames.copyOf(copy);
    }

    static SortedMap<String, String> attributes(Map<String, String> values) {
        Objects.requireNonNull(values, "attributes");
        if (values.isEmpty()) {
            return Collections.emptySortedMap(); // one shared instance: most accounts have no free attributes
        }
        TreeMap<String, String> copy = new TreeMap<>();
        for (Map.Entry<String, String> e : values.entrySet()) {
            if (e.getKey() == null || e.getKey().isBlank()) {
                throw new IllegalArgumentException("attribute names must not be blank");
            }
            if (e.getValue() == null) {
                throw new IllegalArgumentException("attribute '" + e.getKey() + "' has no value");
            }
            copy.put(e.getKey(), e.getValue());
        }
        return Collections.unmodifiableSortedMap(copy);
    }

    /** Mutable builder; every setter validates on {@link #build()}. */
    public static final class Builder {
        private Optional<EmailAddress> email = Optional.empty();
        private Optional<Username> username = Optional.empty();
        private String firstName = "";
        private String lastName = "";
        private UserStatus status = UserStatus.ACTIVE;
        private TreeSet<String> roles = new TreeSet<>();
        private TreeSet<String> groups = new TreeSet<>();
        private TreeMap<String, String> attributes = new TreeMap<>();

        private Builder() {
        }

        /**
         * Sets or clears the email.
         *
         * @param email the email, or empty
         * @return this builder
         */
        public Builder email(Optional<EmailAddress> email) {
            this.email = Objects.requireNonNull(email, "email");
            return this;
        }

        /**
         * Sets the email.
         *
         * @param email the email
         * @return this builder
         */
        public Builder email(EmailAddress email) {
            return email(Optional.of(email));
        }

        /**
         * Sets the email from text; blank clears it, anything invalid throws.
         *
         * @param email the address as written; blank clears it
         * @return this builder
         * @throws IllegalArgumentException if the address is not blank and not well formed
         */
        public Builder email(String email) {
            return email(email == null || email.isBlank() ? Optional.empty() : Optional.of(EmailAddress.of(email)));
        }

        /**
         * Sets or clears the username.
         *
         * @param username the username, or empty
         * @return this builder
         */
        public Builder username(Optional<Username> username) {
            this.username = Objects.requireNonNull(username, "username");
            return this;
        }

        /**
         * Sets the username from text.
         *
         * @param username the username as the directory shows it
         * @return this builder
         * @throws IllegalArgumentException if the username is blank or too long
         */
        public Builder username(String username) {
            return username(username == null || username.isBlank() ? Optional.empty() : Optional.of(Username.of(username)));
        }

        /**
         * Sets the given name.
         *
         * @param firstName the given name, empty when unknown
         * @return this builder
         */
        public Builder firstName(String firstName) {
            this.firstName = firstName;
            return this;
        }

        /**
         * Sets the family name.
         *
         * @param lastName the family name, empty when unknown
         * @return this builder
         */
        public Builder lastName(String lastName) {
            this.lastName = lastName;
            return this;
        }

        /**
         * Sets the lifecycle state.
         *
         * @param status the status
         * @return this builder
         */
        public Builder status(UserStatus status) {
            this.status = status;
            return this;
        }

        /**
         * Replaces the roles.
         *
         * @param roles the role names
         * @return this builder
         */
        public Builder roles(Collection<String> roles) {
            this.roles = new TreeSet<>(Objects.requireNonNull(roles, "roles"));
            return this;
        }

        /**
         * Adds a role.
         *
         * @param role the role name
         * @return this builder
         */
        public Builder role(String role) {
            roles.add(role);
            return this;
        }

        /**
         * Replaces the groups.
         *
         * @param groups the group names
         * @return this builder
         */
        public Builder groups(Collection<String> groups) {
            this.groups = new TreeSet<>(Objects.requireNonNull(groups, "groups"));
            return this;
        }

        /**
         * Adds a group.
         *
         * @param group the group name
         * @return this builder
         */
        public Builder group(String group) {
            groups.add(group);
            return this;
        }

        /**
         * Replaces the free attributes.
         *
         * @param attributes the attributes by name
         * @return this builder
         */
        public Builder attributes(Map<String, String> attributes) {
            this.attributes = new TreeMap<>(Objects.requireNonNull(attributes, "attributes"));
            return this;
        }

        /**
         * Sets one free attribute.
         *
         * @param name  the attribute's name
         * @param value its value
         * @return this builder
         */
        public Builder attribute(String name, String value) {
            attributes.put(name, value);
            return this;
        }

        /**
         * Removes one free attribute.
         *
         * @param name the attribute's name
         * @return this builder
         */
        public Builder removeAttribute(String name) {
            attributes.remove(name);
            return this;
        }

        /**
         * Builds the profile.
         *
         * @return the profile
         * @throws IllegalArgumentException if a name is blank or an attribute has no value
         * @throws NullPointerException if a value is missing
         */
        public UserProfile build() {
            return new UserProfile(email, username, firstName, lastName, status, roles, groups, attributes);
        }
    }
}
