package io.rostersync.policy;

import io.rostersync.model.EmailAddress;
import io.rostersync.model.NativeId;
import io.rostersync.model.UserRecord;
import io.rostersync.model.Username;
import io.rostersync.model.internal.DirectKey;
import io.rostersync.model.internal.IdentityText;
import io.rostersync.spi.IdentityMatcher;
import io.rostersync.spi.MatchContext;
import io.rostersync.spi.MatchKey;
import io.rostersync.spi.MatchResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The built-in {@link IdentityMatcher}s and {@link MatchKey}s.
 *
 * <p>Every built-in key is in Unicode Normalization Form C, so a precomposed and a decomposed accent are
 * the same key. Email and username keys also fold {@code A-Z} to {@code a-z}, and nothing else: case is
 * folded in ASCII only, so a key with a character from outside ASCII never equals an ASCII key (a Kelvin
 * sign is not a {@code k}, a dotless {@code ı} is not an {@code i}, a fullwidth or Cyrillic letter is not a
 * Latin one). Attribute and source-id keys keep their case, as ids often depend on it. A source key that
 * differs from a target's key but looks like it is a near-twin: the engine plans a
 * {@link io.rostersync.spi.ConflictKind#LOOKALIKE_KEY} conflict for it, never a match or a create.
 *
 * @since 0.1.0
 */
public final class IdentityMatchers {

    private IdentityMatchers() {
    }

    /**
     * The email on both sides: trimmed, NFC, {@code A-Z} folded to {@code a-z} (see {@link EmailAddress}).
     *
     * @return the key named {@code "email"}
     */
    public static MatchKey emailKey() {
        return new SimpleKey("email", IdentityMatchers::email, IdentityMatchers::email);
    }

    /**
     * The username on both sides: NFC, {@code A-Z} folded to {@code a-z} (see {@link Username#matchKey()}).
     *
     * @return the key named {@code "username"}
     */
    public static MatchKey usernameKey() {
        return new SimpleKey("username", IdentityMatchers::username, IdentityMatchers::username);
    }

    /**
     * The same named attribute on both sides, trimmed and in NFC, case kept: compared exactly otherwise.
     *
     * @param attribute the attribute's name on both sides
     * @return the key named {@code "attribute:" + attribute}
     * @throws IllegalArgumentException if the name is blank
     */
    public static MatchKey attributeKey(String attribute) {
        requireName(attribute);
        return new SimpleKey("attribute:" + attribute, r -> attr(r, attribute).orElse(null), r -> attr(r, attribute).orElse(null));
    }

    /**
     * The source's own id, found in a target attribute: how a host that stores "Talkdesk ID" or
     * "Zendesk user id" on its users recognises them.
     *
     * @param targetAttribute the target attribute holding the source's id
     * @return the key
     * @throws IllegalArgumentException if the name is blank
     */
    public static MatchKey sourceIdKey(String targetAttribute) {
        requireName(targetAttribute);
        return new SimpleKey("source-id:" + targetAttribute,
                r -> IdentityText.canonical(r.id().value()), r -> attr(r, targetAttribute).orElse(null));
    }

    /**
     * The link stored by an earlier run. The engine always follows links first; this names that step in chains.
     *
     * @return the matcher
     */
    public static IdentityMatcher byLink() {
        return new IdentityMatcher() {
            @Override
            public List<MatchKey> keys() {
                return List.of();
            }

            @Override
            public MatchResult match(UserRecord source, MatchContext context) {
                return context.linkedTarget(source.id())
                        .<MatchResult>map(t -> MatchResult.matched(t, "link"))
                        .orElse(MatchResult.unmatched());
            }

            @Override
            public String toString() {
                return "link";
            }
        };
    }

    /**
     * Matches on the email (see {@link #emailKey()}).
     *
     * @return the matcher
     */
    public static IdentityMatcher byEmail() {
        return byKey(emailKey());
    }

    /**
     * Matches on the username (see {@link #usernameKey()}).
     *
     * @return the matcher
     */
    public static IdentityMatcher byUsername() {
        return byKey(usernameKey());
    }

    /**
     * Matches on one named attribute (see {@link #attributeKey(String)}).
     *
     * @param attribute the attribute's name on both sides
     * @return the matcher
     * @throws IllegalArgumentException if the name is blank
     */
    public static IdentityMatcher byAttribute(String attribute) {
        return byKey(attributeKey(attribute));
    }

    /**
     * Matches the source's id against a target attribute (see {@link #sourceIdKey(String)}).
     *
     * @param targetAttribute the target attribute holding the source's id
     * @return the matcher
     * @throws IllegalArgumentException if the name is blank
     */
    public static IdentityMatcher bySourceIdIn(String targetAttribute) {
        return byKey(sourceIdKey(targetAttribute));
    }

    /**
     * The "primary identifier column" of seed 002: a named attribute, or, when blank, the usual identifiers
     * (email, then username).
     *
     * @param column the attribute's name, or blank for email then username
     * @return the matcher
     */
    public static IdentityMatcher primaryIdentifier(String column) {
        if (column == null || column.isBlank()) {
            return chain(byEmail(), byUsername());
        }
        return byAttribute(column.strip());
    }

    /**
     * Matches on one key: no candidate, one, or several.
     *
     * @param key the key to look up
     * @return the matcher, which reports the key's name as {@code via}
     */
    public static IdentityMatcher byKey(MatchKey key) {
        Objects.requireNonNull(key, "key");
        return new IdentityMatcher() {
            @Override
            public List<MatchKey> keys() {
                return List.of(key);
            }

            @Override
            public MatchResult match(UserRecord source, MatchContext context) {
                Optional<String> value = key.sourceValue(source);
                if (value.isEmpty()) {
                    return MatchResult.unmatched();
                }
                List<UserRecord> found = context.lookup(key, value.get());
                if (found.isEmpty()) {
                    return MatchResult.unmatched();
                }
                if (found.size() == 1) {
                    return MatchResult.matched(found.get(0), key.name());
                }
                List<NativeId> ids = new ArrayList<>(found.size());
                found.forEach(r -> ids.add(r.id()));
                return MatchResult.ambiguous(ids, key.name());
            }

            @Override
            public String toString() {
                return key.name();
            }
        };
    }

    /**
     * Tries each matcher in turn; the first that finds anything (one target or several) decides.
     *
     * @param matchers the matchers, in order of precedence
     * @return the chain
     */
    public static IdentityMatcher chain(IdentityMatcher... matchers) {
        List<IdentityMatcher> list = List.of(matchers);
        if (list.isEmpty()) {
            throw new IllegalArgumentException("a chain needs at least one matcher");
        }
        Map<String, MatchKey> keys = new LinkedHashMap<>();
        for (IdentityMatcher m : list) {
            m.keys().forEach(k -> keys.putIfAbsent(k.name(), k));
        }
        List<MatchKey> allKeys = List.copyOf(keys.values());
        return new IdentityMatcher() {
            @Override
            public List<MatchKey> keys() {
                return allKeys;
            }

            @Override
            public MatchResult match(UserRecord source, MatchContext context) {
                for (IdentityMatcher m : list) {
                    MatchResult r = m.match(source, context);
                    if (!(r instanceof MatchResult.Unmatched)) {
                        return r;
                    }
                }
                return MatchResult.unmatched();
            }

            @Override
            public String toString() {
                return list.toString();
            }
        };
    }

    /**
     * Link first, then email: the default.
     *
     * @return {@code chain(byLink(), byEmail())}
     */
    public static IdentityMatcher defaults() {
        return chain(byLink(), byEmail());
    }

    private static Optional<String> attr(UserRecord r, String name) {
        return r.attribute(name).map(String::strip).filter(v -> !v.isEmpty()).map(IdentityText::canonical);
    }

    private static void requireName(String attribute) {
        if (attribute == null || attribute.isBlank()) {
            throw new IllegalArgumentException("attribute name must not be blank");
        }
    }

    private static @Nullable String email(UserRecord r) {
        Optional<EmailAddress> email = r.email();
        return email.isPresent() ? email.get().value() : null;
    }

    private static @Nullable String username(UserRecord r) {
        Optional<Username> username = r.username();
        return username.isPresent() ? username.get().matchKey() : null;
    }

    /** Reads one side's value of a key, null when the record has none. */
    @FunctionalInterface
    private interface Read {
        @Nullable String value(UserRecord r);
    }

    /**
     * A key read the same way on each side by a function. Also a {@link DirectKey}: the planner reads it for
     * every account, and the {@code Optional} of each value was a million objects a plan.
     */
    private record SimpleKey(String name, Read source, Read target) implements MatchKey, DirectKey {
        @Override
        public Optional<String> sourceValue(UserRecord r) {
            return Optional.ofNullable(source.value(r));
        }

        @Override
        public Optional<String> targetValue(UserRecord r) {
            return Optional.ofNullable(target.value(r));
        }

        @Override
        public @Nullable String sourceValueOrNull(UserRecord r) {
            return source.value(r);
        }

        @Override
        public @Nullable String targetValueOrNull(UserRecord r) {
            return target.value(r);
        }
    }
}
