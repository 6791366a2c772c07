package io.rostersync.engine;

import io.rostersync.model.EmailAddress;
import io.rostersync.model.NativeId;
import io.rostersync.model.SyncId;
import io.rostersync.model.UserRecord;
import io.rostersync.model.Username;
import io.rostersync.plan.Plan;
import io.rostersync.plan.PlanAction;
import io.rostersync.policy.IdentityMatchers;
import io.rostersync.policy.SyncPolicy;
import io.rostersync.spi.ActionKind;
import io.rostersync.spi.Capability;
import io.rostersync.spi.Conflict;
import io.rostersync.spi.ConflictKind;
import io.rostersync.spi.LicenseSnapshot;
import io.rostersync.spi.Link;
import io.rostersync.spi.Links;
import io.rostersync.spi.MatchKey;
import io.rostersync.spi.PlanMode;
import io.rostersync.spi.Reason;
import io.rostersync.spi.ReasonCode;
import io.rostersync.spi.UserDirectory;
import io.rostersync.spi.UserLookup;
import io.rostersync.spi.UserLookupResult;
import io.rostersync.spi.UserPage;
import io.rostersync.spi.UserPages;
import io.rostersync.spi.UserRef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The reads and the plan of a named sync. The source users are looked up, then the other source users holding
 * one of their match-key values (a value two source users share is a conflict in a full run), then their target
 * accounts: by stored link, and by the matcher's keys. The plan is an incremental plan of the named users
 * against those accounts, so nobody absent is deprovisioned; it is kept only for the named users. A named id the
 * source's look-up answers removed (a tombstone) goes into that plan as an incremental read's removed account, so
 * the account linked to it gets the full run's "gone from the source" decision and an unlinked one gets nothing.
 *
 * <p>Some decisions only a full read can make the way a full run would: whether a new user's key looks like
 * (without being) another account's, and whether two source users claim the same account. So when that plan
 * would create or link anyone, or when the matcher uses a key a look-up cannot serve, both sides are read in
 * full and the full plan, kept for the named users only, is what is applied.
 */
final class NamedReads {

    private final UserDirectory source;
    private final UserDirectory target;
    private final SyncPolicy policy;
    private final SyncId syncId;
    private final Links links;
    private final Supplier<List<LicenseSnapshot>> licenses;
    private final @Nullable LeaseKeeper keeper;
    private final List<MatchKey> keys;

    /** The source users each name stands for, by name in {@link NamedUsers#described()} order. */
    final Map<String, List<UserRecord>> byName = new LinkedHashMap<>();
    /** Named users left out of the plan for a key value they share with an unnamed source user. */
    final List<Conflict> sharedKeyConflicts = new ArrayList<>();
    /** What the reads cost and why, for the report's message. */
    final List<String> notes = new ArrayList<>();
    /** The named users that were planned: found, and not left out for a shared key. */
    final Set<NativeId> plannedIds = new HashSet<>();
    /**
     * Named ids the source answered are removed (tombstones), in order: planned as an incremental read's removed
     * accounts, so the account linked to each is deprovisioned as a full run would; an id merely not found is not
     * here.
     */
    final Set<NativeId> removedIds = new LinkedHashSet<>();
    int sourceRead;
    int targetRead;

    NamedReads(UserDirectory source, UserDirectory target, SyncPolicy policy, SyncId syncId, Links links,
               Supplier<List<LicenseSnapshot>> licenses, @Nullable LeaseKeeper keeper) {
        this.source = source;
        this.target = target;
        this.policy = policy;
        this.syncId = syncId;
        this.links = links;
        this.licenses = licenses;
        this.keeper = keeper;
        Map<String, MatchKey> distinct = new LinkedHashMap<>();
        policy.matcher().keys().forEach(k -> distinct.putIfAbsent(k.name(), k));
        this.keys = List.copyOf(distinct.values());
    }

    /** The plan for the named users; {@link #byName} and the rest are filled as a side effect. */
    Plan plan(NamedUsers users, Instant now) {
        UserLookup asked = users.lookup();
        UserLookupResult answer = lookUp(source, asked, "source");
        List<UserRecord> found = answer.found();
        sourceRead += found.size();
        removedIds.addAll(answer.removed());
        for (String name : users.described()) {
            byName.put(name, new ArrayList<>());
        }
        for (UserRecord r : found) {
            if (users.ids().contains(r.id())) {
                byName.computeIfAbsent("id " + r.id().value(), x -> new ArrayList<>()).add(r);
            }
            r.email().filter(users.emails()::contains).ifPresent(e -> byName.computeIfAbsent("email " + e.value(), x -> new ArrayList<>()).add(r));
            r.username().ifPresent(u -> users.usernames().stream().filter(n -> n.matchKey().equals(u.matchKey()))
                    .forEach(n -> byName.computeIfAbsent("username " + n.value(), x -> new ArrayList<>()).add(r)));
        }
        Set<NativeId> excluded = excludeSharedKeys(found);
        List<UserRecord> planned = found.stream().filter(r -> !excluded.contains(r.id())).toList();
        planned.forEach(r -> plannedIds.add(r.id()));
        Set<NativeId> kept = new HashSet<>(plannedIds);
        kept.addAll(removedIds);
        if (planned.isEmpty() && removedIds.isEmpty()) {
            return keepOnly(emptyPlan(now), kept);
        }
        if (!removedIds.isEmpty()) {
            notes.add(source.name() + " answered that " + removedIds.size() + " named user(s) are removed");
        }
        List<UserRecord> targets = counterparts(planned);
        targetRead += targets.size();
        // A tombstone is planned as an incremental read's removed account: a full run's "gone from the source" for
        // the account linked to it, and nothing at all for an id this sync never linked.
        Plan partial = new Reconciler(policy).plan(input(PlanMode.INCREMENTAL,
                UserPages.of(List.of(new UserPage(planned, List.copyOf(removedIds), List.of(), Optional.empty()))),
                UserPages.of(List.of(UserPage.of(targets))), now).build());
        String whyFull = whyFull(partial, planned);
        if (whyFull == null) {
            return keepOnly(partial, kept);
        }
        notes.add("both sides were read in full because " + whyFull);
        Plan full = new Reconciler(policy).plan(input(PlanMode.FULL, counted(source.readAll(), true),
                counted(target.readAll(), false), now).build());
        return keepOnly(full, kept);
    }

    private PlanInput.Builder input(PlanMode mode, UserPages sourcePages, UserPages targetPages, Instant now) {
        return PlanInput.builder().mode(mode).links(links).now(now).names(source.name(), target.name()).syncId(syncId)
                .licenses(licenses).source(sourcePages).target(targetPages);
    }

    private Plan emptyPlan(Instant now) {
        return new Reconciler(policy).plan(input(PlanMode.INCREMENTAL, UserPages.of(List.of()), UserPages.of(List.of()), now).build());
    }

    /**
     * Why the plan of the looked-up accounts cannot be trusted to be what a full run decides; null when it can.
     * A linked user's decision depends on its own pair only; a user not linked yet may be matched or created,
     * and a full run weighs that against every account (look-alike keys) and every source user (two claiming
     * one account).
     */
    private @Nullable String whyFull(Plan partial, List<UserRecord> planned) {
        long acting = partial.actions().stream()
                .filter(a -> a.kind() == ActionKind.CREATE || a.kind() == ActionKind.LINK)
                .map(a -> a.user().sourceId()).distinct().count();
        if (acting > 0) {
            return acting + " named user(s) would be linked or created, and only a full read rules out look-alike"
                    + " accounts and a second source user claiming the same account";
        }
        if (!keysLookUpable()) {
            long unlinked = planned.stream().filter(r -> links.bySource(r.id()).isEmpty()
                    && policy.scope().includes(r)).count();
            if (unlinked > 0) {
                return unlinked + " named user(s) are not linked yet and the matcher uses keys a look-up cannot"
                        + " search by (" + keyNames() + ")";
            }
        }
        return null;
    }

    /** Whether every key of the matcher is an email or a username, which a look-up searches by. */
    private boolean keysLookUpable() {
        for (MatchKey k : keys) {
            if (!isEmailKey(k) && !isUsernameKey(k)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isEmailKey(MatchKey k) {
        return k.name().equals(IdentityMatchers.emailKey().name());
    }

    private static boolean isUsernameKey(MatchKey k) {
        return k.name().equals(IdentityMatchers.usernameKey().name());
    }

    private String keyNames() {
        return String.join(", ", keys.stream().map(MatchKey::name).toList());
    }

    /**
     * Named users who share a key value with a source user not named: a full run makes that a conflict for
     * all holders unless every one of them is linked, so they are left out here and reported the same way.
     */
    private Set<NativeId> excludeSharedKeys(List<UserRecord> found) {
        Set<NativeId> excluded = new HashSet<>();
        List<UserRecord> inScope = found.stream().filter(this::holdsKeys).toList();
        if (inScope.isEmpty() || keys.isEmpty()) {
            return excluded;
        }
        // key -> value -> named holders
        List<Map<String, List<UserRecord>>> values = new ArrayList<>();
        Set<EmailAddress> emails = new LinkedHashSet<>();
        Set<Username> usernames = new LinkedHashSet<>();
        for (MatchKey k : keys) {
            Map<String, List<UserRecord>> byValue = new HashMap<>();
            for (UserRecord r : inScope) {
                k.sourceValue(r).ifPresent(v -> byValue.computeIfAbsent(v, x -> new ArrayList<>()).add(r));
            }
            values.add(byValue);
        }
        for (UserRecord r : inScope) {
            r.email().ifPresent(emails::add);
            r.username().ifPresent(usernames::add);
        }
        Set<NativeId> named = new HashSet<>();
        found.forEach(r -> named.add(r.id()));
        List<UserRecord> others;
        if (keysLookUpable() && source.capabilities().contains(Capability.LOOKUP)) {
            boolean byEmail = keys.stream().anyMatch(NamedReads::isEmailKey) && !emails.isEmpty();
            boolean byUsername = keys.stream().anyMatch(NamedReads::isUsernameKey) && !usernames.isEmpty();
            if (!byEmail && !byUsername) {
                return excluded;
            }
            UserLookup lookup = new UserLookup(Set.of(), byEmail ? Set.copyOf(emails) : Set.of(),
                    byUsername ? Set.copyOf(usernames) : Set.of());
            others = lookUp(source, lookup, "source").found();
        } else {
            notes.add("the source was read in full to find other holders of the named users' keys (" + keyNames() + ")");
            others = scan(source, r -> true, true);
        }
        Set<NativeId> seen = new HashSet<>();
        for (UserRecord w : others) {
            if (named.contains(w.id()) || !seen.add(w.id()) || !holdsKeys(w)) {
                continue;
            }
            for (int k = 0; k < keys.size(); k++) {
                MatchKey key = keys.get(k);
                Optional<String> v = key.sourceValue(w);
                if (v.isEmpty()) {
                    continue;
                }
                List<UserRecord> holders = values.get(k).get(v.get());
                if (holders == null) {
                    continue;
                }
                for (UserRecord u : holders) {
                    if (links.bySource(u.id()).isPresent() && links.bySource(w.id()).isPresent()) {
                        continue; // every holder linked: no conflict in a full run either
                    }
                    excluded.add(u.id());
                    sharedKeyConflicts.add(new Conflict(ConflictKind.DUPLICATE_SOURCE_KEY,
                            List.of(UserRef.source(u.id(), v.get()), UserRef.source(w.id(), v.get())),
                            List.of(Reason.of(ReasonCode.DUPLICATE_SOURCE_KEY, "count", "2", "key", key.name(), "value", v.get()))));
                }
            }
        }
        return excluded;
    }

    /** Whether a full run would register this user's key values: in scope and within the policy's bounds. */
    private boolean holdsKeys(UserRecord r) {
        return policy.scope().includes(r) && policy.recordLimits().violation(r).isEmpty();
    }

    /**
     * The target accounts of the named users: those their stored links point at, and those holding one of
     * their key values (the matcher decides among them exactly as in a full run). Whatever a look-up returns
     * beyond that is dropped.
     */
    private List<UserRecord> counterparts(List<UserRecord> planned) {
        Set<NativeId> linked = new LinkedHashSet<>();
        for (UserRecord r : planned) {
            links.bySource(r.id()).map(Link::targetId).ifPresent(linked::add);
        }
        for (NativeId removed : removedIds) {
            links.bySource(removed).map(Link::targetId).ifPresent(linked::add);
        }
        List<Map<String, Boolean>> wanted = new ArrayList<>();
        Set<EmailAddress> emails = new LinkedHashSet<>();
        Set<Username> usernames = new LinkedHashSet<>();
        for (MatchKey k : keys) {
            Map<String, Boolean> vs = new HashMap<>();
            for (UserRecord r : planned) {
                k.sourceValue(r).ifPresent(v -> vs.put(v, true));
            }
            wanted.add(vs);
        }
        boolean byKeys = keysLookUpable();
        for (UserRecord r : planned) {
            if (byKeys && keys.stream().anyMatch(NamedReads::isEmailKey)) {
                r.email().ifPresent(emails::add);
            }
            if (byKeys && keys.stream().anyMatch(NamedReads::isUsernameKey)) {
                r.username().ifPresent(usernames::add);
            }
        }
        java.util.function.Predicate<UserRecord> fits = t -> {
            if (linked.contains(t.id())) {
                return true;
            }
            for (int k = 0; k < keys.size(); k++) {
                Optional<String> v = keys.get(k).targetValue(t);
                if (v.isPresent() && wanted.get(k).containsKey(v.get())) {
                    return true;
                }
            }
            return false;
        };
        if (!target.capabilities().contains(Capability.LOOKUP)) {
            notes.add("the target was read in full: " + target.name() + " cannot look accounts up");
            return scan(target, fits, false);
        }
        if (linked.isEmpty() && emails.isEmpty() && usernames.isEmpty()) {
            return List.of();
        }
        List<UserRecord> out = new ArrayList<>();
        Set<NativeId> seen = new HashSet<>();
        for (UserRecord t : target.lookUp(new UserLookup(linked, emails, usernames)).found()) {
            checkpoint();
            if (fits.test(t) && seen.add(t.id())) {
                out.add(t);
            }
        }
        return out;
    }

    /**
     * A look-up, or a full read kept to what the look-up asks for when the directory cannot look up (a full read
     * names nobody removed). Found accounts not asked for are dropped; so are removed ids not asked for by id.
     */
    private UserLookupResult lookUp(UserDirectory directory, UserLookup lookup, String side) {
        List<UserRecord> raw;
        Set<NativeId> removed = new LinkedHashSet<>();
        if (directory.capabilities().contains(Capability.LOOKUP)) {
            UserLookupResult answer = Objects.requireNonNull(directory.lookUp(lookup), "a look-up answered null");
            raw = answer.found();
            answer.removed().stream().filter(lookup.ids()::contains).forEach(removed::add);
            checkpoint();
        } else {
            String note = "the " + side + " was read in full: " + directory.name() + " cannot look accounts up";
            if (!notes.contains(note)) {
                notes.add(note);
            }
            raw = scan(directory, lookup::wants, directory == source);
        }
        List<UserRecord> out = new ArrayList<>();
        Set<NativeId> seen = new HashSet<>();
        for (UserRecord r : raw) {
            // What was not asked for is ignored: a directory that answers with other people writes nothing.
            if (lookup.wants(r) && seen.add(r.id())) {
                out.add(r);
            }
        }
        removed.removeAll(seen);
        return new UserLookupResult(out, removed);
    }

    private List<UserRecord> scan(UserDirectory directory, java.util.function.Predicate<UserRecord> keep, boolean isSource) {
        List<UserRecord> out = new ArrayList<>();
        try (UserPages pages = directory.readAll()) {
            for (Optional<UserPage> page = pages.next(); page.isPresent(); page = pages.next()) {
                checkpoint();
                for (UserRecord r : page.get().users()) {
                    if (keep.test(r)) {
                        out.add(r);
                    }
                }
                if (isSource) {
                    sourceRead += page.get().users().size();
                } else {
                    targetRead += page.get().users().size();
                }
            }
        }
        return out;
    }

    private UserPages counted(UserPages pages, boolean isSource) {
        return new UserPages() {
            @Override
            public Optional<UserPage> next() {
                checkpoint();
                Optional<UserPage> page = pages.next();
                page.ifPresent(p -> {
                    if (isSource) {
                        sourceRead += p.users().size();
                    } else {
                        targetRead += p.users().size();
                    }
                });
                return page;
            }

            @Override
            public void close() {
                pages.close();
            }
        };
    }

    private void checkpoint() {
        if (keeper != null) {
            keeper.checkpoint();
        }
    }

    /**
     * {@code plan} kept to the named users: their actions and the conflicts naming them, as an incremental plan
     * with no cursor, so applying it deprovisions nobody it was not asked about and moves no cursor.
     */
    static Plan keepOnly(Plan plan, Set<NativeId> sourceIds) {
        List<PlanAction> actions = plan.actions().stream()
                .filter(a -> a.user().sourceId().isPresent() && sourceIds.contains(a.user().sourceId().get()))
                .toList();
        List<Conflict> conflicts = plan.conflicts().stream()
                .filter(c -> c.users().stream().anyMatch(u -> u.sourceId().isPresent() && sourceIds.contains(u.sourceId().get())))
                .toList();
        return new Plan(PlanMode.INCREMENTAL, plan.plannedAt(), plan.source(), plan.target(), actions, conflicts,
                plan.stats(), Optional.empty(), plan.readProblems(), plan.syncId(), Optional.empty());
    }
}
