package io.rostersync.talkdesk;

import io.rostersync.model.UserProfile;
import io.rostersync.model.UserStatus;
import io.rostersync.spi.LicensePool;
import io.rostersync.testkit.LicensePoolContract;
import io.rostersync.emulators.talkdesk.TalkdeskEmulator;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;

/** The license pool contract for Talkdesk seats: accounts "license-user-n" start deactivated. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TalkdeskSeatPoolContractTest extends LicensePoolContract {

    private TalkdeskEmulator emulator;

    @Override
    protected LicensePool pool(int seats) {
        emulator = TalkdeskFixtures.fastEmulator().seats(seats).build();
        emulator.start();
        for (int i = 0; i < 4; i++) {
            emulator.add(user(i).value(), UserProfile.builder().email("seat" + i + "@example.com")
                    .firstName("Seat").lastName(String.valueOf(i)).status(UserStatus.INACTIVE).build());
        }
        return TalkdeskSeatPool.builder(TalkdeskFixtures.directory(emulator).build(), seats).build();
    }

    @AfterEach
    void stop() {
        emulator.close();
    }
}
