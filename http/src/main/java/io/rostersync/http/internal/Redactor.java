package io.rostersync.http.internal;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Finds the credentials a request sent in text a server returned (an error description, an error code, a
 * request-id header, a field name) so that no such text reaches an exception message, a log line or a
 * report.
 *
 * <p>Each credential is looked for as sent and in the forms a server realistically echoes it: URL-encoded
 * (form style with {@code +} and percent style with {@code %20}, upper- or lower-case hex), JSON-escaped,
 * and base64 (standard and URL alphabets, padded or not). Beyond exact copies, any run of
 * {@value #FRAGMENT} or more characters that also occurs in one of those forms counts as an echo, which
 * catches a credential the server cut short or quoted in part. Credentials shorter than
 * {@value #MIN_SECRET} characters cannot be told apart from ordinary text and are not looked for.
 *
 * <p>Immutable and thread-safe.
 */
public final class Redactor {

    /** What a redacted run is replaced with. */
    public static final String MASK = "****";

    /** The shortest common run that counts as an echo of a longer credential. */
    static final int FRAGMENT = 8;

    /** Credentials shorter than this are not looked for. */
    static final int MIN_SECRET = 4;

    private static final Redactor NONE = new Redactor(List.of());

    private final List<String> forms;
    private final Set<String> fragments;

    private Redactor(Collection<String> secrets) {
        Set<String> all = new LinkedHashSet<>();
        for (String s : secrets) {
            if (s != null && s.length() >= MIN_SECRET) {
                all.addAll(formsOf(s));
            }
        }
        // Longest first, so that a form containing another is masked whole.
        List<String> sorted = new ArrayList<>(all);
        sorted.sort((a, b) -> Integer.compare(b.length(), a.length()));
        this.forms = List.copyOf(sorted);
        Set<String> grams = new HashSet<>();
        for (String form : forms) {
            for (int i = 0; i + FRAGMENT <= form.length(); i++) {
                grams.add(form.substring(i, i + FRAGMENT));
            }
        }
        this.fragments = Set.copyOf(grams);
    }

    /** Looks for nothing. */
    public static Redactor none() {
        return NONE;
    }

    /** Looks for each of {@code secrets} (the values as they were put on the wire). */
    public static Redactor of(Collection<String> secrets) {
        return secrets.isEmpty() ? NONE : new Redactor(secrets);
    }

    /** This one's credentials and {@code other}'s. */
    public Redactor and(Redactor other) {
        if (other.forms.isEmpty()) {
            return this;
        }
        if (forms.isEmpty()) {
            return other;
        }
        List<String> both = new ArrayList<>(forms);
        both.addAll(other.forms);
        return new Redactor(both);
    }

    /** Whether {@code text} contains a credential or a fragment of one. */
    public boolean echoes(String text) {
        return !redact(text).equals(text);
    }

    /** {@code text} with every credential and fragment of one replaced by {@link #MASK}. */
    public String redact(String text) {
        if (forms.isEmpty() || text.isEmpty()) {
            return text;
        }
        boolean[] masked = new boolean[text.length()];
        boolean any = false;
        for (String form : forms) {
            for (int at = text.indexOf(form); at >= 0; at = text.indexOf(form, at + 1)) {
                for (int i = at; i < at + form.length(); i++) {
                    masked[i] = true;
                }
                any = true;
            }
        }
        for (int i = 0; i + FRAGMENT <= text.length(); i++) {
            if (fragments.contains(text.substring(i, i + FRAGMENT))) {
                for (int j = i; j < i + FRAGMENT; j++) {
                    masked[j] = true;
                }
                any = true;
            }
        }
        if (!any) {
            return text;
        }
        StringBuilder sb = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            if (!masked[i]) {
                sb.append(text.charAt(i));
            } else if (i == 0 || !masked[i - 1]) {
                sb.append(MASK);
            }
        }
        return sb.toString();
    }

    private static Set<String> formsOf(String s) {
        Set<String> forms = new LinkedHashSet<>();
        forms.add(s);
        String form = URLEncoder.encode(s, StandardCharsets.UTF_8);
        forms.add(form);
        forms.add(lowerHex(form));
        String percent = form.replace("+", "%20");
        forms.add(percent);
        forms.add(lowerHex(percent));
        forms.add(s.replace(' ', '+'));
        forms.add(jsonEscaped(s, false));
        forms.add(jsonEscaped(s, true));
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        for (Base64.Encoder encoder : List.of(Base64.getEncoder(), Base64.getUrlEncoder())) {
            forms.add(encoder.encodeToString(bytes));
            forms.add(encoder.withoutPadding().encodeToString(bytes));
        }
        forms.removeIf(f -> f.length() < MIN_SECRET);
        return forms;
    }

    private static String lowerHex(String encoded) {
        StringBuilder sb = new StringBuilder(encoded.length());
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '%' && i + 2 < encoded.length()) {
                sb.append('%').append(encoded.substring(i + 1, i + 3).toLowerCase(Locale.ROOT));
                i += 2;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static String jsonEscaped(String s, boolean escapeSlash) {
        StringBuilder sb = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '/' -> sb.append(escapeSlash ? "\\/" : "/");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }
}
