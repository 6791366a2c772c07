package io.rostersync.internal.index;

import io.rostersync.model.NativeId;
import io.rostersync.model.UserRecord;
import io.rostersync.model.internal.IdentityText;
import io.rostersync.spi.Link;
import io.rostersync.spi.Links;
import io.rostersync.spi.MatchKey;
import io.rostersync.spi.internal.LinkIndex;
import io.rostersync.spi.internal.LinksAccess;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The target accounts of one plan, indexed by id, by stored link and by each match key's value, with what
 * the source pass learnt about them: which linked source users were read, which accounts some source user
 * referred to, and which key values source users hold. Single use, not thread-safe.
 *
 * <p>Memory is flat arrays (see {@link TargetTable} and {@link KeyTable}); whatever the run must remember
 * about a source user is marked on the target or key entry it found, so the per-source state kept is only for
 * the few source users no target entry stands for (new people, dangling links). Entry numbers and bit
 * positions stay in this package.
 */
public final class TargetIndex {

    private final List<MatchKey> keys;
    private final Map<String, Integer> keyPositions = new HashMap<>();
    private final LinkIndex linkIndex;
    private final TargetTable targets;
    /** Per key (in {@link #keys} order): who holds each normalised value. */
    private final KeyTables keyTables;
    /** Source ids read that no target entry carries the mark for: unlinked users, links to a missing target. */
    private final Set<NativeId> seenWithoutTarget = new HashSet<>();
    private final TargetRead read;
    /** Scratch of {@link SourcePage}, kept from page to page. */
    private NativeId[] pageIds = new NativeId[0];

    /** A stored link and the target account it points at. */
    public record LinkedTarget(Link link, UserRecord target) {
    }

    /** A target account whose value of a key looks like, but is not, a source user's. */
    public record Twin(UserRecord target, String value) {
    }

    /** A key value that more than one source user may hold, with every source user holding it. */
    public record HeldValue(String value, List<NativeId> holders) {
    }

    public TargetIndex(Links links, List<MatchKey> keys) {
        this.keys = List.copyOf(keys);
        for (MatchKey key : keys) {
            keyPositions.put(key.name(), keyPositions.size());
        }
        this.linkIndex = LinksAccess.index(links);
        this.targets = new TargetTable(links);
        // In a steady state nearly every target is linked: sizing the key indexes from the links (with room
        // for the unlinked and for source values) saves growing them while a million values go in.
        this.keyTables = new KeyTables(this.keys, targets, links.size() + links.size() / 4);
        this.read = new TargetRead(linkIndex, targets);
    }

    // ---- the target read ------------------------------------------------------------------------

    /** Adds a page of target accounts; an account already here (a page repeated by the directory) is skipped. */
    public void addTargets(List<UserRecord> users) {
        read.add(users);
    }

    public int size() {
        return targets.size();
    }

    /** How many accounts read have a stored link. */
    public int linkedCount() {
        return targets.linked();
    }

    // ---- the source pass ------------------------------------------------------------------------

    /** A page of source users as the index sees them: each one's stored link and linked account. */
    public SourcePage lookUp(List<UserRecord> users) {
        return new SourcePage(users);
    }

    /** Source users of one page; {@code i} is a user's position in the page's list. */
    public final class SourcePage {
        private final List<UserRecord> users;
        private final int[] positions;

        private SourcePage(List<UserRecord> users) {
            this.users = users;
            int n = users.size();
            positions = new int[n];
            if (pageIds.length < n) {
                pageIds = new NativeId[n];
            }
            for (int i = 0; i < n; i++) {
                pageIds[i] = users.get(i).id();
            }
            // All at once, step by step: one lookup at a time waits for each of its cache misses in turn.
            linkIndex.positionsOfSources(pageIds, n, positions);
            int[] entries = new int[n];
            for (int i = 0; i < n; i++) {
                entries[i] = entry(i);
            }
            keyTables.readValues(entries, n); // the linked accounts' values, compared in registerKeys
        }

        /** The user's stored link, or null. */
        public @Nullable Link link(int i) {
            return positions[i] < 0 ? null : linkIndex.at(positions[i]);
        }

        /** The account the user is linked to, or null when unlinked or when that account was not read. */
        public @Nullable UserRecord linkedTarget(int i) {
            int entry = entry(i);
            return entry < 0 ? null : targets.record(entry);
        }

        /** Marks the user as read; false when it was already read in this run. */
        public boolean markSeen(int i) {
            return TargetIndex.this.markSeen(users.get(i).id(), entry(i));
        }

        /** Marks the user's linked account as referred to by an in-scope source user. */
        public void markLinkedReferenced(int i) {
            int entry = entry(i);
            if (entry >= 0) {
                targets.markReferenced(entry);
            }
        }

        /**
         * Records which key values the user holds, to find values two source users share. A linked user
         * holding its target's own value (nearly everyone, run after run) only sets a bit on that entry. The
         * linked target's own values are read here, where they must be read anyway to compare (so are the rest
         * of its profile, right after): read in the target read, they cost a second round of cache misses.
         */
        public void registerKeys(int i) {
            UserRecord s = users.get(i);
            int linkedEntry = entry(i);
            for (int k = 0; k < keys.size(); k++) {
                String own = linkedEntry < 0 ? null : keyTables.ownValue(k, linkedEntry);
                String value = KeyValues.sourceValue(keys.get(k), s);
                if (value == null) {
                    continue;
                }
                if (linkedEntry >= 0 && k < Byte.SIZE && value.equals(own)) {
                    targets.markOwnValueHeld(linkedEntry, k);
                    continue;
                }
                keyTables.hold(k, value, s.id());
            }
        }

        private int entry(int i) {
            return positions[i] < 0 ? -1 : targets.entryOfLink(positions[i]);
        }
    }

    /**
     * Marks a source id as read; false when it was already. A linked user's mark lives on its target's
     * entry (links are one-to-one, so the entry stands for exactly this source id).
     */
    public boolean markSeen(NativeId sourceId) {
        return markSeen(sourceId, targets.findLinked(sourceId));
    }

    private boolean markSeen(NativeId sourceId, int linkedEntry) {
        if (linkedEntry < 0) {
            return seenWithoutTarget.add(sourceId);
        }
        if (targets.linkedSourceSeen(linkedEntry)) {
            return false;
        }
        targets.markLinkedSourceSeen(linkedEntry);
        return true;
    }

    /** The account linked to this source user with its link, when it was read. */
    public Optional<LinkedTarget> linkedTargetOf(NativeId sourceId) {
        int entry = targets.findLinked(sourceId);
        return entry < 0 ? Optional.empty() : Optional.of(new LinkedTarget(linkOf(entry), targets.record(entry)));
    }

    /** Marks an account as referred to by an in-scope source user (linked to, matched, nearly matched). */
    public void markReferenced(NativeId targetId) {
        int entry = targets.find(targetId);
        if (entry >= 0) {
            targets.markReferenced(entry);
        }
    }

    /**
     * The accounts holding a normalised value of a key, ordered by id.
     *
     * @throws IllegalStateException when the key is not one of the matcher's declared keys
     */
    public List<UserRecord> candidates(MatchKey key, String normalizedValue) {
        // By name: a matcher may hold its own instance of a key that another matcher also declared.
        Integer k = keyPositions.get(key.name());
        if (k == null) {
            throw new IllegalStateException("matcher looked up key '" + key.name() + "' it did not declare in keys()");
        }
        int[] found = keyTables.asked().get(k).targetsHolding(normalizedValue);
        if (found.length == 1) {
            return List.of(targets.record(found[0]));
        }
        List<UserRecord> records = new ArrayList<>(found.length);
        for (int entry : found) {
            records.add(targets.record(entry));
        }
        records.sort(Comparator.comparing(UserRecord::id));
        return records;
    }

    /**
     * The accounts whose value of the {@code k}th key looks like {@code value} without being it (see
     * {@link IdentityText#lookalike}), in read order; none when some account holds exactly {@code value}.
     */
    public List<Twin> lookalikeTwins(int k, String value) {
        KeyTable table = keyTables.asked().get(k);
        List<Integer> entries = table.lookalikesOf(value);
        if (entries.isEmpty()) {
            return List.of();
        }
        List<Twin> twins = new ArrayList<>(entries.size());
        for (int entry : entries) {
            twins.add(new Twin(targets.record(entry), Objects.requireNonNull(table.valueOf(entry), "a look-alike target holds a value")));
        }
        return twins;
    }

    // ---- after the source pass ------------------------------------------------------------------

    /**
     * The values of the {@code k}th key held by two or more source users, in value order, each with its
     * holders: those registered in read order, then linked users holding their own account's value. A value
     * held only through accounts' own values is held by linked users alone and never listed.
     */
    public List<HeldValue> sharedValues(int k) {
        List<KeyTable.Holders> candidates = new ArrayList<>(keyTables.otherHeld(k));
        candidates.sort(Comparator.comparing((KeyTable.Holders h) -> h.value));
        List<HeldValue> shared = new ArrayList<>();
        for (KeyTable.Holders held : candidates) {
            List<NativeId> ids = new ArrayList<>(held.sourceList());
            for (int i = 0; i < held.targetCount(); i++) {
                int entry = held.target(i);
                Link link = targets.link(entry);
                if (link != null && k < Byte.SIZE && targets.ownValueHeld(entry, k)) {
                    ids.add(link.sourceId());
                }
            }
            if (ids.size() >= 2) {
                shared.add(new HeldValue(held.value, ids));
            }
        }
        return shared;
    }

    /** Linked accounts whose source user was not read, in read order. */
    public List<LinkedTarget> unseenLinkedTargets() {
        List<LinkedTarget> unseen = new ArrayList<>();
        for (int entry = 0; entry < targets.size(); entry++) {
            if (targets.linkedSourceSeen(entry)) {
                continue; // nearly every linked account: its mark alone says so, without reading its link
            }
            Link link = targets.link(entry);
            if (link != null) {
                unseen.add(new LinkedTarget(link, targets.record(entry)));
            }
        }
        return unseen;
    }

    /** Accounts never linked that no in-scope source user referred to, in read order. */
    public List<UserRecord> unreferencedUnlinkedTargets() {
        List<UserRecord> found = new ArrayList<>();
        for (int entry = 0; entry < targets.size(); entry++) {
            if (!targets.referenced(entry) && targets.link(entry) == null) {
                found.add(targets.record(entry));
            }
        }
        return found;
    }

    private Link linkOf(int entry) {
        Link link = targets.link(entry);
        if (link == null) {
            throw new IllegalStateException("entry " + entry + " has no link");
        }
        return link;
    }
}
