package io.rostersync.plan;

import io.rostersync.model.NativeId;
import io.rostersync.model.UserPatch;
import io.rostersync.model.UserProfile;
import io.rostersync.model.UserRecord;
import io.rostersync.spi.Conflict;
import io.rostersync.spi.ReadProblem;
import io.rostersync.spi.Reason;
import io.rostersync.spi.UserRef;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and checks plans with an HMAC-SHA256 (RFC 2104) under the host's {@link PlanKey}, so that a plan
 * stored for approval and edited afterwards is refused when applied. The MAC covers every part of the
 * plan but the digest itself (sync id, directories, creation time, mode, counts, cursor, every action with
 * all its fields, conflicts, the reason codes and parameters of both, and read problems), in a canonical
 * length-prefixed encoding of its own: the digest does not depend on how the JSON was indented or its keys
 * ordered.
 *
 * <p>The approval recipe: {@code plan = runner.plan(...)}, {@code signed = PlanDigest.sign(plan, key)},
 * store {@code PlanJson.write(signed)}, show it, and apply it with
 * {@code runner.apply(PlanJson.readPlan(text), ApplyOptions.builder().requireDigest(key).build())}.
 *
 * @since 0.1.0
 */
public final class PlanDigest {

    private static final String PREFIX = "hmac-sha256:";
    private static final String ALGORITHM = "HmacSHA256";

    private PlanDigest() {
    }

    /**
     * {@code plan} carrying the digest of its content under {@code key} (any digest it had is replaced).
     *
     * @param plan the plan to sign
     * @param key  the host's key
     * @return the plan with its digest; the given plan is unchanged
     */
    public static Plan sign(Plan plan, PlanKey key) {
        return plan.withDigest(PREFIX + Base64.getEncoder().encodeToString(mac(plan, key)));
    }

    /**
     * Whether {@code plan} carries a digest and it is the one {@code key} gives for its content.
     *
     * @param plan the plan to check
     * @param key  the host's key
     * @return {@code true} only when the digest is present, well formed and matches; never throws for a bad
     *         digest
     */
    public static boolean verify(Plan plan, PlanKey key) {
        if (plan.digest().isEmpty() || !plan.digest().get().startsWith(PREFIX)) {
            return false;
        }
        byte[] claimed;
        try {
            claimed = Base64.getDecoder().decode(plan.digest().get().substring(PREFIX.length()));
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
        return MessageDigest.isEqual(claimed, mac(plan, key));
    }

    private static byte[] mac(Plan plan, PlanKey key) {
        Mac mac;
        try {
            mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key.bytes(), ALGORITHM));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM offers no " + ALGORITHM, e);
        }
        Canonical out = new Canonical(mac);
        try {
            out.plan(plan);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // never: the stream only feeds the MAC
        }
        return mac.doFinal();
    }

    /** The canonical encoding: every value tagged by position, strings and collections length-prefixed. */
    private static final class Canonical {
        private final DataOutputStream out;

        Canonical(Mac mac) {
            this.out = new DataOutputStream(new OutputStream() {
                @Override
                public void write(int b) {
                    mac.update((byte) b);
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    mac.update(b, off, len);
                }
            });
        }

        void plan(Plan p) throws IOException {
            string("rostersync-plan-digest/" + Plan.FORMAT_VERSION);
            optional(p.syncId().map(id -> id.value()));
            string(p.mode().name());
            string(p.plannedAt().toString());
            string(p.source());
            string(p.target());
            PlanStats s = p.stats();
            for (int v : new int[] {s.sourceUsers(), s.targetUsers(), s.inScope(), s.unchanged(), s.ignored(), s.managedUsers()}) {
                out.writeInt(v);
            }
            optional(p.nextCursor().map(c -> c.value()));
            out.writeInt(p.actions().size());
            for (PlanAction a : p.actions()) {
                action(a);
            }
            out.writeInt(p.conflicts().size());
            for (Conflict c : p.conflicts()) {
                string(c.kind().name());
                out.writeInt(c.users().size());
                for (UserRef u : c.users()) {
                    ref(u);
                }
                reasons(c.reasons());
            }
            out.writeInt(p.readProblems().size());
            for (ReadProblem r : p.readProblems()) {
                string(r.location());
                string(r.message());
            }
            out.flush();
        }

        private void action(PlanAction a) throws IOException {
            string(a.kind().name());
            ref(a.user());
            reasons(a.reasons());
            switch (a.kind()) {
                case CREATE -> {
                    PlanAction.CreateUser c = (PlanAction.CreateUser) a;
                    profile(c.profile());
                    out.writeBoolean(c.notifyUser());
                    record(c.source());
                }
                case UPDATE -> patch(((PlanAction.UpdateUser) a).patch());
                case GRANT_PERMISSION -> string(((PlanAction.GrantPermission) a).permission());
                case REVOKE_PERMISSION -> string(((PlanAction.RevokePermission) a).permission());
                case ASSIGN_LICENSE -> string(((PlanAction.AssignLicense) a).licenseId());
                case REVOKE_LICENSE -> string(((PlanAction.RevokeLicense) a).licenseId());
                case LINK, DEACTIVATE, REACTIVATE, DELETE -> {
                    // the kind, user and reasons are all there is
                }
            }
        }

        private void reasons(List<Reason> reasons) throws IOException {
            out.writeInt(reasons.size());
            for (Reason r : reasons) {
                string(r.code().name());
                map(r.parameters());
            }
        }

        private void ref(UserRef u) throws IOException {
            optional(u.sourceId().map(NativeId::value));
            optional(u.targetId().map(NativeId::value));
            string(u.label());
        }

        private void record(UserRecord r) throws IOException {
            string(r.id().value());
            profile(r.profile());
            optional(r.updatedAt().map(Object::toString));
        }

        private void profile(UserProfile p) throws IOException {
            optional(p.email().map(e -> e.value()));
            optional(p.username().map(u -> u.value()));
            string(p.firstName());
            string(p.lastName());
            string(p.status().name());
            strings(p.roles());
            strings(p.groups());
            map(p.attributes());
        }

        private void patch(UserPatch p) throws IOException {
            optional(p.email().map(e -> e.value()));
            optional(p.username().map(u -> u.value()));
            optional(p.firstName());
            optional(p.lastName());
            strings(p.addRoles());
            strings(p.removeRoles());
            strings(p.addGroups());
            strings(p.removeGroups());
            map(p.setAttributes());
            strings(p.removeAttributes());
        }

        private void strings(Collection<String> values) throws IOException {
            out.writeInt(values.size());
            for (String v : values) {
                string(v);
            }
        }

        private void map(Map<String, String> values) throws IOException {
            out.writeInt(values.size());
            for (Map.Entry<String, String> e : values.entrySet()) {
                string(e.getKey());
                string(e.getValue());
            }
        }

        private void optional(Optional<String> value) throws IOException {
            out.writeBoolean(value.isPresent());
            if (value.isPresent()) {
                string(value.get());
            }
        }

        private void string(String s) throws IOException {
            byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
            out.writeInt(bytes.length);
            out.write(bytes);
        }
    }
}
