package io.rostersync.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rostersync.model.internal.IdentityText;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Identity keys fold case in ASCII only, after NFC: a key with a character from outside ASCII never equals
 * an ASCII key. Before the fix, keys were lower-cased with the full Unicode mapping, so the Kelvin sign
 * (U+212A) became {@code k} and {@code \u212Aate@example.com} was {@code kate@example.com}.
 */
class IdentityKeysTest {

    /** Lookalikes of ASCII {@code kate.smith} that full Unicode case mapping or NFKC would make equal to it. */
    @ParameterizedTest
    @ValueSource(strings = {
        "\u212Aate.smith",          // KELVIN SIGN
        "KATE.SM\u0130TH",          // LATIN CAPITAL LETTER I WITH DOT ABOVE (Turkish)
        "kate.sm\u0131th",          // LATIN SMALL LETTER DOTLESS I
        "kate.\u017Fmith",          // LATIN SMALL LETTER LONG S
        "\uFF4Bate.smith",          // FULLWIDTH LATIN SMALL LETTER K
        "\uFF2BATE.SMITH",          // FULLWIDTH LATIN CAPITAL LETTER K
        "k\u0430te.smith",          // CYRILLIC SMALL LETTER A
        "kat\u03B5.smith",          // GREEK SMALL LETTER EPSILON
        "ka\u200Dte.smith",         // ZERO WIDTH JOINER
        "kate.smi\u0307th",         // COMBINING DOT ABOVE
        "ka\u0301te.smith",         // COMBINING ACUTE ACCENT, which NFC composes into a precomposed letter
    })
    void aKeyWithACharacterFromOutsideAsciiNeverEqualsTheAsciiKey(String lookalike) {
        EmailAddress spoof = EmailAddress.of(lookalike + "@example.com");
        EmailAddress real = EmailAddress.of("kate.smith@example.com");
        assertThat(spoof).isNotEqualTo(real);
        assertThat(IdentityText.isAscii(spoof.value())).isFalse();
        assertThat(Username.of(lookalike).matchKey()).isNotEqualTo(Username.of("kate.smith").matchKey());
        // ...and each is found as a near-twin of the real key
        assertThat(IdentityText.lookalike(spoof.value())).isEqualTo(IdentityText.lookalike(real.value()));
        assertThat(IdentityText.lookalike(Username.of(lookalike).matchKey())).isEqualTo("kate.smith");
    }

    @Test
    void asciiCaseStillFolds() {
        assertThat(EmailAddress.of("  Kate.Smith@EXAMPLE.com ").value()).isEqualTo("kate.smith@example.com");
        assertThat(Username.of("KATE").matchKey()).isEqualTo("kate");
        assertThat(Username.of("KATE").value()).isEqualTo("KATE");
    }

    @Test
    void caseOutsideAsciiIsKeptSoTheTwoSpellingsAreDifferentKeysThatLookAlike() {
        EmailAddress upper = EmailAddress.of("\u00C9MILE@example.com");
        EmailAddress lower = EmailAddress.of("\u00E9mile@example.com");
        assertThat(upper.value()).isEqualTo("\u00C9mile@example.com");
        assertThat(upper).isNotEqualTo(lower);
        assertThat(IdentityText.lookalike(upper.value())).isEqualTo(IdentityText.lookalike(lower.value()));
    }

    @Test
    void precomposedAndDecomposedAccentsAreTheSameKey() {
        String nfc = "jos\u00E9.m\u00FCller@example.com";
        String nfd = Normalizer.normalize(nfc, Normalizer.Form.NFD);
        assertThat(nfd).isNotEqualTo(nfc);
        assertThat(EmailAddress.of(nfd)).isEqualTo(EmailAddress.of(nfc));
        assertThat(EmailAddress.of(nfd).value()).isEqualTo(nfc);
        assertThat(Username.of(nfd).matchKey()).isEqualTo(Username.of(nfc).matchKey());
        // mixed: one accent composed, the other not
        String mixed = "jos\u00E9.mu\u0308ller@example.com";
        assertThat(EmailAddress.of(mixed)).isEqualTo(EmailAddress.of(nfc));
    }

    /**
     * Every character outside ASCII, alone between ASCII letters: its key keeps a character from outside
     * ASCII. This is where NFC alone would fail: it maps U+212A KELVIN SIGN, U+037E GREEK QUESTION MARK and
     * U+1FEF GREEK VARIA to ASCII.
     */
    @Test
    void noCharacterFromOutsideAsciiFoldsIntoAnAsciiKey() {
        int checked = 0;
        List<String> leaks = new ArrayList<>();
        for (int cp = 0x80; cp <= Character.MAX_CODE_POINT; cp++) {
            if (!Character.isDefined(cp) || Character.getType(cp) == Character.SURROGATE) {
                continue;
            }
            String s = "ka" + new String(Character.toChars(cp)) + "te";
            checked++;
            if (IdentityText.isAscii(IdentityText.key(s)) || IdentityText.isAscii(IdentityText.canonical(s))) {
                leaks.add(String.format("U+%04X", cp));
            }
        }
        assertThat(checked).isGreaterThan(100_000);
        assertThat(leaks).isEmpty();
    }

    @Test
    void nfcIsKeptForEverythingButTheThreeCharactersWhoseCanonicalFormIsAscii() {
        assertThat(IdentityText.key("\u212Aate")).isEqualTo("\u212Aate");
        assertThat(IdentityText.key("a\u037Eb")).isEqualTo("a\u037Eb");
        // Angstrom sign is canonically A with ring above: NFC gives U+00C5, outside ASCII either way
        assertThat(IdentityText.key("\u212Bsa")).isEqualTo("\u00C5sa");
        // a combining mark after a kept Kelvin sign stays a separate mark
        assertThat(IdentityText.key("\u212A\u0301e\u0301")).isEqualTo("\u212A\u0301\u00E9");
    }

    @Test
    void twoAsciiKeysThatDifferAreNeverLookalikes() {
        assertThat(IdentityText.lookalike("kirn@example.com")).isNotEqualTo(IdentityText.lookalike("kim@example.com"));
        assertThat(IdentityText.lookalike("k1m")).isNotEqualTo(IdentityText.lookalike("klm"));
    }

    @Test
    void overlongInputIsRefusedWithoutEchoingIt() {
        String huge = "a".repeat(2_000_000) + "@example.com";
        assertThatThrownBy(() -> EmailAddress.of(huge)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2000012 characters").hasMessageContaining("254")
                .satisfies(e -> assertThat(e.getMessage().length()).isLessThan(200));
        assertThat(EmailAddress.parse(huge)).isEmpty();
        assertThatThrownBy(() -> Username.of("u".repeat(2_000_000))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2000000 characters")
                .satisfies(e -> assertThat(e.getMessage().length()).isLessThan(200));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ka\u0085te@example.com", "ka\u009Fte@example.com", "ka\u2028te@example.com", "kate@exa\u2029mple.com"})
    void c1ControlsAndLineSeparatorsAreNotPartOfAnEmail(String value) {
        assertThat(EmailAddress.parse(value)).isEmpty();
    }

    @Test
    void aReviewerIsToldWhichCharactersAreNotAscii() {
        assertThat(IdentityText.describeNonAscii("\u212Aate", 4)).isEqualTo("U+212A KELVIN SIGN");
        assertThat(IdentityText.describeNonAscii("k\u0430t\u0435 \u0430", 1)).isEqualTo("U+0430 CYRILLIC SMALL LETTER A, ...");
    }
}
