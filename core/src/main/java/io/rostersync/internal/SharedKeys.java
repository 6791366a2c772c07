package io.rostersync.internal;

import io.rostersync.spi.ReasonCode;
import io.rostersync.spi.Reason;
import io.rostersync.internal.index.TargetIndex;
import io.rostersync.model.NativeId;
import io.rostersync.model.UserRecord;
import io.rostersync.model.internal.IdentityText;
import io.rostersync.spi.Conflict;
import io.rostersync.spi.ConflictKind;
import io.rostersync.spi.Links;
import io.rostersync.spi.MatchKey;
import io.rostersync.spi.UserRef;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The situations that depend on more than one source user, settled once the whole source is read and
 * before anything is decided: a key value two source users share (and not every holder is linked), new
 * users whose keys differ but look alike, and an account two source users match. Each such group is one
 * conflict naming everyone in it; the users' situations are rewritten so that deciding them adds nothing.
 */
final class SharedKeys {

    private final List<MatchKey> keys;
    private final Links links;
    private final TargetIndex index;

    SharedKeys(List<MatchKey> keys, Links links, TargetIndex index) {
        this.keys = keys;
        this.links = links;
        this.index = index;
    }

    /**
     * Settles {@code pass.situations()} in place; the group conflicts go to {@code conflicts}.
     *
     * @return every source user in a conflict, including linked users in sync that no situation was kept for
     */
    Set<NativeId> settle(SourcePass pass, List<Conflict> conflicts) {
        List<Situation> situations = pass.situations();
        Set<NativeId> duplicated = duplicateKeys(conflicts);
        lookalikeNewUsers(pass, conflicts);
        for (Map.Entry<Integer, Integer> claim : pass.laterClaims) {
            Situation.ClaimedTwice later = (Situation.ClaimedTwice) situations.get(claim.getKey());
            UserRecord first = situations.get(claim.getValue()).source();
            UserRecord s = later.source();
            if (duplicated.contains(first.id()) && duplicated.contains(s.id())) {
                continue; // two duplicates claiming one account is one problem, reported as the duplicate
            }
            UserRecord t = later.pair().target();
            conflicts.add(new Conflict(ConflictKind.CANDIDATE_CLAIMED_TWICE,
                    List.of(UserRef.source(first.id(), first.label()), UserRef.source(s.id(), s.label())),
                    Reason.of(ReasonCode.CANDIDATE_CLAIMED_TWICE, "candidate", t.label(), "candidateId", t.id().value())));
        }
        Set<NativeId> conflicted = new HashSet<>(duplicated);
        for (int i = 0; i < situations.size(); i++) {
            Situation u = situations.get(i);
            if (duplicated.contains(u.source().id()) && shadowedByDuplicate(u)) {
                u = new Situation.DuplicateSourceKey(u);
                situations.set(i, u);
            }
            if (u.conflicted()) {
                conflicted.add(u.source().id());
            }
        }
        return conflicted;
    }

    /**
     * A duplicate's own conflict stands where it says something the duplicate does not (a dangling link, an
     * ambiguous match, a near-twin of a target's key); elsewhere the duplicate is the one problem to report.
     */
    private static boolean shadowedByDuplicate(Situation u) {
        return switch (u.kind()) {
            case LINKED, MATCHED, UNMATCHED, LINKED_ELSEWHERE, CLAIMED_TWICE -> true;
            case LOOKALIKE_KEY -> ((Situation.LookalikeKey) u).twins().isEmpty();
            case OUT_OF_SCOPE, DANGLING_LINK, AMBIGUOUS, DUPLICATE_SOURCE_KEY -> false;
        };
    }

    /** Values of each key held by two or more source users, at least one of them unlinked. */
    private Set<NativeId> duplicateKeys(List<Conflict> conflicts) {
        Set<NativeId> duplicated = new HashSet<>();
        for (int k = 0; k < keys.size(); k++) {
            for (TargetIndex.HeldValue held : index.sharedValues(k)) {
                List<NativeId> ids = held.holders();
                // Only in-scope users hold key values, so a stored link is what tells them apart.
                if (ids.stream().allMatch(id -> links.bySource(id).isPresent())) {
                    continue;
                }
                List<UserRef> users = new ArrayList<>();
                for (NativeId id : ids) {
                    users.add(UserRef.source(id, held.value()));
                    duplicated.add(id);
                }
                conflicts.add(new Conflict(ConflictKind.DUPLICATE_SOURCE_KEY, users, Reason.of(ReasonCode.DUPLICATE_SOURCE_KEY,
                        "count", String.valueOf(ids.size()), "key", keys.get(k).name(), "value", held.value())));
            }
        }
        return duplicated;
    }

    /**
     * Users to be created whose keys are different but look alike: a conflict for all of them. A group is, in
     * read order, the new users whose value is not its own lookalike form, then those whose value is that form.
     */
    private void lookalikeNewUsers(SourcePass pass, List<Conflict> conflicts) {
        List<Situation> situations = pass.situations();
        List<Integer> creates = new ArrayList<>();
        for (int i = 0; i < situations.size(); i++) {
            if (situations.get(i) instanceof Situation.Unmatched u && pass.wouldCreate(u.source())) {
                creates.add(i);
            }
        }
        Set<Integer> grouped = new HashSet<>();
        for (int k = 0; k < keys.size(); k++) {
            MatchKey key = keys.get(k);
            Map<String, List<Integer>> others = new TreeMap<>();
            Map<String, List<Integer>> exact = new LinkedHashMap<>();
            for (int i : creates) {
                Optional<String> value = key.sourceValue(situations.get(i).source());
                if (value.isEmpty()) {
                    continue;
                }
                String form = IdentityText.lookalike(value.get());
                if (!form.equals(value.get())) {
                    others.computeIfAbsent(form, f -> new ArrayList<>(1)).add(i);
                } else if (!grouped.contains(i)) {
                    // A user already in a group by an earlier key joins another only through a value unlike its form.
                    exact.computeIfAbsent(form, f -> new ArrayList<>(1)).add(i);
                }
            }
            for (Map.Entry<String, List<Integer>> byForm : others.entrySet()) {
                List<Integer> group = new ArrayList<>(byForm.getValue());
                group.addAll(exact.getOrDefault(byForm.getKey(), List.of()));
                Set<String> distinct = new HashSet<>();
                group.forEach(i -> distinct.add(key.sourceValue(situations.get(i).source()).orElseThrow()));
                if (group.size() < 2 || distinct.size() < 2) {
                    continue; // one user, or the same value (a duplicate key, reported as such)
                }
                List<UserRef> users = new ArrayList<>();
                List<String> values = new ArrayList<>();
                for (int i : group) {
                    UserRecord s = situations.get(i).source();
                    String value = key.sourceValue(s).orElseThrow();
                    users.add(UserRef.source(s.id(), s.label()));
                    values.add(value);
                    grouped.add(i);
                    situations.set(i, new Situation.LookalikeKey(s, key, value, List.of()));
                }
                conflicts.add(new Conflict(ConflictKind.LOOKALIKE_KEY, users, Reason.of(ReasonCode.LOOKALIKE_NEW_KEYS,
                        "count", String.valueOf(group.size()), "key", key.name(), "values", Reason.listOf(values))));
            }
        }
    }
}
