package io.rostersync.spi;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Why the engine planned an action or raised a conflict, as a code a host can show in its own words. Each
 * code stands for one sentence of the English explanation and names the parameters that fill it in; a
 * {@link Reason} pairs a code with its values. The English text is what {@link ReasonExplainer#english()}
 * renders (the examples below are its output).
 *
 * <p>Every parameter value is text. Statuses and action kinds are given by their constant's name
 * ({@code INACTIVE}, {@code DEACTIVATE}), numbers in decimal, instants in ISO-8601. A parameter described as
 * a list holds several values; read it with {@link Reason#list(String)} (and build it with
 * {@link Reason#listOf(java.util.Collection)}).
 *
 * <p>Codes are never renamed or removed within a major version; a new planner decision adds a new code.
 *
 * @since 0.2.0
 */
public enum ReasonCode {

    // ---- links and creates -----------------------------------------------------------------------

    /**
     * A link: the source user matched an existing target account. {@code via}: the key or rule that
     * matched (as the matcher names it, for example {@code email}). English: "matched an existing account by
     * email".
     */
    MATCHED_BY("via"),

    /**
     * A create: no target account matched and the policy creates unmatched users. {@code keys}: a list of
     * the matcher's key names, tried after the stored link; {@code status}: the new account's status
     * ({@code ACTIVE} or {@code PENDING}). English: "no account matched by link or email; unmatched users are
     * created active".
     */
    UNMATCHED_CREATED("keys[]", "status"),

    // ---- field changes (an update lists one reason per changed field) ----------------------------

    /**
     * An update of a single-valued profile field. {@code field}: which one ({@code EMAIL}, {@code USERNAME},
     * {@code FIRST_NAME}, {@code LAST_NAME}); {@code from}: the target's value (empty when it has none);
     * {@code to}: the value written. English: "last name 'Jones' -&gt; 'Smith'".
     */
    FIELD_CHANGED("field", "from", "to"),

    /**
     * An update of a set-valued field. {@code field}: {@code ROLES} or {@code GROUPS}; {@code added}: a list
     * of the values added; {@code removed}: a list of the values taken away. English: "roles +Agent -Admin".
     */
    SET_CHANGED("field", "added[]", "removed[]"),

    /**
     * An update that writes a custom attribute. {@code attribute}: its name; {@code from}: the target's value
     * (empty when it has none); {@code to}: the value written. English: "department 'Sales' -&gt; 'Support'".
     */
    ATTRIBUTE_CHANGED("attribute", "from", "to"),

    /**
     * An update that removes a custom attribute the source no longer has. {@code attribute}: its name;
     * {@code from}: the value removed. English: "department 'Sales' removed".
     */
    ATTRIBUTE_REMOVED("attribute", "from"),

    // ---- status ----------------------------------------------------------------------------------

    /**
     * A deactivation: the source says the account is switched off. {@code status}: the source status (for
     * example {@code INACTIVE}). English: "the account is inactive in the source".
     */
    STATUS_IN_SOURCE("status"),

    /**
     * A reactivation: the source says the account is on again. {@code status}: the source status. English:
     * "the account is active in the source again".
     */
    STATUS_IN_SOURCE_AGAIN("status"),

    /**
     * A reactivation of an account this sync had deactivated. {@code status}: the source status. English:
     * "the account is active in the source again and this sync had deactivated it".
     */
    STATUS_IN_SOURCE_AGAIN_AFTER_SYNC_DEACTIVATION("status"),

    // ---- deprovisioning --------------------------------------------------------------------------

    /**
     * A deprovision: the source user no longer falls within the policy's scope. {@code scope}: the scope's
     * description. English: "no longer in scope (department = Sales)".
     */
    NO_LONGER_IN_SCOPE("scope"),

    /**
     * A deprovision: a full read no longer lists the linked source account. English: "the account is no
     * longer in the source".
     */
    GONE_FROM_SOURCE,

    /**
     * A deprovision: an incremental read reported the linked source account removed. English: "the account
     * was removed from the source".
     */
    REMOVED_FROM_SOURCE,

    /**
     * A deprovision under an authoritative policy: an unlinked target account that no source user accounts
     * for. English: "the account is not in the authoritative source snapshot".
     */
    NOT_IN_AUTHORITATIVE_SOURCE,

    /**
     * Follows the cause of a deletion: the policy deletes rather than deactivates. English: "the policy
     * deletes such accounts".
     */
    POLICY_DELETES,

    // ---- licenses --------------------------------------------------------------------------------

    /**
     * A seat assignment. {@code rule}: the license rule's description. English: "the user is active and
     * eligible (active agents)".
     */
    ELIGIBLE_FOR_LICENSE("rule"),

    /**
     * A seat release: the account's final status holds no seat. {@code status}: that status (for example
     * {@code INACTIVE}). English: "the account is inactive and uses no seat".
     */
    STATUS_USES_NO_SEAT("status"),

    /**
     * A seat release: the rule no longer selects the user. {@code rule}: the license rule's description.
     * English: "the user is no longer eligible (active agents)".
     */
    NO_LONGER_ELIGIBLE("rule"),

    /**
     * A seat release because the account is deactivated or deleted. English: "the account is being
     * deprovisioned".
     */
    BEING_DEPROVISIONED,

    /**
     * A conflict: no seat is free. {@code license}: the license id; {@code entitled}, {@code consumed}: the
     * pool's counts when planned; {@code released}: seats this plan gives back. English: "no free seat of
     * license 'support' (10 entitled, 10 consumed, 0 released by this plan)".
     */
    SEAT_SHORTFALL("license", "entitled", "consumed", "released"),

    /**
     * A conflict: the license has expired. {@code license}: the license id; {@code expiredAt}: when.
     * English: "license 'support' expired at 2026-01-01T00:00:00Z; no seat is assigned".
     */
    LICENSE_EXPIRED("license", "expiredAt"),

    /**
     * A conflict kept from an earlier run: the user still waits for a seat. {@code since}: when they started
     * waiting; {@code reason}: the English explanation stored then. English: "waiting for a seat since
     * 2026-01-01T00:00:00Z: no free seat of license 'support' (...)".
     */
    WAITING_FOR_SEAT("since", "reason"),

    // ---- permissions -----------------------------------------------------------------------------

    /**
     * A grant. {@code rule}: the permission mapper's description of the rule that gives it. English: the
     * rule itself, for example "role Supervisor maps to Supervisor Set".
     */
    PERMISSION_RULE("rule"),

    /**
     * Follows {@link #PERMISSION_RULE} when the account holds no managed permission yet. English: "the user
     * has no managed permission yet".
     */
    NO_MANAGED_PERMISSION_YET,

    /**
     * A revocation under an enforced mapping that no longer gives the permission. {@code permissions}: a list
     * of the permissions the mapping gives; {@code rule}: the mapper's description of its rule. English:
     * "enforced mapping gives [Agent Set] (role Agent maps to Agent Set)".
     */
    ENFORCED_MAPPING("permissions[]", "rule"),

    /**
     * A revocation: the user holds no license, and permissions follow licenses. English: "the user holds no
     * license any more".
     */
    HOLDS_NO_LICENSE,

    /**
     * A revocation: the account is deprovisioned, so it loses its license and the permissions that need it.
     * English: "the account is deprovisioned and loses its license".
     */
    DEPROVISIONED_LOSES_LICENSE,

    // ---- conflicts about identity ----------------------------------------------------------------

    /**
     * A conflict: the matcher found several target accounts. {@code count}: how many; {@code via}: the key
     * or rule; {@code candidates}: a list of their ids. English: "matched 2 target accounts by email: [t1,
     * t2]".
     */
    AMBIGUOUS_MATCH("count", "via", "candidates[]"),

    /**
     * A conflict: the only candidate is linked to another source account. {@code candidate}: its label;
     * {@code candidateId}: its id; {@code via}: the key or rule; {@code linkedSourceId}: the source account it
     * is linked to. English: "matched kate@example.com (t1) by email, but it is already linked to source
     * account s9".
     */
    CANDIDATE_LINKED_ELSEWHERE("candidate", "candidateId", "via", "linkedSourceId"),

    /**
     * A conflict: two unlinked source users matched the same target account. {@code candidate}: its label;
     * {@code candidateId}: its id. English: "both matched target account kate@example.com (t1)".
     */
    CANDIDATE_CLAIMED_TWICE("candidate", "candidateId"),

    /**
     * A conflict: two or more source users share a key value. {@code count}: how many; {@code key}: the
     * key's name; {@code value}: the shared value. English: "2 source accounts share email
     * 'kate@example.com'".
     */
    DUPLICATE_SOURCE_KEY("count", "key", "value"),

    /**
     * A conflict: the stored link points at a target account that no longer exists. {@code targetId}: that
     * account's id. English: "linked to target account t1, which no longer exists".
     */
    DANGLING_LINK("targetId"),

    /**
     * A conflict: a source user's key value looks like, but is not, a target account's. {@code key}: the
     * key's name; {@code value}: the source user's value; {@code targetLabels}, {@code targetIds},
     * {@code targetValues}: lists, one entry per look-alike target account, of its label, id and value.
     * English: "email 'kate@example.com' (with U+212A KELVIN SIGN) looks like but is not the same as a target
     * account's: kate@example.com (t1) has 'kate@example.com'. Nothing is linked, updated or created for this
     * user until someone decides".
     */
    LOOKALIKE_OF_TARGET("key", "value", "targetLabels[]", "targetIds[]", "targetValues[]"),

    /**
     * A conflict: new source users' key values look alike but are not the same. {@code count}: how many
     * users; {@code key}: the key's name; {@code values}: a list of their values. English: "2 new source
     * accounts have emails that look alike but are not the same: 'kate@example.com', 'kate@example.com' (with
     * U+212A KELVIN SIGN). None of them is created until someone decides".
     */
    LOOKALIKE_NEW_KEYS("count", "key", "values[]"),

    // ---- conflicts raised by the runner ----------------------------------------------------------

    /**
     * A conflict: the source read had problems, so this deactivation or deletion waits. English: "the source
     * read had problems, so nobody is deactivated or deleted this run; this one waits for the next complete
     * read".
     */
    DEPROVISION_DEFERRED,

    /**
     * A conflict: the deletion guard holds a deprovision until the host releases it. {@code action}:
     * {@code DEACTIVATE} or {@code DELETE}; {@code since}: when it was first held; {@code reason}: the
     * English explanation of the action; {@code targetId}: the account to release. English: "deactivate held
     * by the deletion guard since 2026-01-01T00:00:00Z (the account is no longer in the source); release it
     * with RunOptions.withHeldReleased(Set.of(NativeId.of("t1")))".
     */
    DEPROVISION_HELD("action", "since", "reason", "targetId");

    private final List<String> parameters;
    private final Set<String> listParameters;

    /** Each name ending in {@code []} is a list parameter (the brackets are not part of its name). */
    ReasonCode(String... declared) {
        List<String> names = new ArrayList<>();
        Set<String> lists = new LinkedHashSet<>();
        for (String d : declared) {
            String name = d.endsWith("[]") ? d.substring(0, d.length() - 2) : d;
            names.add(name);
            if (!name.equals(d)) {
                lists.add(name);
            }
        }
        this.parameters = List.copyOf(names);
        this.listParameters = Collections.unmodifiableSet(lists);
    }

    /**
     * The names of the parameters a {@link Reason} with this code carries, in the order they are shown.
     *
     * @return the names, possibly none; immutable
     */
    public List<String> parameters() {
        return parameters;
    }

    /**
     * The parameters that hold a list of values, read with {@link Reason#list(String)}.
     *
     * @return a subset of {@link #parameters()}, possibly empty; immutable
     */
    public Set<String> listParameters() {
        return listParameters;
    }
}
