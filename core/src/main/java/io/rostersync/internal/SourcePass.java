package io.rostersync.internal;

import io.rostersync.internal.index.TargetIndex;
import io.rostersync.model.Cursor;
import io.rostersync.model.NativeId;
import io.rostersync.model.UserRecord;
import io.rostersync.policy.SyncPolicy;
import io.rostersync.policy.UnmatchedAction;
import io.rostersync.spi.IdentityMatcher;
import io.rostersync.spi.Link;
import io.rostersync.spi.Links;
import io.rostersync.spi.MatchContext;
import io.rostersync.spi.MatchKey;
import io.rostersync.spi.MatchResult;
import io.rostersync.spi.ReadProblem;
import io.rostersync.spi.UserPage;
import io.rostersync.spi.UserPages;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The source read: each user is classified into its {@link Situation} as the source streams against the
 * {@link TargetIndex}, before anything is decided. Records beyond the policy's bounds become read problems and
 * repeated records are dropped (the first copy stands) before classifying. Single use.
 */
final class SourcePass {

    private final SyncPolicy policy;
    private final IdentityMatcher matcher;
    private final List<MatchKey> keys;
    private final Links links;
    private final TargetIndex index;
    private final PairDecisions pairs;

    /** The classified users in read order, but for linked pairs already in sync (see {@link #situations()}). */
    private final List<Situation> situations = new ArrayList<>();
    /** Target id -> position in {@link #situations} of the first source user that matched it. */
    private final Map<NativeId, Integer> claims = new HashMap<>();
    /** Each later claimer of an account, with the first claimer's position in {@link #situations}. */
    final List<Map.Entry<Integer, Integer>> laterClaims = new ArrayList<>();
    /**
     * Positions in {@link #situations} of users without a link, classified in {@link #finish} once the read is
     * over: matching them asks the key index, which is complete only then (see {@link TargetIndex}).
     */
    private final List<Integer> unlinked = new ArrayList<>();
    final List<NativeId> removedSources = new ArrayList<>();
    final List<ReadProblem> problems = new ArrayList<>();
    Optional<Cursor> lastCursor = Optional.empty();
    int sourceCount;
    int inScope;
    int ignored;

    private final MatchContext context = new MatchContext() {
        @Override
        public Optional<UserRecord> linkedTarget(NativeId sourceId) {
            return index.linkedTargetOf(sourceId).map(TargetIndex.LinkedTarget::target);
        }

        @Override
        public List<UserRecord> lookup(MatchKey key, String normalizedValue) {
            return index.candidates(key, normalizedValue);
        }
    };

    SourcePass(SyncPolicy policy, List<MatchKey> keys, Links links, TargetIndex index, PairDecisions pairs) {
        this.policy = policy;
        this.matcher = policy.matcher();
        this.keys = keys;
        this.links = links;
        this.index = index;
        this.pairs = pairs;
    }

    /** A full snapshot, streamed page by page against the index. */
    void stream(UserPages source) {
        try (UserPages pages = source) {
            for (Optional<UserPage> page = pages.next(); page.isPresent(); page = pages.next()) {
                classify(page.get().users());
                removedSources.addAll(page.get().removed());
                notePage(page.get());
            }
        }
    }

    /**
     * Reads a change set whole before the target: it may mention one account several times and the latest
     * mention is the truth (change sets are small), and an empty one needs no target at all. Leaves the
     * removed accounts in {@link #removedSources} and returns the changed ones in read order.
     */
    List<UserRecord> readChangeSet(UserPages source) {
        Map<NativeId, UserRecord> latest = new LinkedHashMap<>();
        Set<NativeId> removedLatest = new LinkedHashSet<>();
        try (UserPages pages = source) {
            for (Optional<UserPage> page = pages.next(); page.isPresent(); page = pages.next()) {
                for (UserRecord s : page.get().users()) {
                    latest.remove(s.id());
                    latest.put(s.id(), s);
                    removedLatest.remove(s.id());
                }
                for (NativeId gone : page.get().removed()) {
                    latest.remove(gone);
                    removedLatest.add(gone);
                }
                notePage(page.get());
            }
        }
        removedSources.addAll(removedLatest);
        return new ArrayList<>(latest.values());
    }

    private void notePage(UserPage page) {
        problems.addAll(page.problems());
        if (page.cursorAfter().isPresent()) {
            lastCursor = page.cursorAfter();
        }
    }

    /** Classifies a page of source users in read order. */
    void classify(List<UserRecord> users) {
        TargetIndex.SourcePage page = index.lookUp(users);
        for (int i = 0; i < users.size(); i++) {
            UserRecord s = users.get(i);
            sourceCount++;
            if (beyondLimits(s) || !page.markSeen(i)) {
                continue; // a read problem, or the same account twice in one read (the first copy stands)
            }
            Link link = page.link(i);
            UserRecord linked = page.linkedTarget(i);
            if (!policy.scope().includes(s)) {
                if (linked != null) {
                    page.markLinkedReferenced(i);
                    situations.add(new Situation.OutOfScope(s, Optional.of(new Situation.Pair(s, linked, link))));
                }
                continue;
            }
            inScope++;
            page.registerKeys(i);
            if (link != null) {
                if (linked == null) {
                    situations.add(new Situation.DanglingLink(s, link));
                    continue;
                }
                page.markLinkedReferenced(i);
                if (!pairs.inSync(s, linked, link)) {
                    situations.add(new Situation.Linked(new Situation.Pair(s, linked, link)));
                }
                continue;
            }
            unlinked.add(situations.size());
            situations.add(new Situation.Unmatched(s)); // for now: classified in finish()
        }
    }

    /**
     * The classified users in read order, but for linked pairs already in sync (see {@link Situation}); a
     * list to settle in place.
     *
     * @throws IllegalStateException when users read have not been {@link #finish}ed
     */
    List<Situation> situations() {
        if (!unlinked.isEmpty()) {
            throw new IllegalStateException(unlinked.size() + " users without a link are not classified yet: finish() the pass first");
        }
        return situations;
    }

    /**
     * Classifies the users without a link, in read order, after the read: as if each had been classified when
     * read, since nothing their classification asks changes with the users read after them. Call once the
     * last page is classified, before reading {@link #situations()}, {@link #laterClaims} or {@link #ignored}.
     */
    void finish() {
        for (int position : unlinked) {
            situations.set(position, classifyUnlinked(situations.get(position).source(), position));
        }
        unlinked.clear();
    }

    /** The situation of a user without a link, at {@code position} in {@link #situations}. */
    private Situation classifyUnlinked(UserRecord s, int position) {
        MatchResult result = matcher.match(s, context);
        boolean wouldAct = result instanceof MatchResult.Matched || (result instanceof MatchResult.Unmatched && wouldCreate(s));
        if (wouldAct) {
            Situation lookalike = lookalikeOfTarget(s);
            if (lookalike != null) {
                return lookalike;
            }
        }
        if (result instanceof MatchResult.Ambiguous a) {
            a.candidates().forEach(index::markReferenced);
            return new Situation.Ambiguous(s, a.candidates(), a.via());
        }
        if (result instanceof MatchResult.Matched m) {
            UserRecord t = m.target();
            index.markReferenced(t.id());
            Optional<Link> other = links.byTarget(t.id());
            if (other.isPresent() && !other.get().sourceId().equals(s.id())) {
                return new Situation.LinkedElsewhere(s, t, m.via(), other.get().sourceId());
            }
            Situation.Pair pair = new Situation.Pair(s, t, null);
            Integer first = claims.putIfAbsent(t.id(), position);
            if (first != null) {
                if (situations.get(first) instanceof Situation.Matched claim) {
                    situations.set(first, new Situation.ClaimedTwice(claim.pair(), claim.via(), true));
                }
                laterClaims.add(Map.entry(position, first));
                return new Situation.ClaimedTwice(pair, m.via(), false);
            }
            return new Situation.Matched(pair, m.via());
        }
        if (!wouldCreate(s)) {
            ignored++;
        }
        return new Situation.Unmatched(s);
    }

    /** An unmatched user is created unless disabled or the policy ignores unmatched users. */
    boolean wouldCreate(UserRecord s) {
        return !s.status().isDisabled() && policy.onUnmatched() != UnmatchedAction.IGNORE;
    }

    /**
     * Whether the record is beyond the policy's bounds, which makes it a read problem. Checked before
     * anything else looks at the record: only sizes are read, so a 2-million-character name costs nothing.
     */
    private boolean beyondLimits(UserRecord s) {
        Optional<String> violation = policy.recordLimits().violation(s);
        if (violation.isEmpty()) {
            return false;
        }
        problems.add(new ReadProblem("user " + s.id(), "the record is beyond the policy's bounds (SyncPolicy.recordLimits): "
                + violation.get() + "; nothing is planned for this user"));
        return true;
    }

    /**
     * A source user holding a key value that no target holds but that looks like a target's value (a
     * near-twin) is a conflict for review, whatever the matcher found by its other keys.
     */
    private Situation.@Nullable LookalikeKey lookalikeOfTarget(UserRecord s) {
        for (int k = 0; k < keys.size(); k++) {
            Optional<String> value = keys.get(k).sourceValue(s);
            if (value.isEmpty()) {
                continue;
            }
            List<TargetIndex.Twin> twins = index.lookalikeTwins(k, value.get());
            if (!twins.isEmpty()) {
                twins.forEach(twin -> index.markReferenced(twin.target().id()));
                return new Situation.LookalikeKey(s, keys.get(k), value.get(), twins);
            }
        }
        return null;
    }
}
