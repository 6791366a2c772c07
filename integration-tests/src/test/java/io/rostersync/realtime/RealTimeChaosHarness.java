package io.rostersync.realtime;

import io.rostersync.jdbc.nodes.WriteRecordingDirectory;
import io.rostersync.engine.RunOptions;
import io.rostersync.engine.SyncRunner;
import io.rostersync.engine.UserHints;
import io.rostersync.model.NativeId;
import io.rostersync.model.SyncId;
import io.rostersync.model.UserRecord;
import io.rostersync.spi.RunStatus;
import io.rostersync.spi.SyncReport;
import io.rostersync.testkit.InMemorySyncStateStore;
import io.rostersync.testkit.InMemoryUserDirectory;
import io.rostersync.testkit.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Counts what real-time events do to a host under chaos, for any {@link RealTimeSource}: seeds the vendor, runs
 * the sync once in full, then for a number of rounds makes changes in the vendor (creates, renames, role changes,
 * deactivations, deletions, reactivations, chosen by a seeded random), has the events delivered with the chaos,
 * flushes the hints into named syncs and checks which changes the host already shows. Every few rounds the
 * manual clock jumps by hours, so events held in transit or replayed across the jump arrive stale. After the last
 * round everything held is released and replayed, then the scheduled run runs and the host is compared with the
 * vendor.
 *
 * <p>Counted: what the transport and receiver did (from the source), forged requests accepted, users brought back
 * (a host write that makes active an account whose vendor user is deactivated or deleted at that moment), the
 * changes the host showed before the scheduled run (the real-time share), and after it the changes lost and the
 * host accounts that differ from the vendor. Everything runs on the test thread between deliveries, on one manual
 * clock, so a seed gives the same counts every time.
 */
final class RealTimeChaosHarness {

    /**
     * The shape of one run.
     *
     * @param users        in-scope users seeded before the first run
     * @param rounds       rounds of changes
     * @param perRound     changes per round, each to another user
     * @param hoursEvery   every this many rounds the clock jumps two hours before the round (0: never)
     * @param releaseShare the share of rounds after which the events held in transit so far are released
     * @param replayShare  the share of rounds after which the deliveries kept for replay are sent again
     * @param scheduledRun whether the scheduled run runs at the end (off only to prove the count sees a loss)
     * @param seed         the seed of the changes and of the chaos
     */
    record Settings(int users, int rounds, int perRound, int hoursEvery, double releaseShare, double replayShare,
                    boolean scheduledRun, long seed) {

        static Settings defaults(long seed) {
            return new Settings(60, 30, 6, 7, 0.3, 0.3, true, seed);
        }

        Settings withoutScheduledRun() {
            return new Settings(users, rounds, perRound, hoursEvery, releaseShare, replayShare, false, seed);
        }
    }

    /** The counts, and the details behind the counts that must be zero. */
    record Result(RealTimeTally tally, List<String> broughtBack, List<String> lost, List<String> differences) {
        int forgedAccepted() {
            return tally.get(FORGED_ACCEPTED);
        }
    }

    static final String FORGED_ACCEPTED = "forged requests accepted";
    static final String BROUGHT_BACK = "users brought back by a late event";
    static final String REAL_TIME = "changes the host showed before the scheduled run";
    static final String LOST = "changes lost after the scheduled run";
    static final String DIFFERENT = "host accounts differing from the vendor after the scheduled run";

    private static final Duration STEP = Duration.ofSeconds(20);
    private static final Duration JUMP = Duration.ofHours(2);

    /** One change and what became of it. */
    private static final class Tracked {
        final RealTimeChange change;
        boolean shown;
        boolean superseded;

        Tracked(RealTimeChange change) {
            this.change = change;
        }
    }

    /** The harness's own model of a vendor user, to choose changes that make sense. */
    private static final class Model {
        boolean deleted;
        boolean deactivated;
        String role = "agent";
        String name = "";
    }

    private RealTimeChaosHarness() {
    }

    static Result run(RealTimeSource source, RealTimeChaos chaos, Settings s) throws InterruptedException {
        ManualClock clock = ManualClock.startingAtAFixedTime();
        InMemoryUserDirectory store = InMemoryUserDirectory.create("host");
        List<String> broughtBack = new ArrayList<>();
        WriteRecordingDirectory host = new WriteRecordingDirectory(store, written -> {
            String email = written.label();
            RealTimeExpected vendor = source.expected().get(email);
            if (!written.status().isDisabled() && vendor != null && !vendor.active()) {
                broughtBack.add(email + " written " + written.status() + " while inactive in the vendor");
            }
        });
        AtomicReference<UserHints> hintsRef = new AtomicReference<>();
        source.start(clock, id -> {
            UserHints h = hintsRef.get();
            if (h != null) {
                h.offer(id);
            }
        });
        List<String> seeded = source.seed(s.users(), s.seed());
        clock.advance(Duration.ofMinutes(10));
        SyncRunner runner = SyncRunner.builder().syncId(SyncId.of("realtime-chaos")).source(source.directory()).target(host)
                .policy(source.policy()).stateStore(new InMemorySyncStateStore()).clock(clock).build();
        SyncReport first = runner.run(RunOptions.defaults());
        if (first.status() != RunStatus.SUCCEEDED) {
            throw new IllegalStateException("the first full run did not succeed: " + first.summary());
        }
        UserHints hints = UserHints.builder().runner(runner).clock(clock).drivenByCaller().build();
        hintsRef.set(hints);
        source.chaos(chaos, s.seed());

        Map<String, Model> model = new LinkedHashMap<>();
        source.expected().forEach((email, e) -> {
            Model m = new Model();
            m.deactivated = !e.active();
            m.role = e.role();
            m.name = e.fullName();
            model.put(email, m);
        });
        if (!model.keySet().containsAll(seeded)) {
            throw new IllegalStateException("the source's expected state does not cover its seeded users");
        }
        Random random = new Random(s.seed());
        List<Tracked> changes = new ArrayList<>();
        Map<String, Tracked> latest = new HashMap<>(); // email + aspect -> latest change
        EnumMap<RealTimeChange.Kind, Integer> byKind = new EnumMap<>(RealTimeChange.Kind.class);
        int counter = 0;
        for (int round = 1; round <= s.rounds(); round++) {
            clock.advance(s.hoursEvery() > 0 && round % s.hoursEvery() == 0 ? JUMP : STEP);
            Set<String> touched = new java.util.HashSet<>();
            for (int i = 0; i < s.perRound(); i++) {
                Optional<RealTimeChange> next = pick(random, source.kinds(), model, touched, ++counter);
                if (next.isEmpty()) {
                    continue;
                }
                RealTimeChange c = next.get();
                source.apply(c);
                touched.add(c.email());
                follow(model, c);
                byKind.merge(c.kind(), 1, Integer::sum);
                Tracked t = new Tracked(c);
                Tracked before = latest.put(c.email() + "/" + c.kind().aspect(), t);
                if (before != null && !before.shown) {
                    before.superseded = true;
                }
                changes.add(t);
            }
            source.deliver(random.nextDouble() < s.releaseShare(), random.nextDouble() < s.replayShare());
            flush(hints);
            checkpoint(changes, store);
        }
        // Whatever is still in transit arrives now, after every change: the latest "late" deliveries.
        clock.advance(STEP);
        source.deliver(true, true);
        flush(hints);
        checkpoint(changes, store);
        hints.close();

        RealTimeTally tally = new RealTimeTally();
        tally.add("rounds of changes", s.rounds());
        byKind.forEach((k, n) -> tally.add("changes: " + k.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '), n));
        tally.add("changes in all", changes.size());
        source.count(tally);
        tally.declare(FORGED_ACCEPTED);
        long shown = changes.stream().filter(t -> t.shown).count();
        long superseded = changes.stream().filter(t -> t.superseded).count();
        tally.add(REAL_TIME, (int) shown);
        tally.add("changes superseded by a later change of the same user before they showed", (int) superseded);
        tally.add("changes left to the scheduled run", (int) (changes.size() - shown - superseded));

        if (s.scheduledRun()) {
            clock.advance(Duration.ofMinutes(1));
            SyncReport scheduled = runner.run(RunOptions.defaults());
            if (scheduled.status() != RunStatus.SUCCEEDED) {
                throw new IllegalStateException("the scheduled run did not succeed: " + scheduled.summary());
            }
        }
        tally.add(BROUGHT_BACK, broughtBack.size());
        List<String> lost = new ArrayList<>();
        Map<String, RealTimeExpected> now = source.expected();
        for (Tracked t : latest.values()) {
            boolean active = now.containsKey(t.change.email()) && now.get(t.change.email()).active();
            if (t.change.kind().aspect() != RealTimeChange.Aspect.STATUS && !active) {
                continue; // the name or role of a deprovisioned user is no longer synced
            }
            if (!reflected(t.change, store.findByEmail(t.change.email()))) {
                lost.add(t.change.toString());
            }
        }
        tally.add(LOST, lost.size());
        List<String> differences = new ArrayList<>();
        source.expected().forEach((email, e) -> differences.addAll(e.differences(store.findByEmail(email))));
        tally.add(DIFFERENT, differences.size());
        return new Result(tally, List.copyOf(broughtBack), lost, differences);
    }

    private static void flush(UserHints hints) {
        for (int i = 0; i < 3 && hints.pending() > 0; i++) {
            hints.flush();
        }
    }

    /** Marks the changes the host shows now, unless a later change of the same aspect came first. */
    private static void checkpoint(List<Tracked> changes, InMemoryUserDirectory store) {
        for (Tracked t : changes) {
            if (!t.shown && !t.superseded && reflected(t.change, store.findByEmail(t.change.email()))) {
                t.shown = true;
            }
        }
    }

    /** Whether the host account shows the change's effect on its aspect. */
    static boolean reflected(RealTimeChange c, Optional<UserRecord> host) {
        return switch (c.kind()) {
            case CREATE -> host.isPresent() && !host.get().status().isDisabled();
            case RENAME -> host.isPresent() && (host.get().firstName().strip() + " " + host.get().lastName().strip()).strip().equals(c.value());
            case ROLE_CHANGE -> host.isPresent() && host.get().roles().contains(c.value());
            case DEACTIVATE, DELETE -> host.isEmpty() || host.get().status().isDisabled();
            case REACTIVATE -> host.isPresent() && !host.get().status().isDisabled();
        };
    }

    private static void follow(Map<String, Model> model, RealTimeChange c) {
        Model m = model.computeIfAbsent(c.email(), e -> new Model());
        switch (c.kind()) {
            case CREATE, RENAME -> m.name = c.value();
            case ROLE_CHANGE -> m.role = c.value();
            case DEACTIVATE -> m.deactivated = true;
            case DELETE -> m.deleted = true;
            case REACTIVATE -> m.deactivated = false;
        }
    }

    /** A change that makes sense for the model, to a user not yet changed this round; empty when none fits. */
    private static Optional<RealTimeChange> pick(Random random, Set<RealTimeChange.Kind> kinds, Map<String, Model> model,
                                                 Set<String> touched, int n) {
        RealTimeChange.Kind[] weighted = {
            RealTimeChange.Kind.RENAME, RealTimeChange.Kind.RENAME, RealTimeChange.Kind.RENAME,
            RealTimeChange.Kind.ROLE_CHANGE, RealTimeChange.Kind.ROLE_CHANGE,
            RealTimeChange.Kind.DEACTIVATE, RealTimeChange.Kind.DEACTIVATE,
            RealTimeChange.Kind.REACTIVATE, RealTimeChange.Kind.REACTIVATE,
            RealTimeChange.Kind.DELETE, RealTimeChange.Kind.CREATE,
        };
        for (int attempt = 0; attempt < 20; attempt++) {
            RealTimeChange.Kind kind = weighted[random.nextInt(weighted.length)];
            if (!kinds.contains(kind)) {
                continue;
            }
            if (kind == RealTimeChange.Kind.CREATE) {
                return Optional.of(new RealTimeChange(kind, "rt" + n + "@chaos.example.test", "New" + n + " Hire" + n));
            }
            List<String> fit = new ArrayList<>();
            model.forEach((email, m) -> {
                boolean ok = switch (kind) {
                    case RENAME, ROLE_CHANGE -> !m.deleted;
                    case DEACTIVATE -> !m.deleted && !m.deactivated;
                    case DELETE -> !m.deleted;
                    case REACTIVATE -> !m.deleted && m.deactivated;
                    case CREATE -> false;
                };
                if (ok && !touched.contains(email)) {
                    fit.add(email);
                }
            });
            if (fit.isEmpty()) {
                continue;
            }
            String email = fit.get(random.nextInt(fit.size()));
            String value = switch (kind) {
                case RENAME -> "Name" + n + " Changed" + n;
                case ROLE_CHANGE -> model.get(email).role.equals("agent") ? "admin" : "agent";
                default -> "";
            };
            return Optional.of(new RealTimeChange(kind, email, value));
        }
        return Optional.empty();
    }
}
