package io.rostersync.testkit;

import io.rostersync.model.NativeId;
import io.rostersync.model.UserProfile;
import io.rostersync.model.UserRecord;
import io.rostersync.model.UserStatus;
import io.rostersync.spi.Link;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

/**
 * Seeded generator of realistic rosters and of random sync scenarios for property-style tests: the same
 * seed always gives the same data. Emails are unique within one generator.
 *
 * @since 0.1.0
 */
public final class RosterGenerator {

    private static final String[] FIRST = {"Ana", "Ben", "Chloe", "Dmitri", "Elif", "Farah", "Goran", "Hana", "Ines", "Jonas",
        "Kwame", "Lena", "Mateo", "Nadia", "Oskar", "Priya", "Quinn", "Rosa", "Sven", "Tariq", "Uma", "Viktor", "Wen", "Yara", "Zoe",
        "José", "Zoë", "Siobhán", "Łukasz", "Ngozi"};
    private static final String[] LAST = {"Almeida", "Brown", "Chen", "Dubois", "Eriksen", "Fischer", "García", "Haddad", "Ito",
        "Jensen", "Kowalski", "Larsen", "Moreau", "Nakamura", "O'Brien", "Petrov", "Quispe", "Rossi", "Schmidt", "Tanaka",
        "Urquhart", "Van der Berg", "Walsh", "Xu", "Yilmaz", "Zielinski"};
    private static final String[] ROLES = {"Agent", "Team Admin", "Supervisor", "Agent", "Agent", "Senior Agent", "QA Supervisor", "Admin"};
    private static final String[] GROUPS = {"Campaign North", "Campaign South", "Retail", "Onboarding", "Night Shift"};
    private static final String[] DOMAINS = {"example.com", "example.org", "corp.example.net"};

    private final Random random;
    private final Set<String> usedEmails = new HashSet<>();
    private int serial;

    /**
     * A generator whose output depends on the seed alone.
     *
     * @param seed the seed; the same seed gives the same rosters
     */
    public RosterGenerator(long seed) {
        this.random = new Random(seed);
    }

    /**
     * The random source, for a test that draws more from the same seed.
     *
     * @return the generator's random source
     */
    public Random random() {
        return random;
    }

    /**
     * One active person with a unique email, a role and sometimes a group.
     *
     * @return the profile
     */
    public UserProfile profile() {
        String first = pick(FIRST);
        String last = pick(LAST);
        UserProfile.Builder b = UserProfile.builder()
                .email(uniqueEmail(first, last))
                .firstName(first)
                .lastName(last)
                .status(UserStatus.ACTIVE)
                .role(pick(ROLES));
        if (random.nextInt(3) == 0) {
            b.group(pick(GROUPS));
        }
        return b.build();
    }

    /**
     * {@code n} people.
     *
     * @param n how many, not negative
     * @return the profiles, emails unique
     */
    public List<UserProfile> profiles(int n) {
        List<UserProfile> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(profile());
        }
        return out;
    }

    /**
     * {@code n} people as records with ids {@code prefix1..prefixN}.
     *
     * @param prefix the ids' prefix
     * @param n      how many, not negative
     * @return the records
     */
    public List<UserRecord> records(String prefix, int n) {
        List<UserRecord> out = new ArrayList<>(n);
        for (UserProfile p : profiles(n)) {
            out.add(UserRecord.of(NativeId.of(prefix + (++serial)), p));
        }
        return out;
    }

    private String uniqueEmail(String first, String last) {
        String base = ascii(first) + "." + ascii(last);
        String domain = pick(DOMAINS);
        String email = base + "@" + domain;
        int n = 2;
        while (!usedEmails.add(email)) {
            email = base + n++ + "@" + domain;
        }
        return email;
    }

    private static String ascii(String s) {
        String folded = java.text.Normalizer.normalize(s, java.text.Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        return folded.toLowerCase(Locale.ROOT).replace("ł", "l").replaceAll("[^a-z]", "");
    }

    private String pick(String[] values) {
        return values[random.nextInt(values.length)];
    }

    /**
     * A random sync situation: source and target accounts, and links between them, mixing linked,
     * matchable, new, gone, renamed, deactivated, pending and conflicting users.
     *
     * @param source the source accounts
     * @param target the target accounts (emails unique)
     * @param links  links from earlier runs (each target linked at most once)
     */
    public record Scenario(List<UserRecord> source, List<UserRecord> target, List<Link> links) {
    }

    /**
     * A scenario with up to {@code maxPeople} people.
     *
     * @param maxPeople the most people, not negative
     * @return the scenario
     */
    public Scenario scenario(int maxPeople) {
        int people = random.nextInt(maxPeople + 1);
        List<UserRecord> source = new ArrayList<>();
        List<UserRecord> target = new ArrayList<>();
        List<Link> links = new ArrayList<>();
        for (int i = 0; i < people; i++) {
            UserProfile p = profile();
            NativeId sid = NativeId.of("s" + (++serial));
            NativeId tid = NativeId.of("t" + serial);
            int kind = random.nextInt(10);
            UserProfile sourceProfile = vary(p);
            switch (kind) {
                case 0, 1 -> { // linked, maybe changed
                    source.add(UserRecord.of(sid, sourceProfile));
                    target.add(UserRecord.of(tid, p.toBuilder().status(randomTargetStatus()).build()));
                    links.add(new Link(sid, tid, random.nextInt(4) == 0));
                }
                case 2, 3 -> { // matchable by email, not linked
                    source.add(UserRecord.of(sid, sourceProfile));
                    target.add(UserRecord.of(tid, p.toBuilder().status(randomTargetStatus()).build()));
                }
                case 4, 5 -> source.add(UserRecord.of(sid, sourceProfile)); // new
                case 6 -> { // gone from the source
                    target.add(UserRecord.of(tid, p));
                    links.add(Link.of(sid, tid));
                }
                case 7 -> target.add(UserRecord.of(tid, p)); // target-only, never linked
                case 8 -> { // a second source account with someone else's email (duplicate key)
                    source.add(UserRecord.of(sid, sourceProfile));
                    if (!source.isEmpty() && random.nextBoolean()) {
                        UserRecord other = source.get(random.nextInt(source.size()));
                        NativeId dupId = NativeId.of("s" + (++serial));
                        source.add(UserRecord.of(dupId, other.profile().toBuilder().firstName("Dup").build()));
                    }
                }
                default -> { // linked to a target that was deleted by someone
                    source.add(UserRecord.of(sid, sourceProfile));
                    if (random.nextBoolean()) {
                        links.add(Link.of(sid, tid));
                    }
                }
            }
        }
        return new Scenario(source, target, links);
    }

    private UserProfile vary(UserProfile p) {
        UserProfile.Builder b = p.toBuilder();
        int r = random.nextInt(12);
        if (r == 0) {
            b.lastName(pick(LAST));
        } else if (r == 1) {
            b.status(UserStatus.INACTIVE);
        } else if (r == 2) {
            b.status(UserStatus.SUSPENDED);
        } else if (r == 3) {
            b.status(UserStatus.PENDING);
        } else if (r == 4) {
            b.roles(List.of(pick(ROLES)));
        } else if (r == 5) {
            b.groups(List.of(pick(GROUPS)));
        }
        return b.build();
    }

    private UserStatus randomTargetStatus() {
        int r = random.nextInt(8);
        return r == 0 ? UserStatus.INACTIVE : r == 1 ? UserStatus.PENDING : UserStatus.ACTIVE;
    }
}
