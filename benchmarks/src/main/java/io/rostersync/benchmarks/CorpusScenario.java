package io.rostersync.benchmarks;

import io.rostersync.engine.PlanInput;
import io.rostersync.model.Cursor;
import io.rostersync.model.NativeId;
import io.rostersync.model.UserProfile;
import io.rostersync.model.UserRecord;
import io.rostersync.model.UserStatus;
import io.rostersync.spi.LicenseSnapshot;
import io.rostersync.spi.Link;
import io.rostersync.spi.Links;
import io.rostersync.spi.PlanMode;
import io.rostersync.spi.UserPage;
import io.rostersync.spi.UserPages;
import io.rostersync.testkit.RosterGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * One random planning situation of the {@link PlanCorpus}, deterministic from (seed, number): a
 * {@link RosterGenerator} scenario (linked, matchable, new, gone, target-only, duplicate-key and
 * dangling-link users, varied statuses) with mutations on top so that every row of the planning table
 * occurs: field changes on every field, usernames and employee ids to match by, ambiguous and
 * twice-claimed candidates, rehires whose account is linked elsewhere, lookalike (non-ASCII) keys,
 * out-of-scope roles, protected owners, permission sets held on the target, records beyond the limits,
 * records read twice, license pools with few seats (some expired), and an incremental change set with
 * removed users.
 */
final class CorpusScenario {

    static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    static final String STANDARD_SEAT = "seat-std";
    static final String SUPERVISOR_SEAT = "seat-sup";
    static final List<String> PERMISSIONS = List.of("Perm Admin", "Perm Supervisor", "Perm Agent", "Perm Voice Agent", "Perm Basic");

    /** Lookalikes of ASCII letters: Cyrillic a, e, o, the Kelvin sign, a fullwidth i. */
    private static final char[][] LOOKALIKES = {{'a', '\u0430'}, {'e', '\u0435'}, {'o', '\u043E'}, {'k', '\u212A'}, {'i', '\uFF49'}};

    final int number;
    private final List<UserRecord> source;
    private final List<UserRecord> target;
    private final List<Link> links;
    private final List<UserRecord> changeSet;
    private final List<NativeId> removed;
    private final List<LicenseSnapshot> licenses;
    private final int sourcePageSize;
    private final int targetPageSize;

    private CorpusScenario(int number, List<UserRecord> source, List<UserRecord> target, List<Link> links,
                           List<UserRecord> changeSet, List<NativeId> removed, List<LicenseSnapshot> licenses,
                           int sourcePageSize, int targetPageSize) {
        this.number = number;
        this.source = List.copyOf(source);
        this.target = List.copyOf(target);
        this.links = List.copyOf(links);
        this.changeSet = List.copyOf(changeSet);
        this.removed = List.copyOf(removed);
        this.licenses = List.copyOf(licenses);
        this.sourcePageSize = sourcePageSize;
        this.targetPageSize = targetPageSize;
    }

    int sourceSize() {
        return source.size();
    }

    int targetSize() {
        return target.size();
    }

    /** A fresh input (inputs are single use): the full read, or the change set for an incremental plan. */
    PlanInput input(PlanMode mode) {
        PlanInput.Builder b = PlanInput.builder()
                .mode(mode)
                .target(pages(target, targetPageSize, List.of(), Optional.empty()))
                .links(Links.of(links))
                .licenses(licenses)
                .now(NOW)
                .names("vendor", "host");
        if (mode == PlanMode.INCREMENTAL) {
            b.source(pages(changeSet, sourcePageSize, removed, Optional.of(Cursor.of("after-" + number))));
        } else {
            b.source(pages(source, sourcePageSize, List.of(), Optional.empty()));
        }
        return b.build();
    }

    private static UserPages pages(List<UserRecord> users, int pageSize, List<NativeId> removed, Optional<Cursor> cursor) {
        List<UserPage> pages = new ArrayList<>();
        for (int from = 0; from < users.size(); from += pageSize) {
            pages.add(new UserPage(users.subList(from, Math.min(users.size(), from + pageSize)), List.of(), List.of(),
                    Optional.empty()));
        }
        // the removed ids and the cursor come with the last page, as a change feed gives them
        pages.add(new UserPage(List.of(), removed, List.of(), cursor));
        return UserPages.of(pages);
    }

    /** The scenario {@code number} of the corpus with this seed. */
    static CorpusScenario generate(long seed, int number) {
        return new Builder(seed, number).build();
    }

    private static final class Builder {
        private final int number;
        private final RosterGenerator gen;
        private final Random r;
        private final List<UserRecord> source = new ArrayList<>();
        private final List<UserRecord> target = new ArrayList<>();
        private final Map<String, Link> linksBySource = new LinkedHashMap<>();
        private final Set<String> linkedTargets = new LinkedHashSet<>();
        private int extra;

        Builder(long seed, int number) {
            this.number = number;
            this.gen = new RosterGenerator(mix(seed, number));
            this.r = gen.random();
        }

        CorpusScenario build() {
            int size = r.nextInt(100);
            int maxPeople = size < 50 ? 12 : size < 85 ? 60 : 300;
            RosterGenerator.Scenario base = gen.scenario(maxPeople);
            source.addAll(base.source());
            target.addAll(base.target());
            base.links().forEach(this::addLink);

            identities();
            fieldChanges();
            ambiguousAndClaimed();
            rehires();
            lookalikes();
            scopeAndOwners();
            permissionsHeld();
            reactivations();
            beyondLimits();
            List<UserRecord> changeSet = changeSet();
            List<NativeId> removed = removed(changeSet);
            readTwice(source);
            readTwice(changeSet);
            if (r.nextInt(10) == 0 && !target.isEmpty()) {
                target.add(target.get(r.nextInt(target.size()))); // a target account listed twice
            }
            List<LicenseSnapshot> licenses = List.of(snapshot(STANDARD_SEAT, target.size() / 2 + 2), snapshot(SUPERVISOR_SEAT, 4));
            return new CorpusScenario(number, source, target, List.copyOf(linksBySource.values()), changeSet, removed, licenses,
                    1 + r.nextInt(Math.max(1, source.size())), 1 + r.nextInt(Math.max(1, target.size())));
        }

        private void addLink(Link link) {
            if (!linksBySource.containsKey(link.sourceId().value()) && linkedTargets.add(link.targetId().value())) {
                linksBySource.put(link.sourceId().value(), link);
            }
        }

        private NativeId newId(String prefix) {
            return NativeId.of(prefix + "x" + number + "-" + (++extra));
        }

        /** The target account of person N (source sN, target tN), by position; -1 when there is none. */
        private int targetOf(UserRecord s) {
            String id = s.id().value();
            if (!id.startsWith("s")) {
                return -1;
            }
            String tid = "t" + id.substring(1);
            for (int i = 0; i < target.size(); i++) {
                if (target.get(i).id().value().equals(tid)) {
                    return i;
                }
            }
            return -1;
        }

        /** Usernames and employee ids on both sides, so username and attribute matchers have work. */
        private void identities() {
            for (int i = 0; i < source.size(); i++) {
                UserRecord s = source.get(i);
                int t = targetOf(s);
                if (r.nextInt(5) < 2) {
                    String username = s.firstName().toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z]", "") + "." + (100 + r.nextInt(900));
                    source.set(i, s = s.withProfile(s.profile().toBuilder().username(username).build()));
                    if (t >= 0 && r.nextInt(4) != 0) {
                        UserRecord tr = target.get(t);
                        String spelled = r.nextBoolean() ? username.toUpperCase(java.util.Locale.ROOT) : username;
                        target.set(t, tr.withProfile(tr.profile().toBuilder().username(spelled).build()));
                    }
                }
                if (r.nextBoolean()) {
                    String employeeId = "E-" + (10_000 + r.nextInt(90_000));
                    source.set(i, s = s.withProfile(s.profile().toBuilder().attribute("employeeId", employeeId).build()));
                    if (t >= 0 && r.nextInt(5) != 0) {
                        UserRecord tr = target.get(t);
                        target.set(t, tr.withProfile(tr.profile().toBuilder().attribute("employeeId", employeeId).build()));
                    }
                }
            }
            // new source users whose only key in the target is a username, or an employee id
            int n = r.nextInt(3);
            for (int k = 0; k < n; k++) {
                UserProfile p = gen.profile();
                String username = "solo." + number + "." + k;
                source.add(UserRecord.of(newId("s"), p.toBuilder().username(username).attribute("employeeId", "E-S" + k).build()));
                target.add(UserRecord.of(newId("t"), gen.profile().toBuilder().username(username.toUpperCase(java.util.Locale.ROOT))
                        .attribute("employeeId", "E-S" + k).build()));
            }
        }

        /** One field changed on one side of a pair: every field of the profile in turn. */
        private void fieldChanges() {
            for (int i = 0; i < source.size(); i++) {
                if (r.nextInt(100) >= 35) {
                    continue;
                }
                boolean onTarget = r.nextBoolean();
                int t = targetOf(source.get(i));
                if (onTarget && t >= 0) {
                    target.set(t, target.get(t).withProfile(change(target.get(t).profile())));
                } else {
                    source.set(i, source.get(i).withProfile(change(source.get(i).profile())));
                }
            }
        }

        private UserProfile change(UserProfile p) {
            UserProfile.Builder b = p.toBuilder();
            switch (r.nextInt(12)) {
                case 0 -> b.email(p.email().map(e -> "new." + e.value()).orElse("found" + (++extra) + "@example.com"));
                case 1 -> b.username("renamed." + (++extra));
                case 2 -> b.firstName(r.nextInt(4) == 0 ? "" : p.firstName() + "-Marie");
                case 3 -> b.lastName(r.nextInt(4) == 0 ? "" : p.lastName() + "-Smith");
                case 4 -> b.role(r.nextBoolean() ? "Supervisor" : "Admin");
                case 5 -> b.roles(List.of());
                case 6 -> b.group(r.nextBoolean() ? "Retail" : "Night Shift");
                case 7 -> b.groups(List.of());
                case 8 -> b.attribute("costCenter", "CC-" + r.nextInt(5));
                case 9 -> b.removeAttribute("employeeId");
                case 10 -> b.status(UserStatus.values()[r.nextInt(UserStatus.values().length)]);
                default -> b.firstName(p.firstName().toUpperCase(java.util.Locale.ROOT)).lastName(" " + p.lastName() + " ");
            }
            return b.build();
        }

        /** Targets that share a key (ambiguous), and two source users claiming one target by different keys. */
        private void ambiguousAndClaimed() {
            if (r.nextInt(3) == 0) {
                String username = "sam." + number;
                source.add(UserRecord.of(newId("s"), gen.profile().toBuilder().username(username).build()));
                target.add(UserRecord.of(newId("t"), gen.profile().toBuilder().username("Sam." + number).build()));
                target.add(UserRecord.of(newId("t"), gen.profile().toBuilder().username("SAM." + number).build()));
            }
            if (r.nextInt(3) == 0) {
                UserProfile shared = gen.profile();
                String email = shared.email().orElseThrow().value();
                source.add(UserRecord.of(newId("s"), shared));
                target.add(UserRecord.of(newId("t"), shared));
                target.add(UserRecord.of(newId("t"), gen.profile().toBuilder().email(email.toUpperCase(java.util.Locale.ROOT)).build()));
            }
            if (r.nextInt(3) == 0) {
                UserProfile holder = gen.profile().toBuilder().username("claimed." + number).build();
                target.add(UserRecord.of(newId("t"), holder));
                source.add(UserRecord.of(newId("s"), holder.toBuilder().username(Optional.empty()).build()));
                source.add(UserRecord.of(newId("s"), gen.profile().toBuilder().username("claimed." + number).build()));
            }
        }

        /** New source users with the email of a target linked to someone else (still there, or gone). */
        private void rehires() {
            List<Link> all = new ArrayList<>(linksBySource.values());
            int n = all.isEmpty() ? 0 : r.nextInt(3);
            for (int k = 0; k < n; k++) {
                Link link = all.get(r.nextInt(all.size()));
                for (UserRecord t : target) {
                    if (t.id().equals(link.targetId()) && t.email().isPresent()) {
                        source.add(UserRecord.of(newId("s"), gen.profile().toBuilder().email(t.email().get()).build()));
                        break;
                    }
                }
            }
        }

        /** Keys that only look like existing ones, against a target and among new source users. */
        private void lookalikes() {
            if (r.nextInt(3) == 0 && !target.isEmpty()) {
                UserRecord t = target.get(r.nextInt(target.size()));
                t.email().flatMap(e -> lookalike(e.value())).ifPresent(fake ->
                        source.add(UserRecord.of(newId("s"), gen.profile().toBuilder().email(fake).build())));
            }
            if (r.nextInt(4) == 0) {
                UserProfile p = gen.profile();
                String email = p.email().orElseThrow().value();
                source.add(UserRecord.of(newId("s"), p));
                lookalike(email).ifPresent(fake -> source.add(UserRecord.of(newId("s"), gen.profile().toBuilder().email(fake).build())));
            }
            if (r.nextInt(4) == 0) {
                UserProfile p = gen.profile().toBuilder().username("kate." + number).build();
                target.add(UserRecord.of(newId("t"), p));
                source.add(UserRecord.of(newId("s"), gen.profile().toBuilder().username("\u212Aate." + number).build()));
            }
        }

        private Optional<String> lookalike(String email) {
            int at = email.indexOf('@');
            int start = r.nextInt(Math.max(1, at));
            for (int i = 0; i < at; i++) {
                int pos = (start + i) % at;
                for (char[] pair : LOOKALIKES) {
                    if (email.charAt(pos) == pair[0]) {
                        return Optional.of(email.substring(0, pos) + pair[1] + email.substring(pos + 1));
                    }
                }
            }
            return Optional.empty();
        }

        /** Contractors fall outside the scope policy's roles; owners are protected from an authoritative sync. */
        private void scopeAndOwners() {
            for (int i = 0; i < source.size(); i++) {
                if (r.nextInt(10) == 0) {
                    UserRecord s = source.get(i);
                    source.set(i, s.withProfile(s.profile().toBuilder().roles(List.of("Contractor")).build()));
                }
            }
            if (r.nextInt(3) == 0) {
                target.add(UserRecord.of(newId("t"), gen.profile().toBuilder().roles(List.of("Owner")).build()));
            }
        }

        /** Permission sets already held on some targets, as the permission mapper sees them in the roles. */
        private void permissionsHeld() {
            for (int i = 0; i < target.size(); i++) {
                if (r.nextInt(4) == 0) {
                    UserRecord t = target.get(i);
                    TreeSet<String> roles = new TreeSet<>(t.roles());
                    roles.add(PERMISSIONS.get(r.nextInt(PERMISSIONS.size())));
                    if (r.nextInt(3) == 0) {
                        roles.add(PERMISSIONS.get(r.nextInt(PERMISSIONS.size())));
                    }
                    target.set(i, t.withProfile(t.profile().toBuilder().roles(roles).build()));
                }
            }
        }

        /** Targets the sync deactivated (or someone else did) whose source user is active again. */
        private void reactivations() {
            for (Link link : new ArrayList<>(linksBySource.values())) {
                if (r.nextInt(6) != 0) {
                    continue;
                }
                for (int i = 0; i < target.size(); i++) {
                    UserRecord t = target.get(i);
                    if (t.id().equals(link.targetId())) {
                        UserStatus status = r.nextInt(3) == 0 ? UserStatus.SUSPENDED : UserStatus.INACTIVE;
                        target.set(i, t.withProfile(t.profile().toBuilder().status(status).build()));
                        linksBySource.put(link.sourceId().value(), link.withDeactivatedBySync(r.nextBoolean()));
                        break;
                    }
                }
            }
        }

        /** Now and then one source record beyond the default record limits: a read problem. */
        private void beyondLimits() {
            if (r.nextInt(12) != 0 || source.isEmpty()) {
                return;
            }
            int i = r.nextInt(source.size());
            UserRecord s = source.get(i);
            UserProfile.Builder b = s.profile().toBuilder();
            switch (r.nextInt(3)) {
                case 0 -> b.firstName("N".repeat(300));
                case 1 -> {
                    Map<String, String> attributes = new LinkedHashMap<>();
                    for (int k = 0; k < 201; k++) {
                        attributes.put("a" + k, "v");
                    }
                    b.attributes(attributes);
                }
                default -> b.attribute("note", "x".repeat(5_000));
            }
            source.set(i, s.withProfile(b.build()));
        }

        /** About half the source users as an incremental read: those that changed. */
        private List<UserRecord> changeSet() {
            List<UserRecord> changed = new ArrayList<>();
            for (UserRecord s : source) {
                if (r.nextBoolean()) {
                    changed.add(s);
                }
            }
            return changed;
        }

        /** Removed ids: linked users gone from the source, some changed and removed in the same read, unknown ids. */
        private List<NativeId> removed(List<UserRecord> changeSet) {
            List<NativeId> removed = new ArrayList<>();
            Set<String> inSource = new LinkedHashSet<>();
            source.forEach(s -> inSource.add(s.id().value()));
            for (Link link : linksBySource.values()) {
                if (!inSource.contains(link.sourceId().value()) && r.nextInt(3) != 0) {
                    removed.add(link.sourceId());
                }
            }
            if (!changeSet.isEmpty() && r.nextInt(3) == 0) {
                removed.add(changeSet.get(r.nextInt(changeSet.size())).id());
            }
            if (r.nextInt(4) == 0) {
                removed.add(newId("s"));
            }
            if (!removed.isEmpty() && r.nextInt(5) == 0) {
                removed.add(removed.get(0));
            }
            return removed;
        }

        /** Now and then a record read twice in one read, the second copy sometimes different. */
        private void readTwice(List<UserRecord> read) {
            if (read.isEmpty() || r.nextInt(5) != 0) {
                return;
            }
            UserRecord again = read.get(r.nextInt(read.size()));
            if (r.nextBoolean()) {
                again = again.withProfile(again.profile().toBuilder().lastName("Second-Copy").build());
            }
            read.add(r.nextInt(read.size() + 1), again);
        }

        /** A pool with few seats, some held by target accounts, sometimes expired. */
        private LicenseSnapshot snapshot(String licenseId, int maxSeats) {
            int entitlement = r.nextInt(maxSeats + 1);
            int consumed = r.nextInt(entitlement + 3);
            TreeSet<NativeId> assignees = new TreeSet<>();
            for (int k = 0; k < consumed && !target.isEmpty(); k++) {
                if (r.nextInt(3) != 0) {
                    assignees.add(target.get(r.nextInt(target.size())).id());
                }
            }
            int e = r.nextInt(7);
            Optional<Instant> expiresAt = e == 0 ? Optional.of(NOW.minus(Duration.ofDays(1)))
                    : e == 1 ? Optional.of(NOW) : e == 2 ? Optional.of(NOW.plus(Duration.ofDays(30))) : Optional.empty();
            return new LicenseSnapshot(licenseId, entitlement, consumed, expiresAt, assignees);
        }
    }

    /** A well-mixed seed for scenario {@code number}, so neighbouring scenarios are unrelated. */
    static long mix(long seed, int number) {
        long z = seed * 0x9E3779B97F4A7C15L + number * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
