package io.rostersync.salesforce.cdc.internal;

import java.util.Collection;
import org.jspecify.annotations.Nullable;

/** Server-sent text for logs: the access tokens we sent masked wherever they appear, control characters dropped, cut short. */
public final class Redaction {

    private static final int MAX_LENGTH = 300;
    /** A Salesforce session id: the org id, '!', the rest; masked even if it is not one we sent. */
    private static final java.util.regex.Pattern SESSION_ID = java.util.regex.Pattern.compile("00D[A-Za-z0-9]{12,15}![A-Za-z0-9._\\-]+");

    private Redaction() {
    }

    public static String of(@Nullable String text, Collection<String> secrets) {
        if (text == null || text.isEmpty()) {
            return "";
        }
        String out = text;
        for (String secret : secrets) {
            if (secret.length() >= 4) {
                out = out.replace(secret, "****");
            }
        }
        out = SESSION_ID.matcher(out).replaceAll("****");
        StringBuilder clean = new StringBuilder(Math.min(out.length(), MAX_LENGTH + 1));
        for (int i = 0; i < out.length() && clean.length() < MAX_LENGTH; i++) {
            char c = out.charAt(i);
            clean.append(Character.isISOControl(c) ? ' ' : c);
        }
        if (out.length() > MAX_LENGTH) {
            clean.append('…');
        }
        return clean.toString();
    }
}
