package io.rostersync.scim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import de.captaingoldfish.scim.sdk.common.resources.User;
import io.rostersync.engine.RunOptions;
import io.rostersync.engine.SyncRunner;
import io.rostersync.http.internal.JsonHttpClient;
import io.rostersync.http.internal.JsonRequest;
import io.rostersync.model.EmailAddress;
import io.rostersync.model.NativeId;
import io.rostersync.model.SyncId;
import io.rostersync.model.UserProfile;
import io.rostersync.model.UserRecord;
import io.rostersync.model.UserStatus;
import io.rostersync.policy.Field;
import io.rostersync.policy.Ownership;
import io.rostersync.policy.SyncPolicy;
import io.rostersync.spi.FailedAction;
import io.rostersync.spi.SyncReport;
import io.rostersync.spi.UserPage;
import io.rostersync.spi.UserPages;
import io.rostersync.spi.UserRef;
import io.rostersync.testkit.InMemorySyncStateStore;
import io.rostersync.testkit.InMemoryUserDirectory;
import io.rostersync.testkit.RosterGenerator;
import io.rostersync.emulators.scim.ScimEmulator;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Sync scenarios with a SCIM server as the target, on the emulator, the strict scim-sdk-server host (with and
 * without PATCH) and scimmy: 200 creates with Unicode names, a pre-existing account holding a new user's
 * userName under another email (a conflict, never an adoption), renames, deactivations, reactivations, and
 * email changes that keep the users' second addresses, with no GET before a PATCH.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ScimSyncScenariosTest {

    enum Server { EMULATOR, EMULATOR_PUT_ONLY, SCIM_SDK, SCIM_SDK_PUT_ONLY, SCIMMY }

    /** A SCIM server under test with a back door to seed and inspect users. */
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<java.util.Map<String, Object>> MAP = new TypeReference<>() { };

    private interface Host extends AutoCloseable {
        URI base();

        String token();

        String seed(ObjectNode user);

        JsonNode raw(String id);

        /** GET /Users/{id} requests so far, or -1 where the server does not count them. */
        int userGets();

        boolean patch();

        @Override
        void close();
    }

    private static Host host(Server kind) throws Exception {
        switch (kind) {
            case EMULATOR:
            case EMULATOR_PUT_ONLY: {
                boolean patch = kind == Server.EMULATOR;
                ScimEmulator e = ScimEmulator.builder().bearerToken(ScimFixtures.TOKEN).patchSupported(patch).strictMediaType(true).build();
                URI base = e.start();
                return new Host() {
                    public URI base() { return base; }
                    public String token() { return ScimFixtures.TOKEN; }
                    public String seed(ObjectNode user) { return e.addResource(JSON.convertValue(user, MAP)); }
                    public JsonNode raw(String id) { return JSON.valueToTree(e.user(id).orElseThrow()); }
                    public int userGets() { return e.requestCount("GET /scim/v2/Users/{id}"); }
                    public boolean patch() { return patch; }
                    public void close() { e.close(); }
                };
            }
            case SCIM_SDK:
            case SCIM_SDK_PUT_ONLY: {
                boolean patch = kind == Server.SCIM_SDK;
                ScimSdkServer s = ScimSdkServer.start(ScimFixtures.TOKEN, patch);
                return new Host() {
                    public URI base() { return s.baseUri(); }
                    public String token() { return ScimFixtures.TOKEN; }
                    public String seed(ObjectNode user) {
                        User u = new User();
                        user.fields().forEachRemaining(f -> u.set(f.getKey(), f.getValue().deepCopy()));
                        return s.add(u);
                    }
                    public JsonNode raw(String id) { return s.user(id); }
                    public int userGets() { return s.requests("GET /Users/{id}"); }
                    public boolean patch() { return patch; }
                    public void close() { s.close(); }
                };
            }
            default: {
                URI base = ScimmyServer.base();
                JsonHttpClient http = ScimFixtures.client(base, ScimmyServer.TOKEN);
                return new Host() {
                    public URI base() { return base; }
                    public String token() { return ScimmyServer.TOKEN; }
                    public String seed(ObjectNode user) {
                        ObjectNode body = user.deepCopy();
                        body.putArray("schemas").add(ScimEmulator.CORE_USER);
                        return http.send(JsonRequest.post("Users", body).contentType("application/scim+json").build()).body().get("id").asText();
                    }
                    public JsonNode raw(String id) { return http.get("Users/" + id); }
                    public int userGets() { return -1; }
                    public boolean patch() { return true; }
                    public void close() { }
                };
            }
        }
    }

    private static ObjectNode resource(String userName, String first, String last, String... emails) {
        ObjectNode u = JsonNodeFactory.instance.objectNode();
        u.put("userName", userName).put("active", true);
        u.putObject("name").put("givenName", first).put("familyName", last);
        ArrayNode a = u.putArray("emails");
        for (int i = 0; i < emails.length; i++) {
            ObjectNode e = a.addObject().put("value", emails[i]).put("type", i == 0 ? "work" : "home");
            if (i == 0) {
                e.put("primary", true);
            }
        }
        return u;
    }

    private static Map<String, UserRecord> byEmail(ScimUserDirectory dir) {
        Map<String, UserRecord> out = new HashMap<>();
        try (UserPages pages = dir.readAll()) {
            for (Optional<UserPage> p = pages.next(); p.isPresent(); p = pages.next()) {
                p.get().users().forEach(u -> u.email().ifPresent(e -> out.put(e.value().toLowerCase(Locale.ROOT), u)));
            }
        }
        return out;
    }

    private static List<String> emailValues(JsonNode user) {
        List<String> out = new ArrayList<>();
        user.path("emails").forEach(e -> out.add(e.path("value").asText().toLowerCase(Locale.ROOT)));
        return out;
    }

    private static boolean names(List<FailedAction> failures, String email) {
        return failures.stream().map(FailedAction::user).map(UserRef::label).anyMatch(l -> l.toLowerCase(Locale.ROOT).contains(email));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Server.class)
    void aSyncCreatesRenamesDeactivatesReactivatesAndChangesEmailsAndNeverAdoptsAStranger(Server kind) throws Exception {
        try (Host server = host(kind)) {
            String tag = UUID.randomUUID().toString().substring(0, 6);
            SyncId sync = SyncId.of("scim-scenario-" + tag);
            InMemoryUserDirectory source = InMemoryUserDirectory.builder("hr").build();
            ScimUserDirectory target = ScimFixtures.directory("scim-" + kind, server.base(), server.token())
                    .pageSize(50).build();
            InMemorySyncStateStore store = new InMemorySyncStateStore();
            SyncRunner runner = SyncRunner.builder().syncId(sync).source(source).target(target)
                    .policy(SyncPolicy.builder().own(Field.USERNAME, Ownership.NEVER).build()).stateStore(store).build();

            // 200 generated people (tagged, so that runs on a shared server never meet), four with Unicode names.
            List<UserRecord> people = new ArrayList<>();
            for (UserProfile p : new RosterGenerator(kind.ordinal() + 1).profiles(196)) {
                String email = p.email().orElseThrow().value().replace("@", "." + tag + "@");
                people.add(source.add(p.toBuilder().email(EmailAddress.parse(email).orElseThrow()).build()));
            }
            String[][] unicode = {{"Zoë", "Łukasiewicz"}, {"健", "渡辺"}, {"Ólafur", "Þórsson"}, {"Nguyễn", "Văn Ánh"}};
            for (int i = 0; i < unicode.length; i++) {
                people.add(source.add(UserProfile.builder().email("unicode" + i + "." + tag + "@example.org")
                        .firstName(unicode[i][0]).lastName(unicode[i][1]).build()));
            }
            // Five of them already have accounts with a second, home address.
            Map<String, String> twoAddresses = new HashMap<>();
            for (UserRecord p : people.subList(0, 5)) {
                String work = p.email().orElseThrow().value();
                twoAddresses.put(work, server.seed(resource(work, p.firstName(), p.lastName(), work, "home." + work)));
            }
            // A stranger holds the userName a new HR user is created under, with his own email and an Admin role.
            String jane = "jane." + tag + "@example.org";
            ObjectNode strangerJson = resource(jane, "John", "Stranger", "john." + tag + "@example.org");
            strangerJson.putArray("roles").addObject().put("value", "Admin");
            String stranger = server.seed(strangerJson);
            JsonNode strangerBefore = server.raw(stranger);
            source.add(UserProfile.builder().email(jane).firstName("Jane").lastName("Newhire").build());

            SyncReport first = runner.run(RunOptions.defaults());
            assertThat(first.failures().size() + first.conflicts().size()).as(first.summary()).isEqualTo(1);
            assertThat(names(first.failures(), jane) || first.conflicts().stream().flatMap(c -> c.users().stream())
                    .anyMatch(u -> u.label().toLowerCase(Locale.ROOT).contains(jane))).as(first.summary()).isTrue();
            JsonNode strangerAfter = server.raw(stranger);
            assertThat(strangerAfter.path("name")).isEqualTo(strangerBefore.path("name"));
            assertThat(strangerAfter.path("emails")).isEqualTo(strangerBefore.path("emails"));
            assertThat(strangerAfter.path("roles")).isEqualTo(strangerBefore.path("roles"));
            assertThat(store.links(sync).byTarget(NativeId.of(stranger))).isEmpty();

            Map<String, UserRecord> stored = byEmail(target);
            for (UserRecord p : people) {
                UserRecord t = stored.get(p.email().orElseThrow().value().toLowerCase(Locale.ROOT));
                assertThat(t).as(p.email().orElseThrow().value()).isNotNull();
                assertThat(t.firstName() + " " + t.lastName()).isEqualTo(p.firstName() + " " + p.lastName());
            }
            SyncReport again = runner.run(RunOptions.defaults());
            assertThat(again.applied()).as(again.summary()).isZero();

            // Renames (20), deactivations (10), email changes of the five with two addresses.
            for (UserRecord p : people.subList(5, 25)) {
                source.put(p.withProfile(p.profile().toBuilder().lastName(p.lastName() + "-Renamed").build()));
            }
            for (UserRecord p : people.subList(25, 35)) {
                source.put(p.withProfile(p.profile().toBuilder().status(UserStatus.INACTIVE).build()));
            }
            for (UserRecord p : people.subList(0, 5)) {
                String changed = "changed." + p.email().orElseThrow().value();
                source.put(p.withProfile(p.profile().toBuilder().email(EmailAddress.parse(changed).orElseThrow()).build()));
            }
            int getsBefore = server.userGets();
            SyncReport changes = runner.run(RunOptions.defaults());
            // Jane's create is tried again on every run, and refused again: the stranger keeps his userName.
            assertThat(changes.failures()).as(changes.summary()).allSatisfy(f -> assertThat(f.user().label()).contains(jane));
            assertThat(changes.applied()).as(changes.summary()).isEqualTo(35);
            if (server.patch() && getsBefore >= 0) {
                assertThat(server.userGets() - getsBefore).as("GETs of single users during a run of 35 PATCHes").isZero();
            }
            stored = byEmail(target);
            assertThat(stored.get(people.get(7).email().orElseThrow().value().toLowerCase(Locale.ROOT)).lastName()).endsWith("-Renamed");
            assertThat(stored.get(people.get(30).email().orElseThrow().value().toLowerCase(Locale.ROOT)).status()).isEqualTo(UserStatus.INACTIVE);
            for (Map.Entry<String, String> e : twoAddresses.entrySet()) {
                assertThat(emailValues(server.raw(e.getValue())))
                        .containsExactlyInAnyOrder(("changed." + e.getKey()).toLowerCase(Locale.ROOT), ("home." + e.getKey()).toLowerCase(Locale.ROOT));
            }

            // Reactivations (5).
            for (UserRecord p : people.subList(25, 30)) {
                source.put(p);
            }
            SyncReport back = runner.run(RunOptions.defaults());
            assertThat(back.failures()).as(back.summary()).allSatisfy(f -> assertThat(f.user().label()).contains(jane));
            Map<String, UserRecord> afterBack = byEmail(target);
            assertThat(people.subList(25, 30)).allSatisfy(p ->
                    assertThat(afterBack.get(p.email().orElseThrow().value().toLowerCase(Locale.ROOT)).status()).isEqualTo(UserStatus.ACTIVE));
            assertThat(people.subList(30, 35)).allSatisfy(p ->
                    assertThat(afterBack.get(p.email().orElseThrow().value().toLowerCase(Locale.ROOT)).status()).isEqualTo(UserStatus.INACTIVE));
            assertThat(runner.run(RunOptions.defaults()).applied()).isZero();
            assertThat(server.raw(stranger).path("name")).isEqualTo(strangerBefore.path("name"));
        }
    }
}
