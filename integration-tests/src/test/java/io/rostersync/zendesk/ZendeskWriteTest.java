package io.rostersync.zendesk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rostersync.model.NativeId;
import io.rostersync.model.UserPatch;
import io.rostersync.model.UserProfile;
import io.rostersync.model.UserRecord;
import io.rostersync.model.UserStatus;
import io.rostersync.spi.Capability;
import io.rostersync.spi.CreateOptions;
import io.rostersync.spi.FailureKind;
import io.rostersync.spi.UnsupportedCapabilityException;
import io.rostersync.spi.UpdateRequest;
import io.rostersync.spi.WriteResult;
import io.rostersync.testkit.ManualClock;
import io.rostersync.emulators.zendesk.ZendeskEmulator;
import io.rostersync.emulators.Fault;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class ZendeskWriteTest {

    private final ManualClock clock = ManualClock.startingAtAFixedTime();
    private ZendeskEmulator emulator;

    private ZendeskDirectory start(ZendeskEmulator.Builder builder) {
        emulator = builder.start();
        return emulator.directory().build();
    }

    @AfterEach
    void stop() {
        if (emulator != null) {
            emulator.close();
        }
    }

    private static UserProfile person(int i) {
        return UserProfile.builder().email("person" + i + "@abc-energy.test").firstName("Person").lastName("Number " + i)
                .role("agent").build();
    }

    private static UserRecord stored(WriteResult r) {
        assertThat(r).isInstanceOf(WriteResult.Stored.class);
        return ((WriteResult.Stored) r).record();
    }

    private static WriteResult.Failed failed(WriteResult r) {
        assertThat(r).isInstanceOf(WriteResult.Failed.class);
        return (WriteResult.Failed) r;
    }

    @Test
    void batchCreateSendsOneCreatePerUserAndNeverAnUpsertThatMergesOntoExistingUsers() throws Exception {
        ZendeskDirectory dir = start(Fixtures.emulator(clock));
        List<UserProfile> profiles = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            profiles.add(person(i));
        }

        List<WriteResult> results = dir.createAll(profiles, CreateOptions.silent());

        assertThat(results).hasSize(150);
        for (int i = 0; i < 150; i++) {
            assertThat(stored(results.get(i)).email()).isEqualTo(profiles.get(i).email());
        }
        assertThat(Fixtures.count(emulator, "POST /api/v2/users")).isEqualTo(150);
        assertThat(Fixtures.count(emulator, "POST /api/v2/users/create_or_update_many")).isZero();
        assertThat(Fixtures.count(emulator, "POST /api/v2/users/create_many")).isZero();
    }

    @Test
    void oneRefusedCreateInABatchFailsThatUserOnly() throws Exception {
        ZendeskDirectory dir = start(Fixtures.emulator(clock));
        long holder = emulator.addUser("Taken Already", "person1@abc-energy.test", "admin");
        UserProfile noName = UserProfile.builder().email("noname@abc-energy.test").build();

        List<WriteResult> results = dir.createAll(List.of(person(0), person(1), noName, person(3)), CreateOptions.silent());

        assertThat(stored(results.get(0)).lastName()).isEqualTo("Number 0");
        assertThat(failed(results.get(1)).failure().kind()).isEqualTo(FailureKind.ALREADY_EXISTS);
        assertThat(failed(results.get(1)).failure().message()).contains(Long.toString(holder));
        assertThat(failed(results.get(2)).failure().kind()).isEqualTo(FailureKind.VALIDATION);
        assertThat(stored(results.get(3)).lastName()).isEqualTo("Number 3");
    }

    @Test
    void createsForEmailsOrExternalIdsHeldByOtherPeopleNeverTouchThosePeople() throws Exception {
        ZendeskDirectory dir = start(Fixtures.emulator(clock));
        long admin = emulator.addUser("Root Admin", "root@abc-energy.test", "admin");
        long agent = emulator.addUser("Ext Holder", "holder@abc-energy.test", "agent");
        stored(dir.update(NativeId.of(Long.toString(agent)), UserPatch.builder()
                .setAttribute(ZendeskAttributes.EXTERNAL_ID, "hr-1").build()));
        String adminBefore = emulator.user(admin).orElseThrow().toString();
        String agentBefore = emulator.user(agent).orElseThrow().toString();
        int putsBefore = Fixtures.count(emulator, "PUT /api/v2/users/{id}");

        // The admin's address in another case, the admin's address as is, and a new address with the agent's external id.
        List<UserProfile> takeovers = List.of(
                UserProfile.builder().email("ROOT@abc-energy.test").firstName("Eve").lastName("Intruder").role("end-user").build(),
                UserProfile.builder().email("root@abc-energy.test").firstName("Mallory").lastName("M").role("agent").build(),
                UserProfile.builder().email("new@abc-energy.test").firstName("New").lastName("Person")
                        .attribute(ZendeskAttributes.EXTERNAL_ID, "HR-1").build());
        List<WriteResult> batch = dir.createAll(takeovers, CreateOptions.silent());
        WriteResult single = dir.create(takeovers.get(1), CreateOptions.silent());

        assertThat(batch).allSatisfy(r -> assertThat(failed(r).failure().kind()).isEqualTo(FailureKind.ALREADY_EXISTS));
        assertThat(failed(single).failure().kind()).isEqualTo(FailureKind.ALREADY_EXISTS);
        assertThat(failed(batch.get(0)).failure().message()).contains(Long.toString(admin));
        assertThat(failed(batch.get(2)).failure().message()).contains(Long.toString(agent));
        assertThat(emulator.user(admin).orElseThrow().toString()).isEqualTo(adminBefore);
        assertThat(emulator.user(agent).orElseThrow().toString()).isEqualTo(agentBefore);
        assertThat(Fixtures.count(emulator, "PUT /api/v2/users/{id}")).isEqualTo(putsBefore);
        assertThat(Fixtures.count(emulator, "POST /api/v2/users/create_or_update_many")).isZero();
    }

    @Test
    void findExistingAsksTheSearchApiByEmailAndExternalIdAndKeepsOnlyExactHolders() throws Exception {
        ZendeskDirectory dir = start(Fixtures.emulator(clock));
        long ann = emulator.addUser("Ann Agent", "ann@abc-energy.test", "agent");
        long bob = emulator.addUser("Bob Agent", "bob@abc-energy.test", "agent");
        long gone = emulator.addUser("Gone Agent", "gone@abc-energy.test", "agent");
        stored(dir.update(NativeId.of(Long.toString(bob)), UserPatch.builder().setAttribute(ZendeskAttributes.EXTERNAL_ID, "x-9").build()));
        emulator.addUser("Annabel Other", "annabel@abc-energy.test", "agent");
        ZendeskDirectory deleting = emulator.directory().allowSoftDelete().build();
        stored(deleting.delete(NativeId.of(Long.toString(gone))));

        assertThat(dir.findExisting(UserProfile.builder().email("ANN@abc-energy.test").build()))
                .extracting(u -> u.id().value()).containsExactly(Long.toString(ann));
        assertThat(dir.findExisting(UserProfile.builder().email("ann@abc-energy.test").attribute(ZendeskAttributes.EXTERNAL_ID, "x-9").build()))
                .extracting(u -> u.id().value()).containsExactly(Long.toString(ann), Long.toString(bob));
        assertThat(dir.findExisting(UserProfile.builder().email("gone@abc-energy.test").build())).isEmpty();
        assertThat(dir.findExisting(UserProfile.builder().email("nobody@abc-energy.test").build())).isEmpty();
        assertThat(dir.findExisting(UserProfile.builder().firstName("No").lastName("Keys").build())).isEmpty();
        assertThat(Fixtures.count(emulator, "GET /api/v2/users")).as("never a full scan").isZero();
    }

    @Test
    void bulkUpdatesRefusedWith403FallBackToSingleWrites() throws Exception {
        ZendeskDirectory dir = start(Fixtures.emulator(clock));
        // As on an account where bulk user imports are not enabled.
        emulator.faults().always(ZendeskEmulator.CREATE_OR_UPDATE_MANY, Fault.status(403))
                .always(ZendeskEmulator.UPDATE_MANY, Fault.status(403));

        List<WriteResult> created = dir.createAll(List.of(person(0), person(1), person(2)), CreateOptions.silent());
        assertThat(created).allMatch(r -> r instanceof WriteResult.Stored);
        List<UpdateRequest> updates = created.stream()
                .map(r -> new UpdateRequest(((WriteResult.Stored) r).record().id(), UserPatch.builder().lastName("Renamed").build()))
                .toList();
        List<WriteResult> updated = dir.updateAll(updates);

        assertThat(updated).allSatisfy(r -> assertThat(stored(r).lastName()).isEqualTo("Renamed"));
        assertThat(Fixtures.count(emulator, "POST /api/v2/users/create_or_update_many")).isZero();
        assertThat(Fixtures.count(emulator, "PUT /api/v2/users/update_many")).isEqualTo(1);
        assertThat(Fixtures.count(emulator, "POST /api/v2/users")).isEqualTo(3);
        assertThat(Fixtures.count(emulator, "PUT /api/v2/users/{id}")).isEqualTo(3);
    }

    @Test
    void batchUpdateSendsOneJobAndReportsUnknownUsersSeparately() throws Exception {
        ZendeskDirectory dir = start(Fixtures.emulator(clock));
        long a = emulator.addUser("Ann Agent", "ann@abc-energy.test", "agent");
        long b = emulator.addUser("Bob Agent", "bob@abc-energy.test", "agent");
        emulator.customRole("QA Lead");

        List<WriteResult> results = dir.updateAll(List.of(
                new UpdateRequest(NativeId.of(Long.toString(a)), UserPatch.builder().lastName("Smith").build()),
                new UpdateRequest(NativeId.of("424242"), UserPatch.builder().lastName("X").build()),
                new UpdateRequest(NativeId.of(Long.toString(b)), UserPatch.builder().addRole("QA Lead").build())));

        assertThat(stored(results.get(0)).profile().displayName()).isEqualTo("Ann Smith");
        assertThat(failed(results.get(1)).failure().kind()).isEqualTo(FailureKind.NOT_FOUND);
        assertThat(stored(results.get(2)).roles()).containsExactlyInAnyOrder("agent", "QA Lead");
        assertThat(Fixtures.count(emulator, "PUT /api/v2/users/update_many")).isEqualTo(1);
    }

    @Test
    void failedJobSubmissionFailsEveryUserOfTheBatch() throws Exception {
        ZendeskDirectory dir = start(Fixtures.emulator(clock));
        long a = emulator.addUser("Ann Agent", "ann@abc-energy.test", "agent");
        long b = emulator.addUser("Bob Agent", "bob@abc-energy.test", "agent");
        emulator.faults().next(ZendeskEmulator.UPDATE_MANY, Fault.status(422));

        List<WriteResult> results = dir.updateAll(List.of(
                new UpdateRequest(NativeId.of(Long.toString(a)), UserPatch.builder().lastName("Smith").build()),
                new UpdateRequest(NativeId.of(Long.toString(b)), UserPatch.builder().lastName("Jones").build())));

        assertThat(results).allSatisfy(r -> assertThat(failed(r).failure().kind()).isEqualTo(FailureKind.VALIDATION));
    }

    @Test
    void deactivateSuspendsAndReactivateUnsuspends() throws Exception {
        ZendeskDirectory dir = start(Fixtures.emulator(clock));
        NativeId id = NativeId.of(Long.toString(emulator.addUser("Sue Spended", "sue@abc-energy.test", "agent")));

        assertThat(stored(dir.deactivate(id)).status()).isEqualTo(UserStatus.SUSPENDED);
        assertThat(emulator.user(Long.parseLong(id.value())).orElseThrow().get("suspended")).isEqualTo(true);
        assertThat(stored(dir.reactivate(id)).status()).isEqualTo(UserStatus.ACTIVE);
        assertThat(emulator.user(Long.parseLong(id.value())).orElseThrow().get("active")).isEqualTo(true);
    }

    @Test
    void deleteOnlyWhenSoftDeleteWasAllowed() throws Exception {
        ZendeskDirectory dir = start(Fixtures.emulator(clock));
        NativeId id = NativeId.of(Long.toString(emulator.addUser("Del Ete", "del@abc-energy.test", "agent")));

        assertThat(dir.capabilities()).doesNotContain(Capability.DELETE);
        assertThatThrownBy(() -> dir.delete(id)).isInstanceOf(UnsupportedCapabilityException.class);
        assertThat(emulator.requestCount()).isZero();

        ZendeskDirectory deleting = emulator.directory().allowSoftDelete().build();
        assertThat(stored(deleting.delete(id)).status()).isEqualTo(UserStatus.INACTIVE);
        assertThat(emulator.user(Long.parseLong(id.value())).orElseThrow().get("active")).isEqualTo(false);
    }

    @Test
    void readOnlyDirectoryDeclaresNoWrites() throws Exception {
        start(Fixtures.emulator(clock));
        ZendeskDirectory dir = emulator.directory().readOnly().build();

        assertThat(dir.capabilities()).containsExactlyInAnyOrder(Capability.READ, Capability.INCREMENTAL_READ, Capability.LOOKUP);
        assertThat(dir.maxBatchSize()).isEqualTo(1);
        assertThatThrownBy(() -> dir.create(person(1), CreateOptions.silent())).isInstanceOf(UnsupportedCapabilityException.class);
    }

    @Test
    void rolesAndAttributesThatZendeskCannotHoldAreValidationFailures() throws Exception {
        ZendeskDirectory dir = start(Fixtures.emulator(clock));

        WriteResult unknownRole = dir.create(person(1).toBuilder().roles(List.of("Galactic Overlord")).build(), CreateOptions.silent());
        WriteResult unknownAttribute = dir.create(person(2).toBuilder().attribute("shoe_size", "44").build(), CreateOptions.silent());

        assertThat(failed(unknownRole).failure().kind()).isEqualTo(FailureKind.VALIDATION);
        assertThat(failed(unknownRole).failure().message()).contains("Galactic Overlord");
        assertThat(failed(unknownAttribute).failure().kind()).isEqualTo(FailureKind.VALIDATION);
        assertThat(Fixtures.count(emulator, "POST /api/v2/users")).isZero();
    }

    @Test
    void duplicateEmailOnSingleCreateIsAlreadyExistsAndAnyOtherRefusalStaysValidation() throws Exception {
        ZendeskDirectory dir = start(Fixtures.emulator(clock));
        emulator.addUser("Taken Already", "person1@abc-energy.test", "agent");

        assertThat(failed(dir.create(person(1), CreateOptions.silent())).failure().kind()).isEqualTo(FailureKind.ALREADY_EXISTS);
        emulator.faults().next(ZendeskEmulator.CREATE_USER, Fault.status(422));
        WriteFailureAssert.validation(dir.create(person(2), CreateOptions.silent()));
    }

    @Test
    void createWritesNameEmailRoleExternalIdTagsAndUserFields() throws Exception {
        ZendeskDirectory dir = start(Fixtures.emulator(clock));
        emulator.customRole("QA Lead");
        UserProfile p = UserProfile.builder().email("ana@abc-energy.test").firstName("Ana").lastName("Van der Berg")
                .role("QA Lead").attribute(ZendeskAttributes.EXTERNAL_ID, "hr-7").attribute(ZendeskAttributes.TAGS, "b,a")
                .attribute("user_field.employee_no", "E9").status(UserStatus.SUSPENDED).build();

        UserRecord r = stored(dir.create(p, CreateOptions.silent()));

        assertThat(r.firstName()).isEqualTo("Ana");
        assertThat(r.lastName()).isEqualTo("Van der Berg");
        assertThat(r.roles()).containsExactlyInAnyOrder("agent", "QA Lead");
        assertThat(r.status()).isEqualTo(UserStatus.SUSPENDED);
        assertThat(r.attributes()).containsEntry(ZendeskAttributes.EXTERNAL_ID, "hr-7").containsEntry(ZendeskAttributes.TAGS, "a,b")
                .containsEntry("user_field.employee_no", "E9");
    }

    /** Small helper so failure kinds read as sentences. */
    static final class WriteFailureAssert {
        static void validation(WriteResult r) {
            assertThat(r).isInstanceOfSatisfying(WriteResult.Failed.class,
                    f -> assertThat(f.failure().kind()).isEqualTo(FailureKind.VALIDATION));
        }
    }
}
