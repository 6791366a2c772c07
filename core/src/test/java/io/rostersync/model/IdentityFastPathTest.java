package io.rostersync.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.rostersync.model.internal.IdentityText;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The one-pass shortcuts for plain ASCII text ({@link EmailAddress#plainAscii}, {@link IdentityText#key},
 * {@link IdentityText#lookalike}, {@link IdentityText#isOwnLookalike}) give exactly what the full
 * definitions give, on text chosen to sit on every edge the shortcuts decide on: characters just inside and
 * just outside ASCII, controls, upper case inside and outside ASCII, lookalikes, combining marks,
 * surrogate pairs, and lengths at each bound.
 */
class IdentityFastPathTest {

    /** Pieces the generated text is made of; each is on one edge or other of a shortcut's test. */
    private static final String[] PIECES = {
        "a", "z", "k", "A", "Z", "K", "@", ".", "..", "-", "+", "_", "0", "9", "~", "!", "`", "{",
        " ", "\t", "\u0000", "\u001F", "\u007F", "\u0080", "\u009F", "\u00A0", "\u00E9", "\u00C9", "\u00DF",
        "\u0130", "\u0131", "\u017F", "\u212A", "\u037E", "\u1FEF", "\u0301", "\u0307", "\u200D", "\uFEFF",
        "\u2028", "\u2029", "\u0430", "\u0410", "\u03B5", "\uFF21", "\uFF4B", "\u210C", "\uD835\uDC00",
        "\uD800",
    };

    @Test
    void plainAsciiAddressesAreNormalisedAsTheFullPathNormalisesThem() {
        List<String> inputs = generated(20_000, 7);
        inputs.addAll(boundaryAddresses());
        int shortcut = 0;
        for (String input : inputs) {
            String trimmed = input.trim();
            String full = outcome(trimmed);
            String fast = EmailAddress.plainAscii(trimmed);
            if (fast != null) {
                shortcut++;
                assertThat(fast).as("shortcut for '%s'", trimmed).isEqualTo(full);
            }
            assertThat(constructed(input)).as("address from '%s'", input).isEqualTo(full);
        }
        // the test means something only if the shortcut was taken often, and declined often
        assertThat(shortcut).isGreaterThan(1_000).isLessThan(inputs.size() - 1_000);
    }

    @Test
    void keysAndLookalikeFormsAreThoseOfTheFullDefinitions() {
        List<String> inputs = generated(20_000, 11);
        inputs.addAll(boundaryAddresses());
        inputs.add("");
        for (String s : inputs) {
            assertThat(IdentityText.key(s)).as("key of '%s'", s).isEqualTo(IdentityText.asciiLower(IdentityText.canonical(s)));
            String form = IdentityText.lookalike(s);
            if (IdentityText.isAscii(s)) {
                assertThat(form).as("lookalike of '%s'", s).isEqualTo(IdentityText.asciiLower(s));
            }
            assertThat(IdentityText.isOwnLookalike(s)).as("is '%s' its own lookalike form", s).isEqualTo(form.equals(s));
        }
    }

    @Test
    void ownLookalikeFormsOnEachSideOfTheShortcut() {
        assertThat(IdentityText.isOwnLookalike("kate@example.com")).isTrue();
        assertThat(IdentityText.isOwnLookalike("Kate@example.com")).isFalse();
        assertThat(IdentityText.isOwnLookalike("\u212Aate@example.com")).isFalse();
        assertThat(IdentityText.isOwnLookalike("k\u0430te@example.com")).isFalse();
        assertThat(IdentityText.isOwnLookalike("")).isTrue();
        // outside ASCII but already in the coarse form: a lower-case letter with no lookalike mapping
        assertThat(IdentityText.isOwnLookalike("\u00F0")).isEqualTo(IdentityText.lookalike("\u00F0").equals("\u00F0"));
    }

    @Test
    void anAsciiAddressKeepsItsOwnStringWhenNothingFolds() {
        String text = "kate.smith@example.com";
        assertThat(EmailAddress.of(text).value()).isSameAs(text);
        assertThat(IdentityText.key(text)).isSameAs(text);
    }

    /** The value of the address, or the message it was refused with, by the full path. */
    private static String outcome(String trimmed) {
        try {
            return EmailAddress.normalized(trimmed);
        } catch (IllegalArgumentException refused) {
            return "refused: " + refused.getMessage();
        }
    }

    /** The value of the address, or the message it was refused with, by the constructor. */
    private static String constructed(String input) {
        try {
            return EmailAddress.of(input).value();
        } catch (IllegalArgumentException refused) {
            return "refused: " + refused.getMessage();
        }
    }

    /** Address-like text: a local part, usually an {@code @}, a domain, each made of random pieces. */
    private static List<String> generated(int count, long seed) {
        Random random = new Random(seed);
        List<String> out = new ArrayList<>(count);
        for (int n = 0; n < count; n++) {
            StringBuilder s = new StringBuilder();
            // mostly plain letters, so that many inputs are valid and take the shortcut
            boolean plain = random.nextInt(3) > 0;
            appendPieces(s, random, 1 + random.nextInt(12), plain);
            if (random.nextInt(10) > 0) {
                s.append('@');
            }
            appendPieces(s, random, 1 + random.nextInt(8), plain);
            if (random.nextInt(4) > 0) {
                s.append('.');
                appendPieces(s, random, random.nextInt(4), plain);
            }
            out.add(s.toString());
        }
        return out;
    }

    private static void appendPieces(StringBuilder s, Random random, int pieces, boolean plain) {
        for (int i = 0; i < pieces; i++) {
            if (plain && random.nextInt(8) > 0) {
                s.append((char) ((random.nextBoolean() ? 'a' : 'A') + random.nextInt(26)));
            } else {
                s.append(PIECES[random.nextInt(PIECES.length)]);
            }
        }
    }

    /** Lengths at each bound: local part of 63 to 65, whole address of 253 to 255 and around four times that. */
    private static List<String> boundaryAddresses() {
        List<String> out = new ArrayList<>();
        for (String letter : new String[] {"a", "B", "\u00E9", "e\u0301", "\u212A"}) {
            for (int local = 62; local <= 66; local++) {
                out.add(letter.repeat(local) + "@example.com");
                out.add(" " + letter.repeat(local) + "@Example.COM\t");
            }
            for (int total = 251; total <= 257; total++) {
                String domain = "d".repeat(total - 10 - 4) + ".com";
                out.add("x".repeat(9) + "@" + domain);
                out.add(letter + "x".repeat(8) + "@" + domain.toUpperCase(java.util.Locale.ROOT));
            }
            for (int total = 1014; total <= 1018; total++) {
                out.add(letter.repeat(total - 12) + "@example.com");
            }
        }
        for (String tail : new String[] {"@a.b", "@a.bc", "@.ab", "@ab.", "@a..bc", "a@", "@", "a@b", "a@b.c", "a@b.cd",
            "a.@b.cd", ".a@b.cd", "a..b@c.de", "a@b@c.de", "A@B.CD", "a@B.c"}) {
            out.add(tail);
            out.add("Kate" + tail);
        }
        return out;
    }
}
