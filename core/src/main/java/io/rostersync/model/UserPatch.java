package io.rostersync.model;

import java.util.Collections;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A field-level change to an existing account. Empty optionals and empty collections mean "leave as
 * is", so a directory can send only what changed. Status changes are separate operations
 * (deactivate, reactivate), never part of a patch.
 *
 * @param email            new email, if it changes
 * @param username         new username, if it changes
 * @param firstName        new given name, if it changes
 * @param lastName         new family name, if it changes
 * @param addRoles         roles to add
 * @param removeRoles      roles to remove
 * @param addGroups        groups to join
 * @param removeGroups     groups to leave
 * @param setAttributes    attributes to set or overwrite
 * @param removeAttributes attributes to remove
 * @since 0.1.0
 */
public record UserPatch(
        Optional<EmailAddress> email,
        Optional<Username> username,
        Optional<String> firstName,
        Optional<String> lastName,
        SortedSet<String> addRoles,
        SortedSet<String> removeRoles,
        SortedSet<String> addGroups,
        SortedSet<String> removeGroups,
        SortedMap<String, String> setAttributes,
        SortedSet<String> removeAttributes) {

    /**
     * Copies the collections and checks nothing is both added and removed.
     *
     * @param email            new email, if it changes
     * @param username         new username, if it changes
     * @param firstName        new given name, if it changes
     * @param lastName         new family name, if it changes
     * @param addRoles         roles to add
     * @param removeRoles      roles to remove
     * @param addGroups        groups to join
     * @param removeGroups     groups to leave
     * @param setAttributes    attributes to set or overwrite
     * @param removeAttributes attributes to remove
     * @throws IllegalArgumentException if a name is blank, an attribute has no value, or a role, group or
     *                                  attribute is both added and removed
     * @throws NullPointerException if a part is null
     */
    public UserPatch {
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(firstName, "firstName");
        Objects.requireNonNull(lastName, "lastName");
        addRoles = UserProfile.names(addRoles, "role");
        removeRoles = UserProfile.names(removeRoles, "role");
        addGroups = UserProfile.names(addGroups, "group");
        removeGroups = UserProfile.names(removeGroups, "group");
        setAttributes = UserProfile.attributes(setAttributes);
        removeAttributes = UserProfile.names(removeAttributes, "attribute");
        requireDisjoint(addRoles, removeRoles, "role");
        requireDisjoint(addGroups, removeGroups, "group");
        requireDisjoint(setAttributes.keySet(), removeAttributes, "attribute");
    }

    private static void requireDisjoint(Set<String> add, Set<String> remove, String what) {
        for (String name : add) {
            if (remove.contains(name)) {
                throw new IllegalArgumentException(what + " '" + name + "' is both added and removed");
            }
        }
    }

    /**
     * A builder for an empty patch.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Whether the patch changes nothing.
     *
     * @return {@code true} when every field is left as is
     */
    public boolean isEmpty() {
        return email.isEmpty() && username.isEmpty() && firstName.isEmpty() && lastName.isEmpty()
                && addRoles.isEmpty() && removeRoles.isEmpty() && addGroups.isEmpty() && removeGroups.isEmpty()
                && setAttributes.isEmpty() && removeAttributes.isEmpty();
    }

    /**
     * The profile this patch produces from {@code before}; directories without partial updates use it.
     *
     * @param before the account's profile before the update
     * @return the profile after the update
     */
    public UserProfile applyTo(UserProfile before) {
        UserProfile.Builder b = before.toBuilder();
        email.ifPresent(b::email);
        username.ifPresent(u -> b.username(Optional.of(u)));
        firstName.ifPresent(b::firstName);
        lastName.ifPresent(b::lastName);
        TreeSet<String> roles = new TreeSet<>(before.roles());
        roles.removeAll(removeRoles);
        roles.addAll(addRoles);
        TreeSet<String> groups = new TreeSet<>(before.groups());
        groups.removeAll(removeGroups);
        groups.addAll(addGroups);
        TreeMap<String, String> attrs = new TreeMap<>(before.attributes());
        removeAttributes.forEach(attrs::remove);
        attrs.putAll(setAttributes);
        return b.roles(roles).groups(groups).attributes(attrs).build();
    }

    /** Mutable builder. */
    public static final class Builder {
        private Optional<EmailAddress> email = Optional.empty();
        private Optional<Username> username = Optional.empty();
        private Optional<String> firstName = Optional.empty();
        private Optional<String> lastName = Optional.empty();
        private final TreeSet<String> addRoles = new TreeSet<>();
        private final TreeSet<String> removeRoles = new TreeSet<>();
        private final TreeSet<String> addGroups = new TreeSet<>();
        private final TreeSet<String> removeGroups = new TreeSet<>();
        private final TreeMap<String, String> setAttributes = new TreeMap<>();
        private final TreeSet<String> removeAttributes = new TreeSet<>();

        private Builder() {
        }

        /**
         * Changes the email.
         *
         * @param value the new email
         * @return this builder
         */
        public Builder email(EmailAddress value) {
            email = Optional.of(value);
            return this;
        }

        /**
         * Changes the username.
         *
         * @param value the new username
         * @return this builder
         */
        public Builder username(Username value) {
            username = Optional.of(value);
            return this;
        }

        /**
         * Changes the given name.
         *
         * @param value the new given name
         * @return this builder
         */
        public Builder firstName(String value) {
            firstName = Optional.of(value);
            return this;
        }

        /**
         * Changes the family name.
         *
         * @param value the new family name
         * @return this builder
         */
        public Builder lastName(String value) {
            lastName = Optional.of(value);
            return this;
        }

        /**
         * Adds a role.
         *
         * @param role the role name
         * @return this builder
         */
        public Builder addRole(String role) {
            addRoles.add(role);
            return this;
        }

        /**
         * Removes a role.
         *
         * @param role the role name
         * @return this builder
         */
        public Builder removeRole(String role) {
            removeRoles.add(role);
            return this;
        }

        /**
         * Joins a group.
         *
         * @param group the group name
         * @return this builder
         */
        public Builder addGroup(String group) {
            addGroups.add(group);
            return this;
        }

        /**
         * Leaves a group.
         *
         * @param group the group name
         * @return this builder
         */
        public Builder removeGroup(String group) {
            removeGroups.add(group);
            return this;
        }

        /**
         * Sets or overwrites an attribute.
         *
         * @param name  the attribute's name
         * @param value its new value
         * @return this builder
         */
        public Builder setAttribute(String name, String value) {
            setAttributes.put(name, value);
            return this;
        }

        /**
         * Removes an attribute.
         *
         * @param name the attribute's name
         * @return this builder
         */
        public Builder removeAttribute(String name) {
            removeAttributes.add(name);
            return this;
        }

        /**
         * Builds the patch.
         *
         * @return the patch
         * @throws IllegalArgumentException if a name is blank or something is both added and removed
         */
        public UserPatch build() {
            return new UserPatch(email, username, firstName, lastName,
                    Collections.unmodifiableSortedSet(addRoles), removeRoles, addGroups, removeGroups,
                    setAttributes, removeAttributes);
        }
    }
}
