package io.rostersync.spi;

import io.rostersync.model.internal.IdentityText;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The English text of every {@link ReasonCode}: the sentences the planner wrote before there were codes. */
final class EnglishReasons implements ReasonExplainer {

    static final EnglishReasons INSTANCE = new EnglishReasons();

    private EnglishReasons() {
    }

    @Override
    public String reason(Reason r) {
        return switch (r.code()) {
            case MATCHED_BY -> "matched an existing account by " + r.parameter("via");
            case UNMATCHED_CREATED -> "no account matched by " + matcher(r.list("keys")) + "; unmatched users are created "
                    + ("PENDING".equals(r.parameter("status")) ? "pending until an administrator activates them" : lower(r.parameter("status")));
            case FIELD_CHANGED -> lower(r.parameter("field")) + " " + quote(r.parameter("from")) + " -> " + quote(r.parameter("to"));
            case SET_CHANGED -> lower(r.parameter("field")) + " " + setChanges(r.list("added"), r.list("removed"));
            case ATTRIBUTE_CHANGED -> r.parameter("attribute") + " " + quote(r.parameter("from")) + " -> " + quote(r.parameter("to"));
            case ATTRIBUTE_REMOVED -> r.parameter("attribute") + " " + quote(r.parameter("from")) + " removed";
            case STATUS_IN_SOURCE -> "the account is " + lower(r.parameter("status")) + " in the source";
            case STATUS_IN_SOURCE_AGAIN -> "the account is " + lower(r.parameter("status")) + " in the source again";
            case STATUS_IN_SOURCE_AGAIN_AFTER_SYNC_DEACTIVATION -> "the account is " + lower(r.parameter("status"))
                    + " in the source again and this sync had deactivated it";
            case NO_LONGER_IN_SCOPE -> "no longer in scope (" + r.parameter("scope") + ")";
            case GONE_FROM_SOURCE -> "the account is no longer in the source";
            case REMOVED_FROM_SOURCE -> "the account was removed from the source";
            case NOT_IN_AUTHORITATIVE_SOURCE -> "the account is not in the authoritative source snapshot";
            case POLICY_DELETES -> "the policy deletes such accounts";
            case ELIGIBLE_FOR_LICENSE -> "the user is active and eligible (" + r.parameter("rule") + ")";
            case STATUS_USES_NO_SEAT -> "the account is " + lower(r.parameter("status")) + " and uses no seat";
            case NO_LONGER_ELIGIBLE -> "the user is no longer eligible (" + r.parameter("rule") + ")";
            case BEING_DEPROVISIONED -> "the account is being deprovisioned";
            case SEAT_SHORTFALL -> "no free seat of license '" + r.parameter("license") + "' (" + r.parameter("entitled")
                    + " entitled, " + r.parameter("consumed") + " consumed, " + r.parameter("released") + " released by this plan)";
            case LICENSE_EXPIRED -> "license '" + r.parameter("license") + "' expired at " + r.parameter("expiredAt")
                    + "; no seat is assigned";
            case WAITING_FOR_SEAT -> "waiting for a seat since " + r.parameter("since") + ": " + r.parameter("reason");
            case PERMISSION_RULE -> r.parameter("rule");
            case NO_MANAGED_PERMISSION_YET -> "the user has no managed permission yet";
            case ENFORCED_MAPPING -> "enforced mapping gives " + r.list("permissions") + " (" + r.parameter("rule") + ")";
            case HOLDS_NO_LICENSE -> "the user holds no license any more";
            case DEPROVISIONED_LOSES_LICENSE -> "the account is deprovisioned and loses its license";
            case AMBIGUOUS_MATCH -> "matched " + r.parameter("count") + " target accounts by " + r.parameter("via") + ": "
                    + r.list("candidates");
            case CANDIDATE_LINKED_ELSEWHERE -> "matched " + r.parameter("candidate") + " (" + r.parameter("candidateId") + ") by "
                    + r.parameter("via") + ", but it is already linked to source account " + r.parameter("linkedSourceId");
            case CANDIDATE_CLAIMED_TWICE -> "both matched target account " + r.parameter("candidate") + " ("
                    + r.parameter("candidateId") + ")";
            case DUPLICATE_SOURCE_KEY -> r.parameter("count") + " source accounts share " + r.parameter("key") + " '"
                    + r.parameter("value") + "'";
            case DANGLING_LINK -> "linked to target account " + r.parameter("targetId") + ", which no longer exists";
            case LOOKALIKE_OF_TARGET -> r.parameter("key") + " " + describeKey(r.parameter("value"))
                    + " looks like but is not the same as a target account's: " + lookalikeTargets(r)
                    + ". Nothing is linked, updated or created for this user until someone decides";
            case LOOKALIKE_NEW_KEYS -> r.parameter("count") + " new source accounts have " + r.parameter("key")
                    + "s that look alike but are not the same: " + describeKeys(r.list("values"))
                    + ". None of them is created until someone decides";
            case DEPROVISION_DEFERRED -> "the source read had problems, so nobody is deactivated or deleted this run;"
                    + " this one waits for the next complete read";
            case DEPROVISION_HELD -> lower(r.parameter("action")) + " held by the deletion guard since " + r.parameter("since")
                    + " (" + r.parameter("reason") + "); release it with RunOptions.withHeldReleased(Set.of(NativeId.of(\""
                    + r.parameter("targetId") + "\")))";
        };
    }

    private static String matcher(List<String> keys) {
        List<String> names = new ArrayList<>(keys.size() + 1);
        names.add("link");
        names.addAll(keys);
        return String.join(" or ", names);
    }

    private static String setChanges(List<String> added, List<String> removed) {
        List<String> changes = new ArrayList<>(added.size() + removed.size());
        added.forEach(a -> changes.add("+" + a));
        removed.forEach(h -> changes.add("-" + h));
        return String.join(" ", changes);
    }

    private static String lookalikeTargets(Reason r) {
        List<String> labels = r.list("targetLabels");
        List<String> ids = r.list("targetIds");
        List<String> values = r.list("targetValues");
        List<String> whose = new ArrayList<>(labels.size());
        for (int i = 0; i < labels.size(); i++) {
            whose.add(labels.get(i) + " (" + (i < ids.size() ? ids.get(i) : "?") + ") has "
                    + (i < values.size() ? describeKey(values.get(i)) : "no value"));
        }
        return String.join("; ", whose);
    }

    private static String describeKeys(List<String> values) {
        List<String> described = new ArrayList<>(values.size());
        values.forEach(v -> described.add(describeKey(v)));
        return String.join(", ", described);
    }

    /** A key value for a reviewer: quoted, clipped, and with any character from outside ASCII named. */
    private static String describeKey(String value) {
        String shown = value.length() <= 80 ? value : value.substring(0, 77) + "...";
        return IdentityText.isAscii(value) ? quote(shown) : quote(shown) + " (with " + IdentityText.describeNonAscii(value, 4) + ")";
    }

    private static String lower(String constant) {
        return constant.toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    private static String quote(String s) {
        return "'" + s + "'";
    }
}
