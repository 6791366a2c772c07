package io.rostersync.scim;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * How one SCIM schema extension of the User resource (such as
 * {@code urn:ietf:params:scim:schemas:extension:enterprise:2.0:User} or Talkdesk's
 * {@code urn:ietf:params:scim:schemas:extension:talkdesk:2.0:User}) maps to a profile: which extension
 * attribute holds the roles, which the groups, and which scalar attributes become named profile
 * attributes. Immutable; build with {@link #builder(String)}.
 *
 * <pre>{@code
 * ScimSchemaExtension talkdesk = ScimSchemaExtension.builder("urn:ietf:params:scim:schemas:extension:talkdesk:2.0:User")
 *         .rolesAsDelimitedString("rolesString", ";")
 *         .groupsAsDelimitedString("teamsString", ";")
 *         .build();
 * }</pre>
 *
 * @since 0.1.0
 */
public final class ScimSchemaExtension {

    /**
     * An extension attribute holding several names.
     *
     * @param attribute the attribute's name inside the extension
     * @param separator how the names are joined in one string ({@code ";"}), or empty for a JSON array of strings
     */
    public record ListAttribute(String attribute, Optional<String> separator) {
        /**
         * Checks the parts.
         *
         * @param attribute the attribute name
         * @param separator the separator, or empty for an array
         * @throws NullPointerException     if a part is null
         * @throws IllegalArgumentException if the name is blank or holds a space, or the separator is empty
         */
        public ListAttribute {
            requireName(attribute, "attribute");
            Objects.requireNonNull(separator, "separator");
            if (separator.isPresent() && separator.get().isEmpty()) {
                throw new IllegalArgumentException("a separator must not be empty");
            }
        }
    }

    private final String urn;
    private final Optional<ListAttribute> roles;
    private final Optional<ListAttribute> groups;
    private final Map<String, String> attributes;

    private ScimSchemaExtension(Builder b) {
        this.urn = b.urn;
        this.roles = b.roles;
        this.groups = b.groups;
        this.attributes = Collections.unmodifiableMap(new TreeMap<>(b.attributes));
    }

    /**
     * Starts a mapping for one extension.
     *
     * @param urn the extension's schema URN, which is also its attribute name in the resource
     * @return a builder
     * @throws IllegalArgumentException if {@code urn} is not a URN ({@code urn:…}) or holds a space
     */
    public static Builder builder(String urn) {
        return new Builder(urn);
    }

    /**
     * The extension's schema URN.
     *
     * @return the URN, as given
     */
    public String urn() {
        return urn;
    }

    /**
     * Where the roles live, if in this extension (otherwise the core {@code roles} attribute is used).
     *
     * @return the roles attribute, or empty when roles are in the core {@code roles} attribute
     */
    public Optional<ListAttribute> roles() {
        return roles;
    }

    /**
     * Where the groups live, if in this extension (the core {@code groups} attribute is read-only in SCIM).
     *
     * @return the groups attribute, or empty when this extension holds no groups
     */
    public Optional<ListAttribute> groups() {
        return groups;
    }

    /**
     * Extension attribute name to profile attribute name, for scalar attributes.
     *
     * @return the mapping, unmodifiable and sorted; empty when there is none
     */
    public Map<String, String> attributes() {
        return attributes;
    }

    @Override
    public String toString() {
        return "ScimSchemaExtension[" + urn + ", roles=" + roles.map(ListAttribute::attribute).orElse("-")
                + ", groups=" + groups.map(ListAttribute::attribute).orElse("-") + ", attributes=" + attributes + "]";
    }

    private static String requireName(String value, String what) {
        Objects.requireNonNull(value, what);
        if (value.isBlank() || value.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            throw new IllegalArgumentException(what + " must be a name without spaces");
        }
        return value;
    }

    /** Builds a {@link ScimSchemaExtension}. */
    public static final class Builder {
        private final String urn;
        private Optional<ListAttribute> roles = Optional.empty();
        private Optional<ListAttribute> groups = Optional.empty();
        private final Map<String, String> attributes = new TreeMap<>();

        private Builder(String urn) {
            requireName(urn, "urn");
            if (!urn.startsWith("urn:")) {
                throw new IllegalArgumentException("a schema extension is named by a URN");
            }
            this.urn = urn;
        }

        /**
         * Roles are one string such as {@code "Admin;Agent"}.
         *
         * @param attribute the extension attribute holding the roles
         * @param separator what joins the names, such as {@code ";"}; not empty
         * @return this builder
         * @throws IllegalArgumentException if the name is blank or holds a space, or the separator is empty
         */
        public Builder rolesAsDelimitedString(String attribute, String separator) {
            roles = Optional.of(new ListAttribute(attribute, Optional.of(separator)));
            return this;
        }

        /**
         * Roles are a JSON array of strings.
         *
         * @param attribute the extension attribute holding the roles
         * @return this builder
         * @throws IllegalArgumentException if the name is blank or holds a space
         */
        public Builder rolesAsArray(String attribute) {
            roles = Optional.of(new ListAttribute(attribute, Optional.empty()));
            return this;
        }

        /**
         * Groups are one string such as {@code "Sales;Support"}.
         *
         * @param attribute the extension attribute holding the groups
         * @param separator what joins the names, such as {@code ";"}; not empty
         * @return this builder
         * @throws IllegalArgumentException if the name is blank or holds a space, or the separator is empty
         */
        public Builder groupsAsDelimitedString(String attribute, String separator) {
            groups = Optional.of(new ListAttribute(attribute, Optional.of(separator)));
            return this;
        }

        /**
         * Groups are a JSON array of strings.
         *
         * @param attribute the extension attribute holding the groups
         * @return this builder
         * @throws IllegalArgumentException if the name is blank or holds a space
         */
        public Builder groupsAsArray(String attribute) {
            groups = Optional.of(new ListAttribute(attribute, Optional.empty()));
            return this;
        }

        /**
         * A scalar extension attribute (for example {@code employeeNumber}) read into and written from a profile attribute.
         *
         * @param extensionAttribute the attribute's name inside the extension
         * @param profileAttribute   the profile attribute name it maps to
         * @return this builder
         * @throws IllegalArgumentException if a name is blank or holds a space
         */
        public Builder attribute(String extensionAttribute, String profileAttribute) {
            attributes.put(requireName(extensionAttribute, "extension attribute"), requireName(profileAttribute, "profile attribute"));
            return this;
        }

        /**
         * Checks that no extension attribute is mapped twice.
         *
         * @return the mapping
         * @throws IllegalStateException if roles, groups or a scalar attribute share one extension attribute
         */
        public ScimSchemaExtension build() {
            if (roles.isPresent() && groups.isPresent() && roles.get().attribute().equals(groups.get().attribute())) {
                throw new IllegalStateException("roles and groups cannot share the attribute " + roles.get().attribute());
            }
            for (String a : attributes.keySet()) {
                if (roles.map(r -> r.attribute().equals(a)).orElse(false) || groups.map(g -> g.attribute().equals(a)).orElse(false)) {
                    throw new IllegalStateException("attribute " + a + " is already mapped to roles or groups");
                }
            }
            return new ScimSchemaExtension(this);
        }
    }
}
