package io.rostersync.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import io.rostersync.model.NativeId;
import io.rostersync.testkit.RosterGenerator;
import io.rostersync.emulators.salesforce.SalesforceEmulator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SalesforceLicensePoolTest {

    private SalesforceEmulator org;
    private String license;
    private String callCenter;
    private SalesforceLicensePool pool;

    @BeforeEach
    void start() {
        org = SalesforceEmulator.start();
        license = org.addPermissionSetLicense("Talkdesk_for_Salesforce", "Talkdesk for Salesforce", 10, Optional.empty());
        callCenter = org.addCallCenter("Talkdesk for Salesforce");
        pool = SalesforceLicensePool.builder(Orgs.connection(org), "Talkdesk_for_Salesforce").callCenter(callCenter).build();
    }

    @AfterEach
    void stop() {
        org.close();
    }

    @Test
    void usersWhoAlreadyHoldTheSeatStillGetTheCallCentre() {
        List<String> ids = new RosterGenerator(5).profiles(3).stream().map(org::addUser).toList();
        org.assignPermissionSetLicense(ids.get(0), license);
        org.assignPermissionSetLicense(ids.get(1), license);

        assertThat(pool.assignAll(List.of(NativeId.of(ids.get(0)), NativeId.of(ids.get(2)))))
                .allSatisfy(r -> assertThat(r).isEmpty());
        pool.assign(NativeId.of(ids.get(1)));

        assertThat(ids).allSatisfy(id -> assertThat(org.callCenterOf(id)).contains(callCenter));
        assertThat(org.usedLicenses(license)).isEqualTo(3);
    }

    @Test
    void aHeldSeatIsKeptWhenTheCallCentreCannotBeSet() {
        String id = org.addUser(new RosterGenerator(6).profiles(1).get(0));
        org.assignPermissionSetLicense(id, license);
        org.failNext("collections.update", 1, 400);

        assertThat(pool.assignAll(List.of(NativeId.of(id)))).singleElement().satisfies(r -> assertThat(r).isPresent());

        assertThat(org.licenseAssignees(license)).containsExactly(id);
        assertThat(org.callCenterOf(id)).isEmpty();
    }
}
