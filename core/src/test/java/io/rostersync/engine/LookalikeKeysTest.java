package io.rostersync.engine;

import static io.rostersync.engine.Fixtures.id;
import static io.rostersync.engine.Fixtures.link;
import static io.rostersync.engine.Fixtures.plan;
import static org.assertj.core.api.Assertions.assertThat;

import io.rostersync.model.NativeId;
import io.rostersync.model.UserProfile;
import io.rostersync.model.UserRecord;
import io.rostersync.model.internal.IdentityText;
import io.rostersync.plan.Plan;
import io.rostersync.plan.PlanAction;
import io.rostersync.policy.IdentityMatchers;
import io.rostersync.policy.SyncPolicy;
import io.rostersync.spi.ActionKind;
import io.rostersync.spi.Conflict;
import io.rostersync.spi.ConflictKind;
import io.rostersync.spi.Reason;
import io.rostersync.spi.ReasonCode;
import io.rostersync.spi.ReasonExplainer;
import io.rostersync.spi.UserRef;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * A source key that looks like a target's key but is not the same is a conflict for review: never a match,
 * never a create next to the twin. The keys come from a seeded generator of lookalikes of ASCII keys
 * (Kelvin sign, dotless and dotted i, long s, fullwidth letters and digits, Cyrillic and Greek homoglyphs,
 * combining marks, zero-width and bidirectional format characters, accents precomposed or decomposed),
 * often with ASCII case changed as well.
 *
 * <p>Before the fix the Kelvin sign, dotted capital I and long s matched the ASCII account (full Unicode
 * case mapping) and every other lookalike was created next to its twin.
 */
class LookalikeKeysTest {

    private static final long SEED = 0x1D_E27_17L;
    private static final int BATCH = 500;

    enum Technique { KELVIN, DOTLESS_I, DOTTED_CAPITAL_I, LONG_S, FULLWIDTH, CYRILLIC, GREEK, COMBINING_MARK, INVISIBLE, ACCENT }

    /** Lookalikes of ASCII text; each applies at least one technique to a letter or digit. */
    static final class LookalikeGenerator {
        private static final String[] STEMS = {"kristi", "kasimir", "sakis", "nikos", "kirsi", "iskra", "miksi", "ksenia"};
        private static final String[] DOMAINS = {"example.com", "corp.example.org", "mail.test"};
        private static final Map<Character, String> CYRILLIC = Map.ofEntries(Map.entry('a', "\u0430\u0410"),
                Map.entry('e', "\u0435\u0415"), Map.entry('o', "\u043E\u041E"), Map.entry('p', "\u0440\u0420"),
                Map.entry('c', "\u0441\u0421"), Map.entry('y', "\u0443"), Map.entry('x', "\u0445\u0425"),
                Map.entry('i', "\u0456\u0406"), Map.entry('j', "\u0458\u0408"), Map.entry('s', "\u0455\u0405"),
                Map.entry('h', "\u04BB\u041D"), Map.entry('k', "\u043A\u041A"), Map.entry('m', "\u041C"),
                Map.entry('t', "\u0422"), Map.entry('l', "\u04CF\u04C0"));
        private static final Map<Character, String> GREEK = Map.ofEntries(Map.entry('a', "\u03B1\u0391"),
                Map.entry('e', "\u03B5\u0395"), Map.entry('i', "\u03B9\u0399"), Map.entry('k', "\u03BA\u039A"),
                Map.entry('o', "\u03BF\u039F"), Map.entry('p', "\u03C1\u03A1"), Map.entry('t', "\u03C4\u03A4"),
                Map.entry('x', "\u03C7\u03A7"), Map.entry('n', "\u039D"), Map.entry('m', "\u039C"),
                Map.entry('c', "\u03F2"), Map.entry('z', "\u0396"), Map.entry('h', "\u0397"));
        private static final String INVISIBLE = "\u200B\u200C\u200D\u2060\uFEFF\u00AD\u200E\u200F\u202E\u2066\uFE0F";
        private static final String ACCENTED_NFC = "\u00E1\u00E9\u00ED\u00F3\u00FA"; // a e i o u with acute

        private final Random random;
        final Map<Technique, Integer> used = new EnumMap<>(Technique.class);

        LookalikeGenerator(long seed) {
            random = new Random(seed);
        }

        String stem(int n) {
            return STEMS[random.nextInt(STEMS.length)] + "." + STEMS[random.nextInt(STEMS.length)] + n;
        }

        String email(int n) {
            return stem(n) + "@" + DOMAINS[random.nextInt(DOMAINS.length)];
        }

        /** A lookalike of {@code ascii} that is not equal to it as a key; {@code first} is applied first. */
        String lookalike(String ascii, Technique first) {
            StringBuilder b = new StringBuilder(ascii);
            apply(b, first);
            if (random.nextInt(10) < 3) {
                apply(b, Technique.values()[random.nextInt(Technique.values().length)]);
            }
            if (random.nextBoolean()) { // ASCII case changes too; folded away by the key
                for (int i = 0; i < b.length(); i++) {
                    if (b.charAt(i) >= 'a' && b.charAt(i) <= 'z' && random.nextInt(4) == 0) {
                        b.setCharAt(i, Character.toUpperCase(b.charAt(i)));
                    }
                }
            }
            return b.toString();
        }

        private void apply(StringBuilder b, Technique t) {
            used.merge(t, 1, Integer::sum);
            switch (t) {
                case KELVIN -> replace(b, 'k', "\u212A");
                case DOTLESS_I -> replace(b, 'i', "\u0131");
                case DOTTED_CAPITAL_I -> replace(b, 'i', "\u0130");
                case LONG_S -> replace(b, 's', "\u017F");
                case FULLWIDTH -> {
                    int at = randomPosition(b, c -> Character.isLetterOrDigit(c) && c < 0x80);
                    char c = b.charAt(at);
                    boolean upper = Character.isLetter(c) && random.nextBoolean();
                    char wide = (char) ((upper ? Character.toUpperCase(c) : c) - 0x21 + 0xFF01);
                    b.setCharAt(at, wide);
                }
                case CYRILLIC -> substitute(b, CYRILLIC);
                case GREEK -> substitute(b, GREEK);
                case COMBINING_MARK -> {
                    int at = randomPosition(b, Character::isLetter);
                    b.insert(at + 1, (char) (0x0300 + random.nextInt(0x70)));
                }
                case INVISIBLE -> {
                    int at = 1 + random.nextInt(b.length() - 1);
                    b.insert(at, INVISIBLE.charAt(random.nextInt(INVISIBLE.length())));
                }
                case ACCENT -> {
                    int at = randomPosition(b, c -> "aeiou".indexOf(c) >= 0);
                    String accented = String.valueOf(ACCENTED_NFC.charAt("aeiou".indexOf(b.charAt(at))));
                    // precomposed or decomposed: the same key either way
                    b.replace(at, at + 1, random.nextBoolean() ? accented : Normalizer.normalize(accented, Normalizer.Form.NFD));
                }
                default -> throw new AssertionError(t);
            }
        }

        private void replace(StringBuilder b, char c, String with) {
            int at = randomPosition(b, x -> x == c);
            b.replace(at, at + 1, with);
        }

        private void substitute(StringBuilder b, Map<Character, String> table) {
            int at = randomPosition(b, c -> table.containsKey((char) c));
            String choices = table.get(b.charAt(at));
            b.setCharAt(at, choices.charAt(random.nextInt(choices.length())));
        }

        private int randomPosition(StringBuilder b, java.util.function.IntPredicate fits) {
            List<Integer> positions = new ArrayList<>();
            int at = b.indexOf("@");
            for (int i = 0; i < b.length(); i++) {
                if (fits.test(b.charAt(i)) && (at < 0 || i < b.lastIndexOf("."))) { // never the top-level domain
                    positions.add(i);
                }
            }
            if (positions.isEmpty()) {
                throw new AssertionError("no place for this technique in " + b + " (" + used + ")");
            }
            return positions.get(random.nextInt(positions.size()));
        }
    }

    private static UserRecord person(String id, String email, String username, Map<String, String> attributes) {
        UserProfile.Builder b = UserProfile.builder().firstName("Person").lastName("Tester").attributes(attributes);
        if (email != null) {
            b.email(email);
        }
        if (username != null) {
            b.username(username);
        }
        return UserRecord.of(NativeId.of(id), b.build());
    }

    /**
     * Plans batches of lookalike sources against ASCII targets and checks each source is exactly one
     * LOOKALIKE_KEY conflict naming its twin, with no action for anyone.
     */
    private static int attack(SyncPolicy policy, int batches, LookalikeGenerator gen,
                              Function<Integer, String> asciiKey, java.util.function.BiFunction<String, Integer, UserRecord> source,
                              java.util.function.BiFunction<String, Integer, UserRecord> target) {
        int cases = 0;
        for (int batch = 0; batch < batches; batch++) {
            List<UserRecord> targets = new ArrayList<>();
            List<UserRecord> sources = new ArrayList<>();
            Map<String, String> spoofOf = new HashMap<>();
            for (int i = 0; i < BATCH; i++) {
                int n = batch * BATCH + i;
                String real = asciiKey.apply(n);
                String spoof = gen.lookalike(real, Technique.values()[n % Technique.values().length]);
                targets.add(target.apply(real, n));
                sources.add(source.apply(spoof, n));
                spoofOf.put("s" + n, spoof);
            }
            Plan plan = plan(policy, sources, targets, List.of());
            assertThat(plan.actions()).as("no match, link, update or create for a lookalike").isEmpty();
            Map<NativeId, List<Conflict>> bySource = new HashMap<>();
            for (Conflict c : plan.conflicts()) {
                for (UserRef u : c.users()) {
                    u.sourceId().ifPresent(s -> bySource.computeIfAbsent(s, x -> new ArrayList<>()).add(c));
                }
            }
            for (int i = 0; i < BATCH; i++) {
                int n = batch * BATCH + i;
                List<Conflict> mine = bySource.getOrDefault(id("s" + n), List.of());
                assertThat(mine).as("conflicts of s%d, a lookalike '%s' of t%d", n, spoofOf.get("s" + n), n).hasSize(1);
                Conflict c = mine.get(0);
                assertThat(c.kind()).isEqualTo(ConflictKind.LOOKALIKE_KEY);
                assertThat(c.users()).extracting(u -> u.targetId().orElse(null)).contains(id("t" + n));
                assertThat(c.reasons()).extracting(Reason::code).containsExactly(ReasonCode.LOOKALIKE_OF_TARGET);
                assertThat(c.reasons().get(0).list("targetIds")).containsExactly("t" + n);
                cases++;
            }
            assertThat(plan.conflicts()).hasSize(BATCH);
        }
        return cases;
    }

    @Test
    void lookalikeEmailsNeverMatchAndAreConflictsForReview() {
        LookalikeGenerator gen = new LookalikeGenerator(SEED);
        List<String> asciiEmails = new ArrayList<>();
        int cases = attack(SyncPolicy.defaults(), 6, gen,
                n -> {
                    String e = gen.email(n);
                    asciiEmails.add(e);
                    return e;
                },
                (spoof, n) -> person("s" + n, spoof, null, Map.of()),
                (real, n) -> person("t" + n, real, null, Map.of()));
        assertThat(cases).isEqualTo(3000);
        for (Technique t : Technique.values()) {
            assertThat(gen.used.getOrDefault(t, 0)).as("cases using %s", t).isGreaterThanOrEqualTo(300);
        }
    }

    @Test
    void lookalikeUsernamesNeverMatchAndAreConflictsForReview() {
        LookalikeGenerator gen = new LookalikeGenerator(SEED + 1);
        SyncPolicy policy = SyncPolicy.builder()
                .matcher(IdentityMatchers.chain(IdentityMatchers.byLink(), IdentityMatchers.byEmail(), IdentityMatchers.byUsername()))
                .build();
        int cases = attack(policy, 3, gen, gen::stem,
                // the source's email is new, so only the username can find the twin
                (spoof, n) -> person("s" + n, "new" + n + "@elsewhere.test", spoof, Map.of()),
                (real, n) -> person("t" + n, "old" + n + "@example.com", real, Map.of()));
        assertThat(cases).isEqualTo(1500);
    }

    @Test
    void lookalikeAttributeKeysNeverMatchAndAreConflictsForReview() {
        LookalikeGenerator gen = new LookalikeGenerator(SEED + 2);
        SyncPolicy policy = SyncPolicy.builder().matcher(IdentityMatchers.primaryIdentifier("employeeId")).build();
        int cases = attack(policy, 3, gen, n -> "EMP-" + gen.stem(n),
                (spoof, n) -> person("s" + n, "new" + n + "@elsewhere.test", null, Map.of("employeeId", spoof)),
                (real, n) -> person("t" + n, "old" + n + "@example.com", null, Map.of("employeeId", real)));
        assertThat(cases).isEqualTo(1500);
    }

    @Test
    void anAsciiSourceIsNotCreatedNextToALookalikeAccountAlreadyInTheTarget() {
        LookalikeGenerator gen = new LookalikeGenerator(SEED + 3);
        // the twin went in first this time: the target holds the lookalikes, the source the ASCII keys
        int cases = attack(SyncPolicy.defaults(), 2, gen,
                n -> gen.email(n),
                (real, n) -> person("s" + n, real, null, Map.of()),
                (spoof, n) -> person("t" + n, spoof, null, Map.of()));
        assertThat(cases).isEqualTo(1000);
    }

    @Test
    void newSourceUsersWhoseKeysLookAlikeAreNotCreated() {
        LookalikeGenerator gen = new LookalikeGenerator(SEED + 4);
        List<UserRecord> sources = new ArrayList<>();
        for (int n = 0; n < 500; n++) {
            String real = gen.email(n);
            sources.add(person("a" + n, real, null, Map.of()));
            sources.add(person("b" + n, gen.lookalike(real, Technique.values()[n % Technique.values().length]), null, Map.of()));
        }
        for (int n = 500; n < 600; n++) { // two lookalikes of an address nobody has
            String real = gen.email(n);
            String one = gen.lookalike(real, Technique.values()[n % Technique.values().length]);
            String other = gen.lookalike(real, Technique.values()[(n + 1) % Technique.values().length]);
            sources.add(person("a" + n, one, null, Map.of()));
            sources.add(person("b" + n, other, null, Map.of()));
        }
        sources.add(person("c0", "carol@example.com", null, Map.of())); // no twin: created
        Plan plan = plan(SyncPolicy.defaults(), sources, List.of(), List.of());
        assertThat(plan.actions()).extracting(a -> a.user().sourceId().orElseThrow()).containsExactly(id("c0"));
        assertThat(plan.conflicts()).hasSize(600).allSatisfy(c -> {
            assertThat(c.kind()).isEqualTo(ConflictKind.LOOKALIKE_KEY);
            assertThat(c.users()).hasSize(2);
            assertThat(c.reasons()).extracting(Reason::code).containsExactly(ReasonCode.LOOKALIKE_NEW_KEYS);
            assertThat(c.reasons().get(0).parameters()).containsEntry("count", "2").containsEntry("key", "email");
        });
    }

    @Test
    void precomposedAndDecomposedAccentsMatchTheSameAccount() {
        List<UserRecord> sources = new ArrayList<>();
        List<UserRecord> targets = new ArrayList<>();
        Random random = new Random(SEED + 5);
        String[] accented = {"jos\u00E9", "m\u00FCller", "\u00E5sa", "fran\u00E7ois", "ren\u00E9e", "\u00F1u\u00F1ez"};
        for (int n = 0; n < 500; n++) {
            String nfc = accented[random.nextInt(accented.length)] + "." + accented[random.nextInt(accented.length)] + n + "@example.com";
            String nfd = Normalizer.normalize(nfc, Normalizer.Form.NFD);
            boolean targetDecomposed = random.nextBoolean();
            targets.add(person("t" + n, targetDecomposed ? nfd : nfc, null, Map.of()));
            sources.add(person("s" + n, targetDecomposed ? nfc : nfd, null, Map.of()));
        }
        Plan plan = plan(SyncPolicy.defaults(), sources, targets, List.of());
        assertThat(plan.conflicts()).isEmpty();
        assertThat(plan.actions()).hasSize(500).allSatisfy(a -> {
            assertThat(a.kind()).isEqualTo(ActionKind.LINK);
            assertThat(a.user().targetId().orElseThrow().value().substring(1))
                    .isEqualTo(a.user().sourceId().orElseThrow().value().substring(1));
        });
    }

    @Test
    void differentAsciiKeysAreStillCreatedWithoutAConflict() {
        Plan plan = plan(SyncPolicy.defaults(),
                List.of(person("s1", "kirn@example.com", null, Map.of()), person("s2", "KIM2@example.com", null, Map.of())),
                List.of(person("t1", "kim@example.com", null, Map.of())), List.of());
        assertThat(plan.conflicts()).isEmpty();
        assertThat(plan.actions()).extracting(PlanAction::kind).containsExactly(ActionKind.CREATE, ActionKind.CREATE);
    }

    @Test
    void aLookalikeEmailIsAConflictEvenWhenAnotherKeyMatchesExactly() {
        // matched by username, but the email would rename kate's address to a lookalike of it
        SyncPolicy policy = SyncPolicy.builder()
                .matcher(IdentityMatchers.chain(IdentityMatchers.byLink(), IdentityMatchers.byEmail(), IdentityMatchers.byUsername()))
                .build();
        Plan plan = plan(policy, List.of(person("s1", "\u212Aate@example.com", "kate", Map.of())),
                List.of(person("t1", "kate@example.com", "kate", Map.of())), List.of());
        assertThat(plan.actions()).isEmpty();
        assertThat(plan.conflicts()).singleElement().satisfies(c -> {
            assertThat(c.kind()).isEqualTo(ConflictKind.LOOKALIKE_KEY);
            assertThat(c.reasons()).containsExactly(Reason.of(ReasonCode.LOOKALIKE_OF_TARGET, "key", "email",
                    "value", "\u212Aate@example.com", "targetLabels", Reason.listOf(List.of("kate@example.com")),
                    "targetIds", Reason.listOf(List.of("t1")), "targetValues", Reason.listOf(List.of("kate@example.com"))));
            assertThat(ReasonExplainer.english().reasons(c.reasons())).contains("U+212A KELVIN SIGN").contains("kate@example.com (t1)");
        });
    }

    @Test
    void anExactHolderWinsOverALookalikeInTheTarget() {
        Plan plan = plan(SyncPolicy.defaults(), List.of(person("s1", "kate@example.com", null, Map.of())),
                List.of(person("t1", "kate@example.com", null, Map.of()), person("t2", "\u212Aate@example.com", null, Map.of())),
                List.of());
        assertThat(plan.conflicts()).isEmpty();
        assertThat(plan.actions()).extracting(a -> a.user().targetId().orElseThrow()).containsExactly(id("t1"));
    }

    @Test
    void linkedUsersAreNotReviewedAgainAndDisabledOrIgnoredOnesRaiseNothing() {
        Plan linked = plan(SyncPolicy.defaults(), List.of(person("s1", "\u212Aate@example.com", null, Map.of())),
                List.of(person("t1", "\u212Aate@example.com", null, Map.of()), person("t2", "kate@example.com", null, Map.of())),
                List.of(link("s1", "t1")));
        assertThat(linked.conflicts()).isEmpty();
        Plan ignored = plan(SyncPolicy.builder().onUnmatched(io.rostersync.policy.UnmatchedAction.IGNORE).build(),
                List.of(person("s1", "\u212Aate@example.com", null, Map.of())),
                List.of(person("t2", "kate@example.com", null, Map.of())), List.of());
        assertThat(ignored.conflicts()).isEmpty();
        assertThat(ignored.actions()).isEmpty();
    }

    @Test
    void anAuthoritativeSyncLeavesTheTwinAloneWhileTheConflictIsOpen() {
        Plan plan = plan(SyncPolicy.builder().authoritative(true).build(),
                List.of(person("s1", "\u212Aate@example.com", null, Map.of())),
                List.of(person("t1", "kate@example.com", null, Map.of()), person("t2", "old@example.com", null, Map.of())),
                List.of());
        assertThat(plan.conflicts()).extracting(Conflict::kind).containsExactly(ConflictKind.LOOKALIKE_KEY);
        assertThat(plan.actions()).singleElement().satisfies(a -> {
            assertThat(a.kind()).isEqualTo(ActionKind.DEACTIVATE);
            assertThat(a.user().targetId()).contains(id("t2"));
        });
    }
}
