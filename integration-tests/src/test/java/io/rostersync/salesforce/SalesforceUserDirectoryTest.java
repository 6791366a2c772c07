package io.rostersync.salesforce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rostersync.model.Cursor;
import io.rostersync.model.NativeId;
import io.rostersync.model.UserPatch;
import io.rostersync.model.UserProfile;
import io.rostersync.model.UserRecord;
import io.rostersync.model.UserStatus;
import io.rostersync.spi.Capability;
import io.rostersync.spi.CreateOptions;
import io.rostersync.spi.FailureKind;
import io.rostersync.spi.InvalidResponseException;
import io.rostersync.spi.ReadProblem;
import io.rostersync.spi.UserPage;
import io.rostersync.spi.UserPages;
import io.rostersync.spi.WriteResult;
import io.rostersync.testkit.RosterGenerator;
import io.rostersync.emulators.salesforce.SalesforceEmulator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SalesforceUserDirectoryTest {

    private SalesforceEmulator org;
    private Orgs.RecordingSleeper sleeper;
    private SalesforceUserDirectory dir;

    @BeforeEach
    void start() {
        org = SalesforceEmulator.start();
        sleeper = new Orgs.RecordingSleeper();
        dir = Orgs.directory(Orgs.connection(org, sleeper).queryBatchSize(200).build(), org);
    }

    @AfterEach
    void stop() {
        org.close();
    }

    private record Read(List<UserRecord> users, List<ReadProblem> problems, Optional<Cursor> cursor, int pages) {
    }

    private static Read drain(UserPages pages) {
        List<UserRecord> users = new ArrayList<>();
        List<ReadProblem> problems = new ArrayList<>();
        Optional<Cursor> cursor = Optional.empty();
        int n = 0;
        try (pages) {
            for (Optional<UserPage> p = pages.next(); p.isPresent(); p = pages.next()) {
                users.addAll(p.get().users());
                problems.addAll(p.get().problems());
                if (p.get().cursorAfter().isPresent()) {
                    cursor = p.get().cursorAfter();
                }
                n++;
            }
        }
        return new Read(users, problems, cursor, n);
    }

    private static UserProfile person(String name) {
        return UserProfile.builder().email(name + "@acme.example").firstName(name).lastName("Tester").build();
    }

    @Test
    void mapsFieldsAttributesAndPermissionSetsButNotProfileOwnedSets() {
        String id = org.addUser(person("maria"));
        String cc = org.addCallCenter("Talkdesk for Salesforce");
        org.update(id, "CallCenterId", cc);
        org.update(id, "FederationIdentifier", "maria-sso");
        org.assignPermissionSet(id, org.addPermissionSet("Talkdesk_Agent", "Talkdesk Agent"));
        org.assignPermissionSet(id, org.addProfileOwnedPermissionSet("X00e_profile_set", org.defaultProfileId()));

        UserRecord maria = dir.get(NativeId.of(id)).orElseThrow();

        assertThat(maria.email().orElseThrow().value()).isEqualTo("maria@acme.example");
        assertThat(maria.username().orElseThrow().value()).isEqualTo("maria@acme.example");
        assertThat(maria.status()).isEqualTo(UserStatus.ACTIVE);
        assertThat(maria.roles()).containsExactly("Talkdesk Agent");
        assertThat(maria.attributes()).containsEntry(SalesforceAttributes.CALL_CENTER_ID, cc)
                .containsEntry(SalesforceAttributes.FEDERATION_ID, "maria-sso")
                .containsEntry(SalesforceAttributes.PROFILE_ID, org.defaultProfileId());
        assertThat(maria.updatedAt()).isPresent();
        assertThat(dir.capabilities()).doesNotContain(Capability.DELETE);
    }

    @Test
    void fullReadFollowsNextRecordsUrlAndEndsWithACursor() {
        new RosterGenerator(11).profiles(450).forEach(org::addUser);

        Read read = drain(dir.readAll());

        assertThat(read.users()).hasSize(450);
        assertThat(read.pages()).isEqualTo(3);
        assertThat(read.cursor()).isPresent();
        assertThat(org.requestCount("query.more:User")).isEqualTo(2);
    }

    @Test
    void fullReadBringsEachUsersSetsInTheUserPagesThemselves() {
        List<String> ids = new RosterGenerator(12).profiles(450).stream().map(org::addUser).toList();
        String agent = org.addPermissionSet("Talkdesk_Agent", "Talkdesk Agent");
        org.assignPermissionSet(ids.get(0), agent);
        org.assignPermissionSet(ids.get(449), agent);
        org.assignPermissionSet(ids.get(449), org.addPermissionSet("Talkdesk_Supervisor", "Talkdesk Supervisor"));
        org.assignPermissionSet(ids.get(1), org.addProfileOwnedPermissionSet("X00e_profile_set", org.defaultProfileId()));
        org.resetRequestCounts();

        Read read = drain(dir.readAll());
        Read byApiName = drain(SalesforceUserDirectory.builder(Orgs.connection(org, sleeper).queryBatchSize(200).build()).permissionSetKey(PermissionSetKey.API_NAME)
                .build().readAll());

        assertThat(read.users()).hasSize(450);
        assertThat(roles(read, ids.get(0))).containsExactly("Talkdesk Agent");
        assertThat(roles(read, ids.get(449))).containsExactly("Talkdesk Agent", "Talkdesk Supervisor");
        assertThat(roles(read, ids.get(1))).isEmpty();
        assertThat(roles(byApiName, ids.get(449))).containsExactly("Talkdesk_Agent", "Talkdesk_Supervisor");
        // Per read: three pages of 200 rows (users and their assignments); no permission set list, no
        // assignment query, no modstamp probe.
        assertThat(read.pages()).isEqualTo(3);
        assertThat(org.requestCount("query")).isEqualTo(2);
        assertThat(org.requestCount("query:User")).isEqualTo(2);
        assertThat(org.requestCount("query.more")).isEqualTo(2 * 2);
    }

    @Test
    void aUserWithMoreSetsThanOneAnswerHoldsGetsThemAllFromAnAssignmentQuery() {
        String many = org.addUser(person("mona"));
        String few = org.addUser(person("fred"));
        for (int i = 0; i < 205; i++) {
            org.assignPermissionSet(many, org.addPermissionSet("Set_" + i, "Set " + i));
        }
        org.assignPermissionSet(few, org.addPermissionSet("Talkdesk_Agent", "Talkdesk Agent"));
        org.resetRequestCounts();

        Read read = drain(dir.readAll());

        assertThat(roles(read, many)).hasSize(205).contains("Set 0", "Set 204");
        assertThat(roles(read, few)).containsExactly("Talkdesk Agent");
        assertThat(org.requestCount("query:PermissionSetAssignment")).isEqualTo(1);
    }

    private static java.util.Set<String> roles(Read read, String id) {
        return read.users().stream().filter(u -> u.id().value().equals(id)).findFirst().orElseThrow().roles();
    }

    @Test
    void aUserChangedWhileAFullReadPagesIsReadByTheNextIncrementalReadAndNoOneElse() {
        Instant seeded = Instant.parse("2025-02-01T08:00:00Z");
        org.setClock(Clock.fixed(seeded, ZoneOffset.UTC));
        List<String> ids = new RosterGenerator(13).profiles(450).stream().map(org::addUser).toList();
        Clock now = Clock.fixed(seeded.plus(Duration.ofDays(30)), ZoneOffset.UTC);
        org.setClock(now);

        UserPages full = dir.readAll();
        assertThat(full.next()).isPresent(); // first page read
        org.update(ids.get(0), "LastName", "Changed"); // already read, changed in the same second the read began
        Read rest = drain(full);
        org.resetRequestCounts();
        Read changes = drain(dir.readChanges(rest.cursor().orElseThrow()));
        Read none = drain(dir.readChanges(changes.cursor().orElseThrow()));

        assertThat(changes.users()).extracting(u -> u.id().value()).containsExactly(ids.get(0));
        assertThat(changes.users().get(0).lastName()).isEqualTo("Changed");
        assertThat(none.users()).isEmpty();
        // One query each, the changed user's sets included.
        assertThat(org.requestCount("query")).isEqualTo(2);
        assertThat(org.requestCount("query:User")).isEqualTo(2);
    }

    @Test
    void aDateHeaderAheadOfTheOrgNeverMovesTheFullReadsCursorPastChangesMadeAfterIt() {
        Instant t0 = Instant.parse("2025-04-01T09:00:00Z");
        org.setClock(Clock.fixed(t0, ZoneOffset.UTC));
        List<String> ids = new RosterGenerator(15).profiles(5).stream().map(org::addUser).toList();
        org.setClock(Clock.fixed(t0.plus(Duration.ofMinutes(10)), ZoneOffset.UTC));
        org.skewDateHeader(Duration.ofHours(2)); // a proxy whose clock runs two hours ahead
        SalesforceUserDirectory here = Orgs.directory(Orgs.connection(org, sleeper)
                .http(Orgs.http(sleeper).clock(Clock.fixed(t0.plus(Duration.ofMinutes(10)), ZoneOffset.UTC)).build()).build(), org);

        Read full = drain(here.readAll());
        org.setClock(Clock.fixed(t0.plus(Duration.ofMinutes(20)), ZoneOffset.UTC));
        org.update(ids.get(1), "LastName", "Changed"); // ten minutes after the read, long before the proxy's time

        Read changes = drain(here.readChanges(full.cursor().orElseThrow()));
        assertThat(changes.users()).extracting(u -> u.id().value()).contains(ids.get(1));
    }

    @Test
    void aTruncationWaitsForAQueryPageThatHasMoreAfterIt() {
        List<String> ids = new RosterGenerator(14).profiles(250).stream().map(org::addUser).toList();

        org.truncateNextQueryPage();

        assertThat(dir.get(NativeId.of(ids.get(0)))).isPresent(); // one-page queries are answered whole
        assertThatThrownBy(() -> drain(dir.readAll())).isInstanceOf(InvalidResponseException.class);
        assertThat(drain(dir.readAll()).users()).hasSize(250);
    }

    @Test
    void usersChangedInTheSameSecondAsTheCursorAreNotSkipped() {
        Clock frozen = Clock.fixed(Instant.parse("2025-03-01T10:00:00.400Z"), ZoneOffset.UTC);
        org.setClock(frozen);
        String a = org.addUser(person("anna"));
        String b = org.addUser(person("ben"));
        Cursor start = drain(dir.readAll()).cursor().orElseThrow();
        Clock later = Clock.offset(frozen, Duration.ofSeconds(3));
        org.setClock(later);
        org.update(a, "LastName", "Changed");

        Read first = drain(dir.readChanges(start));
        org.update(b, "LastName", "Changed too"); // same second as anna's change
        Read second = drain(dir.readChanges(first.cursor().orElseThrow()));

        assertThat(first.users()).extracting(u -> u.id().value()).contains(a);
        assertThat(second.users()).extracting(u -> u.id().value()).containsExactly(b);
        org.setClock(Clock.offset(frozen, Duration.ofSeconds(9)));
        org.update(a, "LastName", "Later");
        assertThat(drain(dir.readChanges(second.cursor().orElseThrow())).users()).extracting(u -> u.id().value()).containsExactly(a);
    }

    @Test
    void aUserWithAnInvalidEmailIsAReadProblemNotAFailure() {
        org.addUser(person("good"));
        String bad = org.addUserWithRawEmail("bad@acme.example", "not-an-address", "Broken");

        Read read = drain(dir.readAll());

        assertThat(read.users()).hasSize(1);
        assertThat(read.problems()).singleElement().satisfies(p -> assertThat(p.location()).contains(bad));
    }

    @Test
    void aUserWhoseIsActiveIsNotTrueOrFalseIsAReadProblemNotAnInactiveUser() {
        org.addUser(person("good"));
        String damaged = org.addUser(person("damaged"));
        org.update(damaged, "IsActive", null);

        Read read = drain(dir.readAll());

        assertThat(read.users()).extracting(u -> u.id().value()).doesNotContain(damaged);
        assertThat(read.problems()).singleElement().satisfies(p -> {
            assertThat(p.location()).contains(damaged);
            assertThat(p.message()).contains("IsActive");
        });
    }

    @Test
    void foreignCursorIsATypedConfigurationError() {
        assertThatThrownBy(() -> dir.readChanges(Cursor.of("zendesk:12345")))
                .isInstanceOfSatisfying(io.rostersync.spi.RosterSyncException.class,
                        e -> assertThat(e.kind()).isEqualTo(FailureKind.INVALID_CONFIGURATION));
    }

    @Test
    void validationRuleFailsOnlyThatUserOfABatch() {
        org.rejectUser("bad.apple@acme.example", "Region is required");
        List<UserProfile> batch = List.of(person("one"), person("bad.apple"), person("three"));

        List<WriteResult> results = dir.createAll(batch, CreateOptions.silent());

        assertThat(results.get(0)).isInstanceOf(WriteResult.Stored.class);
        assertThat(results.get(1)).isInstanceOfSatisfying(WriteResult.Failed.class, f -> {
            assertThat(f.failure().kind()).isEqualTo(FailureKind.VALIDATION);
            assertThat(f.failure().vendorCode()).contains("FIELD_CUSTOM_VALIDATION_EXCEPTION");
            assertThat(f.failure().message()).contains("Region is required");
        });
        assertThat(results.get(2)).isInstanceOf(WriteResult.Stored.class);
        assertThat(org.requestCount("collections.create")).isEqualTo(1);
    }

    @Test
    void topLevelErrorCodeFailsEveryUserOfTheCall() {
        org.failNext("collections.create", 1, 400);

        List<WriteResult> results = dir.createAll(List.of(person("x"), person("y")), CreateOptions.silent());

        assertThat(results).allSatisfy(r -> assertThat(r).isInstanceOfSatisfying(WriteResult.Failed.class,
                f -> assertThat(f.failure().vendorCode()).contains("BAD_REQUEST")));
    }

    @Test
    void createsGoInCallsOfTwoHundredAndADuplicateUsernameIsAlreadyExists() {
        List<UserProfile> many = new ArrayList<>();
        for (UserProfile p : new RosterGenerator(3).profiles(450)) {
            many.add(p.toBuilder().roles(List.of()).groups(List.of()).attributes(java.util.Map.of()).build());
        }

        List<WriteResult> results = dir.createAll(many, CreateOptions.silent());

        assertThat(results).allSatisfy(r -> assertThat(r).isInstanceOf(WriteResult.Stored.class));
        assertThat(org.requestCount("collections.create")).isEqualTo(3);
        WriteResult again = dir.create(many.get(0), CreateOptions.silent());
        assertThat(again).isInstanceOfSatisfying(WriteResult.Failed.class, f -> {
            assertThat(f.failure().kind()).isEqualTo(FailureKind.ALREADY_EXISTS);
            assertThat(f.failure().vendorCode()).contains("DUPLICATE_USERNAME");
        });
    }

    @Test
    void aCreateMeetingAnotherPersonsUsernameIsAlreadyExistsAndLeavesThatPersonAsTheyWere() {
        String holder = org.addUser(UserProfile.builder().username("jsmith@corp.example").email("john.smith@corp.example")
                .firstName("John").lastName("Smith").build());
        String before = org.record(holder).orElseThrow().toString();
        UserProfile newcomer = UserProfile.builder().username("JSmith@corp.example").email("jane.smith@corp.example")
                .firstName("Jane").lastName("Smith").build();

        List<WriteResult> results = dir.createAll(List.of(newcomer, UserProfile.builder().email("other@corp.example")
                .lastName("Other").build()), CreateOptions.silent());

        assertThat(results.get(0)).isInstanceOfSatisfying(WriteResult.Failed.class, f -> {
            assertThat(f.failure().kind()).isEqualTo(FailureKind.ALREADY_EXISTS);
            assertThat(f.failure().vendorCode()).contains("DUPLICATE_USERNAME");
        });
        assertThat(results.get(1)).isInstanceOf(WriteResult.Stored.class);
        assertThat(org.record(holder).orElseThrow().toString()).isEqualTo(before);
        assertThat(dir.findExisting(newcomer)).extracting(u -> u.id().value()).containsExactly(holder);
    }

    @Test
    void findExistingFindsHoldersByUsernameByEmailAsUsernameAndByEmailAndQuotesTheValues() {
        String byUsername = org.addUser(UserProfile.builder().username("o'brien@corp.example").email("x1@corp.example").lastName("A").build());
        String byEmailAsUsername = org.addUser(UserProfile.builder().username("pat@corp.example").email("x2@corp.example").lastName("B").build());
        String byEmail = org.addUser(UserProfile.builder().username("u3@corp.example").email("pat@corp.example").lastName("C").build());
        org.addUser(UserProfile.builder().username("bystander@corp.example").email("bystander@corp.example").lastName("D").build());

        assertThat(dir.findExisting(UserProfile.builder().username("O'Brien@corp.example").build()))
                .extracting(u -> u.id().value()).containsExactly(byUsername);
        assertThat(dir.findExisting(UserProfile.builder().email("PAT@corp.example").build()))
                .extracting(u -> u.id().value()).containsExactlyInAnyOrder(byEmailAsUsername, byEmail);
        // A value that would widen an unquoted query finds nobody.
        assertThat(dir.findExisting(UserProfile.builder().username("x' OR Username != 'y").build())).isEmpty();
        assertThat(dir.findExisting(UserProfile.builder().email("nobody@corp.example").build())).isEmpty();
        assertThat(dir.findExisting(UserProfile.builder().lastName("NoKeys").build())).isEmpty();
    }

    @Test
    void missingRequiredDefaultsFailLocallyWithoutACall() {
        SalesforceUserDirectory bare = SalesforceUserDirectory.builder(Orgs.connection(org)).build();

        WriteResult r = bare.create(person("nodefaults"), CreateOptions.silent());

        assertThat(r).isInstanceOfSatisfying(WriteResult.Failed.class, f -> {
            assertThat(f.failure().kind()).isEqualTo(FailureKind.VALIDATION);
            assertThat(f.failure().message()).contains("ProfileId");
        });
        assertThat(org.requestCount("collections.create")).isZero();
    }

    @Test
    void perUserOverridesComeFromAttributes() {
        String profile = org.addProfile("Contact Centre Agent");
        UserProfile p = person("lisbon").toBuilder()
                .attribute(SalesforceAttributes.PROFILE_ID, profile)
                .attribute(SalesforceAttributes.TIME_ZONE, "Europe/Lisbon")
                .attribute(SalesforceAttributes.ALIAS, "lisb")
                .build();

        WriteResult r = dir.create(p, CreateOptions.silent());

        String id = ((WriteResult.Stored) r).record().id().value();
        assertThat(org.record(id).orElseThrow().get("TimeZoneSidKey")).isEqualTo("Europe/Lisbon");
        assertThat(org.record(id).orElseThrow().get("ProfileId")).isEqualTo(profile);
        assertThat(org.record(id).orElseThrow().get("Alias")).isEqualTo("lisb");
    }

    @Test
    void rolesAreGrantedAndRevokedAsPermissionSetAssignments() {
        String id = org.addUser(person("rita"));
        org.addPermissionSet("Talkdesk_Admin", "Talkdesk Admin");
        org.addPermissionSet("Talkdesk_Agent", "Talkdesk Agent");

        WriteResult granted = dir.update(NativeId.of(id), UserPatch.builder().addRole("Talkdesk Admin").addRole("Talkdesk Agent").build());
        WriteResult revoked = dir.update(NativeId.of(id), UserPatch.builder().removeRole("Talkdesk Agent").build());

        assertThat(granted).isInstanceOfSatisfying(WriteResult.Stored.class,
                s -> assertThat(s.record().roles()).containsExactly("Talkdesk Admin", "Talkdesk Agent"));
        assertThat(revoked).isInstanceOfSatisfying(WriteResult.Stored.class,
                s -> assertThat(s.record().roles()).containsExactly("Talkdesk Admin"));
        assertThat(org.permissionSetLabelsOf(id)).containsExactly("Talkdesk Admin");
        WriteResult unknown = dir.update(NativeId.of(id), UserPatch.builder().addRole("No Such Set").build());
        assertThat(unknown).isInstanceOfSatisfying(WriteResult.Failed.class,
                f -> assertThat(f.failure().kind()).isEqualTo(FailureKind.VALIDATION));
    }

    @Test
    void changeCtiSetsAndClearsTheCallCentre() {
        String id = org.addUser(person("cti"));
        String cc = org.addCallCenter("Talkdesk for Salesforce Voice");

        dir.update(NativeId.of(id), UserPatch.builder().setAttribute(SalesforceAttributes.CALL_CENTER_ID, cc).build());
        assertThat(org.callCenterOf(id)).contains(cc);
        assertThat(dir.callCenters()).extracting(CallCenter::name).contains("Talkdesk for Salesforce Voice");

        dir.update(NativeId.of(id), UserPatch.builder().removeAttribute(SalesforceAttributes.CALL_CENTER_ID).build());
        assertThat(org.callCenterOf(id)).isEmpty();
    }

    @Test
    void deactivateSetsIsActiveFalseAndGroupsOrUnknownAttributesAreRefused() {
        String id = org.addUser(person("leaver"));

        assertThat(dir.deactivate(NativeId.of(id))).isInstanceOf(WriteResult.Stored.class);
        assertThat(org.isActive(id)).isFalse();
        assertThat(dir.update(NativeId.of(id), UserPatch.builder().addGroup("Team A").build()))
                .isInstanceOfSatisfying(WriteResult.Failed.class, f -> assertThat(f.failure().kind()).isEqualTo(FailureKind.VALIDATION));
        assertThat(dir.update(NativeId.of(id), UserPatch.builder().setAttribute("department", "Sales").build()))
                .isInstanceOfSatisfying(WriteResult.Failed.class, f -> assertThat(f.failure().kind()).isEqualTo(FailureKind.VALIDATION));
    }

    @Test
    void userLicenseSeatsAreReadableForProfiles() {
        org.setUserLicenseSeats(25);
        org.addUser(person("seated"));

        assertThat(dir.userLicenses()).singleElement().satisfies(l -> {
            assertThat(l.total()).isEqualTo(25);
            assertThat(l.used()).isEqualTo(1);
            assertThat(l.profileIds()).contains(org.defaultProfileId());
        });
    }

    @Test
    void transientFaultsOnReadsAreRetried() {
        org.addUser(person("steady"));
        org.failNext("query", 2, 503);
        org.dropConnectionNext("query.more");

        assertThat(drain(dir.readAll()).users()).hasSize(1);
        assertThat(sleeper.waits).hasSize(2);
    }

    @Test
    void throttlingWaitsForRetryAfter() {
        org.addUser(person("patient"));
        org.throttleNext("query", 1, Duration.ofSeconds(7));

        drain(dir.readAll());

        assertThat(sleeper.waits).containsExactly(Duration.ofSeconds(7));
    }

    @Test
    void malformedOrTruncatedPagesFailTheReadWithATypedError() {
        new RosterGenerator(2).profiles(250).forEach(org::addUser);

        org.malformedNext("query");
        assertThatThrownBy(() -> drain(dir.readAll())).isInstanceOf(InvalidResponseException.class);
        org.clearFaults();

        UserPages pages = dir.readAll();
        org.truncateNextQueryPage();
        assertThatThrownBy(() -> drain(pages)).isInstanceOf(InvalidResponseException.class);
    }

    @Test
    void aSlowBodyPastTheTimeoutIsRetried() {
        SalesforceUserDirectory impatient = Orgs.directory(Orgs.connection(org, sleeper)
                .http(Orgs.http(sleeper).requestTimeout(Duration.ofMillis(300)).build()).build(), org);
        org.addUser(person("slow"));
        impatient.get(NativeId.of(org.userIds().get(0)));
        org.slowNext("query", Duration.ofSeconds(2));

        assertThat(impatient.get(NativeId.of(org.userIds().get(0)))).isPresent();
        assertThat(sleeper.waits).hasSize(1);
    }
}
