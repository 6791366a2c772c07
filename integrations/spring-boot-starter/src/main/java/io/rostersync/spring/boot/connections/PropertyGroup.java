package io.rostersync.spring.boot.connections;

import io.rostersync.spi.RosterSyncException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One group of properties, such as {@code rostersync.connections.support.zendesk}: turns each missing or invalid
 * setting into a {@link ConnectionConfigurationException} naming the property. Never puts a secret's value in a
 * message; other values only where they help (a URL, an unknown choice).
 */
final class PropertyGroup {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}:]*)(?::[^}]*)?}");

    private final String prefix;

    PropertyGroup(String prefix) {
        this.prefix = prefix;
    }

    String prefix() {
        return prefix;
    }

    String name(String key) {
        return prefix + "." + key;
    }

    PropertyGroup child(String key) {
        return new PropertyGroup(name(key));
    }

    ConnectionConfigurationException error(String key, String problem) {
        return new ConnectionConfigurationException(name(key), name(key) + " " + problem);
    }

    ConnectionConfigurationException groupError(String problem) {
        return new ConnectionConfigurationException(prefix, prefix + " " + problem);
    }

    /** A text setting that must be present: {@code todo} says what to set it to. */
    String required(String key, @Nullable String value, String todo) {
        String text = text(key, value);
        if (text == null) {
            throw error(key, "is not set: set it to " + todo);
        }
        return text;
    }

    /** An optional text setting; blank counts as unset. An unresolved placeholder fails, naming the variable. */
    @Nullable String text(String key, @Nullable String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        unresolved(key, value);
        return value.strip();
    }

    /**
     * A credential that must be present. The message of any failure names the property and, for a placeholder
     * left unresolved, the variable, never the value.
     */
    String secret(String key, @Nullable String value) {
        if (value == null || value.isBlank()) {
            throw error(key, "is not set: set it from the environment, such as " + key + "=${" + envName(key) + "}");
        }
        unresolved(key, value);
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                throw error(key, "contains a control character (a stray newline?): remove it from the variable it comes from");
            }
        }
        return value;
    }

    /** A multi-line secret that may be absent, such as a PEM key: only its presence and placeholders are checked. */
    @Nullable String optionalPemSecret(String key, @Nullable String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        unresolved(key, value);
        return value;
    }

    /** A secret that may be absent (one of several kinds of credentials). */
    @Nullable String optionalSecret(String key, @Nullable String value) {
        return value == null || value.isBlank() ? null : secret(key, value);
    }

    URI url(String key, String value) {
        try {
            URI uri = new URI(value);
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw error(key, "must be an absolute URL such as https://example.com/, was '" + value + "'");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw error(key, "must be an absolute URL such as https://example.com/, was '" + value + "'");
        }
    }

    /** One of a few choices, written in kebab case ({@code put-only}) and matched ignoring case. */
    <E> E choice(String key, String value, Map<String, E> choices) {
        E e = choices.get(value.strip().toLowerCase(Locale.ROOT).replace('_', '-'));
        if (e == null) {
            throw error(key, "must be one of " + String.join(", ", new java.util.TreeSet<>(choices.keySet())) + ", was '" + value + "'");
        }
        return e;
    }

    /** Runs a builder setter, naming {@code key} in any validation error it throws. */
    void apply(String key, Runnable setter) {
        get(key, () -> {
            setter.run();
            return Boolean.TRUE;
        });
    }

    /** Runs a builder step, naming {@code key} in any validation error it throws. */
    <T> T get(String key, Supplier<T> step) {
        try {
            return step.get();
        } catch (ConnectionConfigurationException e) {
            throw e;
        } catch (IllegalArgumentException | IllegalStateException | RosterSyncException e) {
            // Provider messages never hold credentials (their contract), so they can be passed on.
            throw error(key, "is not valid: " + e.getMessage());
        }
    }

    private void unresolved(String key, String value) {
        Matcher m = PLACEHOLDER.matcher(value);
        if (m.find()) {
            String variable = m.group(1);
            throw error(key, "refers to ${" + variable + "}, which is not set: set the environment variable "
                    + variable + " (or a property of that name) before the application starts");
        }
    }

    private String envName(String key) {
        String vendor = prefix.substring(prefix.lastIndexOf('.') + 1);
        return (vendor + "_" + key).toUpperCase(Locale.ROOT).replace('-', '_');
    }
}
