package io.rostersync.benchmarks;

import io.rostersync.engine.Reconciler;
import io.rostersync.model.EmailAddress;
import io.rostersync.model.NativeId;
import io.rostersync.model.UserPatch;
import io.rostersync.model.UserProfile;
import io.rostersync.model.UserRecord;
import io.rostersync.model.Username;
import io.rostersync.plan.Plan;
import io.rostersync.plan.PlanAction;
import io.rostersync.plan.PlanExplainer;
import io.rostersync.plan.PlanStats;
import io.rostersync.policy.Deprovision;
import io.rostersync.policy.Field;
import io.rostersync.policy.IdentityMatchers;
import io.rostersync.policy.LicenseRule;
import io.rostersync.policy.Ownership;
import io.rostersync.policy.Reactivation;
import io.rostersync.policy.RuleBasedPermissionMapper;
import io.rostersync.policy.Scope;
import io.rostersync.policy.SyncPolicy;
import io.rostersync.policy.UnmatchedAction;
import io.rostersync.spi.Conflict;
import io.rostersync.spi.PermissionApplication;
import io.rostersync.spi.PlanMode;
import io.rostersync.spi.ReadProblem;
import io.rostersync.spi.Reason;
import io.rostersync.spi.UserRef;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The plan corpus: a few thousand random planning situations ({@link CorpusScenario}) each planned under
 * seven policies, written as one canonical text, so that a change to the planner that should not change
 * behaviour can be checked by comparing the file (or its SHA-256) before and after.
 *
 * <p>Each plan is one block: a header with the scenario, the policy and the plan's mode and counts, then
 * every action in plan order (kind, source and target ids and label, its payload: the patch, the created
 * profile, the permission or the license, then the reason), every conflict (kind, users, detail), every
 * read problem and the next cursor. The text does not depend on the plan codec's format. Reasons and
 * details go through {@link #reasonOf}, {@link #detailOf} and {@link #problemOf} alone, so that a change of
 * how the engine explains itself is adapted in one place.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar io.rostersync.benchmarks.PlanCorpus
 * /tmp/corpus.txt [scenarios=3000] [seed]}; it prints the number of plans, actions and conflicts and the
 * SHA-256 of the file.
 */
public final class PlanCorpus {

    static final int DEFAULT_SCENARIOS = 3_000;
    static final long DEFAULT_SEED = 20_261_203L;

    /** One way to plan a scenario: a policy, and whether the source is read in full or as a change set. */
    record Variant(String name, SyncPolicy policy, PlanMode mode) {
    }

    /** What a corpus held. */
    record Counts(int plans, long actions, long conflicts, long problems) {
    }

    private PlanCorpus() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1 || args.length > 3) {
            System.err.println("usage: PlanCorpus <out-file> [scenarios=" + DEFAULT_SCENARIOS + "] [seed=" + DEFAULT_SEED + "]");
            System.exit(2);
        }
        Path out = Path.of(args[0]);
        int scenarios = args.length > 1 ? Integer.parseInt(args[1].replace("_", "")) : DEFAULT_SCENARIOS;
        long seed = args.length > 2 ? Long.parseLong(args[2]) : DEFAULT_SEED;
        if (scenarios < 0) {
            throw new IllegalArgumentException("the number of scenarios must not be negative, got " + scenarios);
        }
        long start = System.nanoTime();
        MessageDigest sha = sha256();
        Counts counts;
        try (OutputStream file = Files.newOutputStream(out);
             Writer w = new BufferedWriter(new OutputStreamWriter(new DigestOutputStream(file, sha), StandardCharsets.UTF_8), 1 << 16)) {
            counts = write(w, scenarios, seed, variants());
        }
        System.out.printf(Locale.ROOT, "%d scenarios x %d policies, seed %d: %d plans, %d actions, %d conflicts, %d read problems;"
                        + " sha256 %s; %s; %.1f s%n", scenarios, variants().size(), seed, counts.plans(), counts.actions(),
                counts.conflicts(), counts.problems(), HexFormat.of().formatHex(sha.digest()), out, (System.nanoTime() - start) / 1e9);
    }

    /**
     * Plans scenarios {@code 0 .. scenarios-1} of {@code seed} under each variant and writes the blocks.
     *
     * @throws UncheckedIOException if the output fails
     */
    static Counts write(Appendable out, int scenarios, long seed, List<Variant> variants) {
        int plans = 0;
        long actions = 0;
        long conflicts = 0;
        long problems = 0;
        try {
            for (int n = 0; n < scenarios; n++) {
                CorpusScenario scenario = CorpusScenario.generate(seed, n);
                for (Variant v : variants) {
                    Plan plan = new Reconciler(v.policy()).plan(scenario.input(v.mode()));
                    out.append("=== scenario ").append(Integer.toString(n)).append(" policy ").append(v.name())
                            .append(" (source ").append(Integer.toString(scenario.sourceSize()))
                            .append(", target ").append(Integer.toString(scenario.targetSize())).append(")\n");
                    render(plan, out);
                    plans++;
                    actions += plan.actions().size();
                    conflicts += plan.conflicts().size();
                    problems += plan.readProblems().size();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Counts(plans, actions, conflicts, problems);
    }

    /** The seven policies; each covers parts of the planner the others do not. */
    static List<Variant> variants() {
        return List.of(
                new Variant("authoritative", SyncPolicy.builder()
                        .authoritative(true)
                        .protectTargets(Scope.matching("owners", t -> t.roles().contains("Owner")))
                        .own(Field.USERNAME, Ownership.ALWAYS)
                        .own(Field.ROLES, Ownership.ALWAYS)
                        .own(Field.GROUPS, Ownership.ALWAYS)
                        .ownAttribute("employeeId", Ownership.ALWAYS)
                        .ownAttribute("costCenter", Ownership.WHEN_EMPTY)
                        .reactivation(Reactivation.ALWAYS)
                        .notifyOnCreate(true)
                        .build(), PlanMode.FULL),
                new Variant("licenses", SyncPolicy.builder()
                        .license(LicenseRule.everyone(CorpusScenario.STANDARD_SEAT)
                                .withPriority(Comparator.comparing(UserRecord::lastName).thenComparing(UserRecord::label)))
                        .license(LicenseRule.forUsers(CorpusScenario.SUPERVISOR_SEAT, "supervisors and admins",
                                u -> u.roles().stream().anyMatch(role -> role.contains("Supervisor") || role.contains("Admin"))))
                        .own(Field.FIRST_NAME, Ownership.WHEN_EMPTY)
                        .build(), PlanMode.FULL),
                new Variant("scope", SyncPolicy.builder()
                        .scope(Scope.roles(Set.of("Agent", "Senior Agent", "Supervisor", "QA Supervisor", "Team Admin", "Admin")))
                        .onOutOfScope(Deprovision.DELETE)
                        .onGone(Deprovision.LEAVE)
                        .reactivation(Reactivation.NEVER)
                        .own(Field.EMAIL, Ownership.NEVER)
                        .build(), PlanMode.FULL),
                new Variant("email-then-username", SyncPolicy.builder()
                        .matcher(IdentityMatchers.chain(IdentityMatchers.byLink(), IdentityMatchers.byEmail(), IdentityMatchers.byUsername()))
                        .onUnmatched(UnmatchedAction.CREATE_PENDING)
                        .own(Field.USERNAME, Ownership.ALWAYS)
                        .build(), PlanMode.FULL),
                new Variant("incremental", SyncPolicy.builder()
                        .license(LicenseRule.everyone(CorpusScenario.STANDARD_SEAT))
                        .ownAttribute("costCenter", Ownership.ALWAYS)
                        .build(), PlanMode.INCREMENTAL),
                new Variant("enforced-permissions", SyncPolicy.builder()
                        .permissions(RuleBasedPermissionMapper.builder()
                                .whenRoleContains("Admin", "Perm Admin")
                                .whenRoleContains("Supervisor", "Perm Supervisor")
                                .whenRoleIs("Agent", "Perm Agent")
                                .otherwise("Perm Basic")
                                .hierarchy("Perm Admin", "Perm Supervisor", "Perm Agent", "Perm Voice Agent", "Perm Basic")
                                .product(CorpusScenario.SUPERVISOR_SEAT, Map.of("Perm Agent", "Perm Voice Agent"))
                                .application(PermissionApplication.ENFORCED)
                                .build())
                        .license(LicenseRule.forUsers(CorpusScenario.SUPERVISOR_SEAT, "supervisors",
                                u -> u.roles().stream().anyMatch(role -> role.contains("Supervisor"))))
                        .license(LicenseRule.everyone(CorpusScenario.STANDARD_SEAT))
                        .own(Field.GROUPS, Ownership.WHEN_EMPTY)
                        .build(), PlanMode.FULL),
                new Variant("delete-on-gone", SyncPolicy.builder()
                        .matcher(IdentityMatchers.chain(IdentityMatchers.byLink(), IdentityMatchers.byAttribute("employeeId"),
                                IdentityMatchers.byEmail()))
                        .onGone(Deprovision.DELETE)
                        .onUnmatched(UnmatchedAction.IGNORE)
                        .own(Field.LAST_NAME, Ownership.WHEN_EMPTY)
                        .build(), PlanMode.FULL));
    }

    // ---- the canonical text -----------------------------------------------------------------------

    /** Why the engine planned an action, as the corpus compares it. */
    static String reasonOf(PlanAction a) {
        return codes(a.reasons()) + " = " + PlanExplainer.english().why(a);
    }

    /** The reason codes with their parameters, in order: what the comparison holds besides the English. */
    private static String codes(List<Reason> reasons) {
        StringBuilder out = new StringBuilder();
        for (Reason r : reasons) {
            out.append(out.length() == 0 ? "" : " ").append(r.code().name()).append(r.parameters());
        }
        return out.toString();
    }

    /** Why the engine refused to decide, as the corpus compares it. */
    static String detailOf(Conflict c) {
        return codes(c.reasons()) + " = " + PlanExplainer.english().reasons(c.reasons());
    }

    /** Why a source record was not planned, as the corpus compares it. */
    static String problemOf(ReadProblem p) {
        return p.location() + ": " + p.message();
    }

    static void render(Plan plan, Appendable out) throws IOException {
        PlanStats s = plan.stats();
        out.append("plan ").append(plan.mode().name())
                .append(" source=").append(Integer.toString(s.sourceUsers()))
                .append(" target=").append(Integer.toString(s.targetUsers()))
                .append(" inScope=").append(Integer.toString(s.inScope()))
                .append(" unchanged=").append(Integer.toString(s.unchanged()))
                .append(" ignored=").append(Integer.toString(s.ignored()))
                .append(" managed=").append(Integer.toString(s.managedUsers()))
                .append(" cursor=").append(plan.nextCursor().map(c -> text(c.value())).orElse("-"))
                .append('\n');
        for (PlanAction a : plan.actions()) {
            out.append("action ").append(a.kind().name()).append(' ').append(ref(a.user()))
                    .append(" | ").append(payload(a))
                    .append(" | ").append(text(reasonOf(a))).append('\n');
        }
        for (Conflict c : plan.conflicts()) {
            out.append("conflict ").append(c.kind().name()).append(" [");
            for (int i = 0; i < c.users().size(); i++) {
                out.append(i == 0 ? "" : ", ").append(ref(c.users().get(i)));
            }
            out.append("] | ").append(text(detailOf(c))).append('\n');
        }
        for (ReadProblem p : plan.readProblems()) {
            out.append("problem ").append(text(problemOf(p))).append('\n');
        }
    }

    private static String payload(PlanAction a) {
        if (a instanceof PlanAction.CreateUser c) {
            return "profile " + profile(c.profile()) + " notify=" + c.notifyUser() + " from=" + c.source().id().value();
        } else if (a instanceof PlanAction.UpdateUser u) {
            return "patch " + patch(u.patch());
        } else if (a instanceof PlanAction.GrantPermission g) {
            return "permission " + text(g.permission());
        } else if (a instanceof PlanAction.RevokePermission r) {
            return "permission " + text(r.permission());
        } else if (a instanceof PlanAction.AssignLicense l) {
            return "license " + text(l.licenseId());
        } else if (a instanceof PlanAction.RevokeLicense l) {
            return "license " + text(l.licenseId());
        }
        return "-"; // link, deactivate, reactivate, delete: the kind and the user say it all
    }

    private static String ref(UserRef u) {
        return "s:" + u.sourceId().map(NativeId::value).map(PlanCorpus::text).orElse("-")
                + " t:" + u.targetId().map(NativeId::value).map(PlanCorpus::text).orElse("-")
                + " (" + text(u.label()) + ")";
    }

    private static String profile(UserProfile p) {
        return "{email=" + p.email().map(EmailAddress::value).map(PlanCorpus::text).orElse("-")
                + " username=" + p.username().map(Username::value).map(PlanCorpus::text).orElse("-")
                + " first=" + text(p.firstName())
                + " last=" + text(p.lastName())
                + " status=" + p.status().name()
                + " roles=" + names(p.roles())
                + " groups=" + names(p.groups())
                + " attributes=" + attributes(p.attributes()) + "}";
    }

    private static String patch(UserPatch p) {
        StringBuilder b = new StringBuilder("{");
        p.email().ifPresent(e -> b.append(" email=").append(text(e.value())));
        p.username().ifPresent(u -> b.append(" username=").append(text(u.value())));
        p.firstName().ifPresent(f -> b.append(" first=").append(text(f)));
        p.lastName().ifPresent(l -> b.append(" last=").append(text(l)));
        appendIfAny(b, "+roles", p.addRoles());
        appendIfAny(b, "-roles", p.removeRoles());
        appendIfAny(b, "+groups", p.addGroups());
        appendIfAny(b, "-groups", p.removeGroups());
        if (!p.setAttributes().isEmpty()) {
            b.append(" +attributes=").append(attributes(p.setAttributes()));
        }
        appendIfAny(b, "-attributes", p.removeAttributes());
        return b.append(" }").toString();
    }

    private static void appendIfAny(StringBuilder b, String what, Collection<String> values) {
        if (!values.isEmpty()) {
            b.append(' ').append(what).append('=').append(names(values));
        }
    }

    private static String names(Collection<String> values) {
        StringBuilder b = new StringBuilder("[");
        for (String v : values) {
            b.append(b.length() == 1 ? "" : ", ").append(text(v));
        }
        return b.append(']').toString();
    }

    private static String attributes(Map<String, String> values) {
        StringBuilder b = new StringBuilder("{");
        values.forEach((k, v) -> b.append(b.length() == 1 ? "" : ", ").append(text(k)).append('=').append(text(v)));
        return b.append('}').toString();
    }

    /** Quoted with Java escapes for quotes, backslashes and anything outside printable ASCII, so one line stays one line. */
    static String text(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c >= 0x20 && c < 0x7F) {
                b.append(c);
            } else {
                b.append(String.format(Locale.ROOT, "\\u%04X", (int) c));
            }
        }
        return b.append('"').toString();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
