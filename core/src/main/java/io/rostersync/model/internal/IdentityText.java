package io.rostersync.model.internal;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * How identity keys (emails, usernames, matching attributes) are normalised, and how a key that merely
 * looks like another is told apart from one that is the same.
 *
 * <p><b>Keys.</b> {@link #key} puts text in Unicode Normalization Form C, so a precomposed {@code é} and
 * {@code e} followed by a combining acute accent are the same key, then folds case in ASCII only
 * ({@code A-Z} to {@code a-z}). Nothing outside ASCII changes case, and nothing outside ASCII becomes ASCII:
 * the three characters whose canonical form is ASCII (U+212A KELVIN SIGN, U+037E GREEK QUESTION MARK,
 * U+1FEF GREEK VARIA) are kept as they are. So a key with a character from outside ASCII never equals an
 * ASCII key: {@code kate} spelt with U+212A KELVIN SIGN is not {@code kate}.
 *
 * <p><b>Lookalikes.</b> {@link #lookalike} is a deliberately coarse form used only to find keys that are
 * different but would pass for the same to a person: compatibility forms (fullwidth letters, ligatures,
 * the long s) are replaced by what they stand for (NFKD), combining marks and invisible characters
 * (zero-width joiners and spaces, bidirectional controls, variation selectors) are dropped, case is folded
 * with the full Unicode mapping (dotless and dotted i, sharp s, Kelvin sign), and a small table maps
 * Cyrillic, Greek and Armenian letters that look like Latin ones to those. An ASCII key's lookalike form is
 * the key folded to lower case: two ASCII keys that differ are two people, however alike ({@code rn} and
 * {@code m}).
 */
public final class IdentityText {

    private IdentityText() {
    }

    /** Whether every character is ASCII. */
    public static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /** NFC, then {@code A-Z} to {@code a-z}; see the class comment. */
    public static String key(String s) {
        int shape = asciiShape(s);
        if (shape == LOWER_ASCII) {
            return s; // nearly every key: one pass, no copy
        }
        return shape == MIXED_ASCII ? asciiLower(s) : asciiLower(canonical(s));
    }

    /**
     * Whether {@code s} is its own {@linkplain #lookalike lookalike form}, exactly as
     * {@code lookalike(s).equals(s)}: in one pass and without allocating for text in ASCII (its own form when
     * it has no {@code A-Z}), by computing the form otherwise.
     */
    public static boolean isOwnLookalike(String s) {
        int shape = asciiShape(s);
        return shape == NOT_ASCII ? lookalike(s).equals(s) : shape == LOWER_ASCII;
    }

    /**
     * NFC without folding case, for keys compared exactly (ids, attributes); the three characters whose
     * canonical form is ASCII are kept as they are.
     */
    public static String canonical(String s) {
        if (isAscii(s) || Normalizer.isNormalized(s, Normalizer.Form.NFC)) {
            return s;
        }
        if (!hasAsciiSingleton(s)) {
            return Normalizer.normalize(s, Normalizer.Form.NFC);
        }
        StringBuilder out = new StringBuilder(s.length());
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            if (isAsciiSingleton(s.charAt(i))) {
                out.append(Normalizer.normalize(s.substring(start, i), Normalizer.Form.NFC)).append(s.charAt(i));
                start = i + 1;
            }
        }
        return out.append(Normalizer.normalize(s.substring(start), Normalizer.Form.NFC)).toString();
    }

    /** {@code A-Z} to {@code a-z}, every other character as it is; the same string when nothing changes. */
    public static String asciiLower(String s) {
        int first = -1;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                first = i;
                break;
            }
        }
        if (first < 0) {
            return s;
        }
        char[] chars = s.toCharArray();
        for (int i = first; i < chars.length; i++) {
            char c = chars[i];
            if (c >= 'A' && c <= 'Z') {
                chars[i] = (char) (c + ('a' - 'A'));
            }
        }
        return new String(chars);
    }

    /**
     * The coarse form two keys share when one would pass for the other; see the class comment. Equal
     * lookalike forms of two different keys make them near-twins.
     */
    public static String lookalike(String s) {
        int shape = asciiShape(s);
        if (shape == LOWER_ASCII) {
            return s;
        }
        if (shape == MIXED_ASCII) {
            return asciiLower(s);
        }
        // Mapped before decomposing (U+03F2 GREEK LUNATE SIGMA SYMBOL, which looks like c, decomposes to a
        // final sigma) and before folding (an upper-case Greek Eta looks like H, its lower case like n).
        String mapped = stripAndMap(Normalizer.normalize(stripAndMap(s), Normalizer.Form.NFKD));
        String folded = mapped.toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
        return stripAndMap(Normalizer.normalize(folded, Normalizer.Form.NFKD));
    }

    /**
     * The characters outside ASCII in {@code s}, named, for a reviewer who cannot see the difference:
     * {@code "U+212A KELVIN SIGN"}. At most {@code limit} distinct characters, then {@code "..."}.
     */
    public static String describeNonAscii(String s, int limit) {
        Set<Integer> seen = new TreeSet<>();
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (cp < 0x80 || !seen.add(cp)) {
                continue;
            }
            if (seen.size() > limit) {
                out.append(", ...");
                break;
            }
            if (out.length() > 0) {
                out.append(", ");
            }
            String name = Character.getName(cp);
            out.append(String.format(Locale.ROOT, "U+%04X", cp)).append(name == null ? "" : " " + name);
        }
        return out.toString();
    }

    /** {@link #asciiShape}: a character from outside ASCII. */
    private static final int NOT_ASCII = 0;
    /** {@link #asciiShape}: ASCII without {@code A-Z}. */
    private static final int LOWER_ASCII = 1;
    /** {@link #asciiShape}: ASCII with some {@code A-Z}. */
    private static final int MIXED_ASCII = 2;

    /** What one pass over {@code s} tells: outside ASCII somewhere, ASCII without upper case, or with some. */
    private static int asciiShape(String s) {
        boolean upper = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                return NOT_ASCII;
            }
            upper |= c >= 'A' && c <= 'Z';
        }
        return upper ? MIXED_ASCII : LOWER_ASCII;
    }

    private static boolean hasAsciiSingleton(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (isAsciiSingleton(s.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    /** The only characters outside ASCII whose canonical (NFC) form is ASCII. */
    private static boolean isAsciiSingleton(char c) {
        return c == '\u212A' || c == '\u037E' || c == '\u1FEF';
    }

    private static String stripAndMap(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (invisible(cp)) {
                continue;
            }
            char latin = latinLookalike(cp);
            if (latin != 0) {
                out.append(latin);
            } else {
                out.appendCodePoint(cp);
            }
        }
        return out.toString();
    }

    /** Combining marks, format characters and the few other characters that render as nothing. */
    private static boolean invisible(int cp) {
        int type = Character.getType(cp);
        return type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK || type == Character.FORMAT
                || cp == 0x115F || cp == 0x1160 || cp == 0x3164 || cp == 0xFFA0 // Hangul fillers
                || (cp >= 0x180B && cp <= 0x180F); // Mongolian variation selectors and vowel separator
    }

    /** Letters of other scripts that pass for a Latin letter, to that letter in lower case; 0 for others. */
    private static char latinLookalike(int cp) {
        int i = LOOKALIKE_FROM.indexOf(cp);
        return i < 0 ? 0 : LOOKALIKE_TO.charAt(i);
    }

    // Cyrillic upper, Cyrillic lower, Greek upper, Greek lower, Armenian, Latin letters outside ASCII.
    private static final String LOOKALIKE_FROM =
            "\u0410\u0412\u0415\u041A\u041C\u041D\u041E\u0420\u0421\u0422\u0425\u0423\u0406\u0408\u0405\u04AE\u0500\u051A\u051C\u04C0"
            + "\u0430\u0435\u043E\u0440\u0441\u0443\u0445\u0456\u0458\u0455\u04BB\u0501\u051B\u051D\u04CF\u04AF\u043A\u043C\u0442\u0432\u043D\u044C\u0433\u043F"
            + "\u0391\u0392\u0395\u0396\u0397\u0399\u039A\u039C\u039D\u039F\u03A1\u03A4\u03A5\u03A7\u03F9\u037F"
            + "\u03B1\u03B5\u03B9\u03BA\u03BD\u03BF\u03C1\u03C4\u03C5\u03C7\u03C9\u03F2\u03F3\u03B7\u03B3"
            + "\u0585\u057D\u0570\u0578\u0581\u0566"
            + "\u0131\u0237\u0251\u0261\u0269\u026A\u029F";
    private static final String LOOKALIKE_TO =
            "abekmhopctxyijsydqwl"
            + "aeopcyxijshdqwlykmtbhbrn"
            + "abezhikmnoptyxcj"
            + "aeikvoptuxwcjny"
            + "ouhngq"
            + "ijagiil";

    static {
        if (LOOKALIKE_FROM.length() != LOOKALIKE_TO.length()) {
            throw new ExceptionInInitializerError("lookalike table out of step");
        }
    }
}
