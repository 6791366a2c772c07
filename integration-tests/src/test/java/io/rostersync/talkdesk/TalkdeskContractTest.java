package io.rostersync.talkdesk;

import io.rostersync.model.UserProfile;
import io.rostersync.model.UserStatus;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import io.rostersync.spi.UserDirectory;
import io.rostersync.testkit.RosterGenerator;
import io.rostersync.testkit.UserDirectoryContract;
import io.rostersync.emulators.talkdesk.TalkdeskEmulator;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;

/** The directory contract against the Talkdesk emulator (REST reads, SCIM writes by PUT). */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TalkdeskContractTest extends UserDirectoryContract {

    private TalkdeskEmulator emulator;

    @Override
    protected UserDirectory directory() {
        emulator = TalkdeskFixtures.fastEmulator().start();
        new RosterGenerator(3).profiles(7).forEach(emulator::add);
        return TalkdeskFixtures.directory(emulator).restPageSize(3).build();
    }

    /**
     * Talkdesk's userName is the email, it keeps roles and teams but no free attributes, and a user is active
     * or deactivated (no pending or suspended state).
     */
    @Override
    protected UserProfile newProfile(String unique) {
        return super.newProfile(unique).toBuilder().username(Optional.empty()).attributes(Map.of()).build();
    }

    @Override
    protected Set<UserStatus> statusesOnCreate() {
        return EnumSet.of(UserStatus.ACTIVE, UserStatus.INACTIVE);
    }

    @AfterEach
    void stop() {
        emulator.close();
    }
}
