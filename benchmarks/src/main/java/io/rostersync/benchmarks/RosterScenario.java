package io.rostersync.benchmarks;

import io.rostersync.engine.PlanInput;
import io.rostersync.model.EmailAddress;
import io.rostersync.model.NativeId;
import io.rostersync.model.UserProfile;
import io.rostersync.model.UserRecord;
import io.rostersync.model.UserStatus;
import io.rostersync.plan.Plan;
import io.rostersync.spi.ActionKind;
import io.rostersync.spi.Link;
import io.rostersync.spi.Links;
import io.rostersync.spi.UserPage;
import io.rostersync.spi.UserPages;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A steady-state sync of {@code users} accounts per side, deterministic from a seed: the shape of a
 * scheduled run long after the first one, where almost everyone is already linked.
 *
 * <p>People are numbered {@code 0 .. users + gone - 1}. The target holds people {@code [0, users)}, the
 * source holds {@code [gone, users + gone)}, so:
 * <ul>
 *   <li>{@code [0, gone)} (0.5 %) are linked but gone from the source: deactivated;</li>
 *   <li>{@code [users, users + gone)} (0.5 %) are new in the source: created, except the few below;</li>
 *   <li>every hundredth shared person (1 %) changed their last name in the source: updated;</li>
 *   <li>a few conflicts: {@value #DUPLICATE_PAIRS} pairs of new source people share an email (duplicate
 *       key), and {@value #REHIRES} new source people carry the email of a gone person whose target is
 *       still linked to the old source account (candidate linked elsewhere).</li>
 * </ul>
 * The target side and the links are built in memory, as a host holds them, every value in its own
 * storage as a database read would give it, so the heap figures are realistic. The source is produced
 * lazily, page by page, so it is never all in memory, as a vendor read would be; to keep the cost of
 * producing it small next to the planner's, its names and role and group sets are shared constants
 * (its ids and emails are unique per record, as they must be).
 */
public final class RosterScenario {

    static final int DUPLICATE_PAIRS = 5;
    static final int REHIRES = 5;
    static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

    private static final String[] FIRST = {"Ana", "Ben", "Chloe", "Dmitri", "Elif", "Farah", "Goran", "Hana", "Ines",
        "Jonas", "Kwame", "Lena", "Mateo", "Nadia", "Oskar", "Priya", "Quinn", "Rosa", "Sven", "Tariq", "Uma", "Viktor",
        "Wen", "Yara", "Zoe"};
    private static final String[] LAST = {"Almeida", "Brown", "Chen", "Dubois", "Eriksen", "Fischer", "Garcia", "Haddad",
        "Ito", "Jensen", "Kowalski", "Larsen", "Moreau", "Nakamura", "Obrien", "Petrov", "Quispe", "Rossi", "Schmidt",
        "Tanaka", "Urquhart", "Walsh", "Xu", "Yilmaz", "Zielinski"};
    private static final String[] ROLES = {"Agent", "Agent", "Agent", "Senior Agent", "Supervisor", "Team Admin", "Admin"};
    private static final String[] GROUPS = {"Campaign North", "Campaign South", "Retail", "Onboarding", "Night Shift"};
    private static final String[] LOWER_FIRST = lowerCase(FIRST);
    private static final String[] LOWER_LAST = lowerCase(LAST);
    private static final String[] DOMAINS = {"example.com", "example.org", "corp.example.net"};
    private static final SortedMap<String, String> NO_ATTRIBUTES = new TreeMap<>();
    /** Role and group sets for the source side, made once: a profile keeps an immutable set as given. */
    private static final List<SortedSet<String>> ROLE_SETS = setsOf(ROLES);
    private static final List<SortedSet<String>> GROUP_SETS = setsOf(GROUPS);
    private static final SortedSet<String> NO_GROUPS = UserProfile.builder().build().groups();

    private final int users;
    private final int gone;
    private final long seed;

    /**
     * @param users accounts on each side, at least 4,000 so that every kind of change occurs apart
     * @param seed  the same seed gives the same scenario
     */
    public RosterScenario(int users, long seed) {
        if (users < 4_000) {
            throw new IllegalArgumentException("a scenario needs at least 4000 users per side, got " + users);
        }
        this.users = users;
        this.gone = users / 200;
        this.seed = seed;
    }

    public int users() {
        return users;
    }

    /** People linked in the target but absent from the source. */
    public int gone() {
        return gone;
    }

    /** People only in the source. */
    public int added() {
        return gone;
    }

    /** Shared people whose last name differs between the sides. */
    public int changed() {
        int n = 0;
        for (int p = gone; p < users; p++) {
            if (isChanged(p)) {
                n++;
            }
        }
        return n;
    }

    /** The target side, in memory. */
    public List<UserRecord> target() {
        List<UserRecord> out = new ArrayList<>(users);
        for (int p = 0; p < users; p++) {
            out.add(targetRecord(p));
        }
        return out;
    }

    /** Links from earlier runs: every target person who was ever in the source. */
    public Links links() {
        List<Link> links = new ArrayList<>(users);
        for (int p = 0; p < users; p++) {
            links.add(Link.of(sourceId(p), targetId(p)));
        }
        return Links.of(links);
    }

    /** The source side, generated as it is read: one page of {@code pageSize} records at a time. */
    public UserPages source(int pageSize) {
        return new UserPages() {
            private int next = gone;
            private final int end = users + gone;

            @Override
            public Optional<UserPage> next() {
                if (next >= end) {
                    return Optional.empty();
                }
                int stop = Math.min(end, next + pageSize);
                List<UserRecord> page = new ArrayList<>(stop - next);
                for (int p = next; p < stop; p++) {
                    page.add(sourceRecord(p));
                }
                next = stop;
                return Optional.of(UserPage.of(page));
            }
        };
    }

    /** A plan input for one run over a fresh lazy source. */
    public PlanInput input(List<UserRecord> target, Links links, int pageSize) {
        return PlanInput.builder()
                .source(source(pageSize))
                .target(target)
                .links(links)
                .now(NOW)
                .names("vendor", "host")
                .build();
    }

    /**
     * Checks that a plan of this scenario has exactly the expected shape, so a benchmark never times a
     * planner that quietly does something else.
     *
     * @throws IllegalStateException naming the first count that differs
     */
    public void requireExpectedShape(Plan plan) {
        int creates = added() - 2 * DUPLICATE_PAIRS - REHIRES;
        expect("creates", creates, count(plan, ActionKind.CREATE));
        expect("updates", changed(), count(plan, ActionKind.UPDATE));
        expect("deactivations", gone(), count(plan, ActionKind.DEACTIVATE));
        expect("actions", creates + changed() + gone(), plan.actions().size());
        expect("conflicts", DUPLICATE_PAIRS + REHIRES, plan.conflicts().size());
        expect("unchanged", users - gone() - changed(), plan.stats().unchanged());
    }

    private static long count(Plan plan, ActionKind kind) {
        return plan.actions().stream().filter(a -> a.kind() == kind).count();
    }

    private static void expect(String what, long expected, long actual) {
        if (expected != actual) {
            throw new IllegalStateException("expected " + expected + " " + what + " in the plan, found " + actual);
        }
    }

    // ---- people ---------------------------------------------------------------------------------

    private boolean isChanged(int person) {
        return person >= gone && person < users && person % 100 == 37;
    }

    /** A target account with every value in its own storage, as a host's database read gives it. */
    private UserRecord targetRecord(int person) {
        long h = mix(seed, person);
        SortedSet<String> roles = new TreeSet<>(List.of(fresh(ROLES[role(h)])));
        SortedSet<String> groups = new TreeSet<>();
        if (hasGroup(h)) {
            groups.add(fresh(GROUPS[group(h)]));
        }
        UserProfile profile = new UserProfile(Optional.of(EmailAddress.of(fresh(emailOf(person)))), Optional.empty(),
                fresh(FIRST[first(h)]), fresh(LAST[last(h)]), UserStatus.ACTIVE, roles, groups, NO_ATTRIBUTES);
        return new UserRecord(targetId(person), profile, Optional.empty());
    }

    /** The same person as the source reads them, built cheaply: shared constants wherever values repeat. */
    private UserRecord sourceRecord(int person) {
        long h = mix(seed, person);
        String last = isChanged(person) ? LAST[last(h)] + "-" + LAST[(int) ((h >>> 24) % LAST.length)] : LAST[last(h)];
        UserProfile profile = new UserProfile(Optional.of(EmailAddress.of(emailOf(person))), Optional.empty(),
                FIRST[first(h)], last, UserStatus.ACTIVE, ROLE_SETS.get(role(h)),
                hasGroup(h) ? GROUP_SETS.get(group(h)) : NO_GROUPS, NO_ATTRIBUTES);
        return new UserRecord(sourceId(person), profile, Optional.empty());
    }

    private static int first(long h) {
        return (int) ((h >>> 8) % FIRST.length);
    }

    private static int last(long h) {
        return (int) ((h >>> 16) % LAST.length);
    }

    private static int role(long h) {
        return (int) ((h >>> 32) % ROLES.length);
    }

    private static boolean hasGroup(long h) {
        return (h >>> 40) % 3 == 0;
    }

    private static int group(long h) {
        return (int) ((h >>> 44) % GROUPS.length);
    }

    private static List<SortedSet<String>> setsOf(String[] names) {
        List<SortedSet<String>> sets = new ArrayList<>(names.length);
        for (String name : names) {
            sets.add(UserProfile.builder().role(name).build().roles());
        }
        return List.copyOf(sets);
    }

    /** The person's address, or the one a conflict scenario gives them instead. */
    private String emailOf(int person) {
        int newcomer = person - users;
        if (newcomer >= 0 && newcomer < DUPLICATE_PAIRS) {
            return emailOf(users + gone - 1 - newcomer); // shares the address of a later newcomer
        }
        if (newcomer >= DUPLICATE_PAIRS && newcomer < DUPLICATE_PAIRS + REHIRES) {
            return emailOf(newcomer - DUPLICATE_PAIRS); // a rehire with the address of a gone person
        }
        long h = mix(seed, person);
        return LOWER_FIRST[first(h)] + "." + LOWER_LAST[last(h)] + "." + person + "@" + DOMAINS[(int) ((h >>> 48) % DOMAINS.length)];
    }

    private static NativeId targetId(int person) {
        return NativeId.of(Long.toString(1_000_000_000L + person));
    }

    /** Salesforce-like ids: a prefix and a number, unrelated to the target's ids. */
    private static NativeId sourceId(int person) {
        return NativeId.of("005Zx" + (700_000_000L + person * 7L));
    }

    private static String[] lowerCase(String[] names) {
        String[] lower = new String[names.length];
        for (int i = 0; i < names.length; i++) {
            lower[i] = names[i].toLowerCase(Locale.ROOT);
        }
        return lower;
    }

    /** A copy with its own storage, as a parser would produce. */
    private static String fresh(String s) {
        return new String(s.toCharArray());
    }

    /** A well-mixed 64-bit value for (seed, person), non-negative so that {@code %} picks evenly. */
    private static long mix(long seed, int person) {
        long z = seed * 0x9E3779B97F4A7C15L + person * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return (z ^ (z >>> 31)) >>> 1;
    }
}
