package io.rostersync.talkdesk;

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
        emulator = TalkdeskFixtures.fastEmulator().build();
        emulator.start();
        new RosterGenerator(3).profiles(7).forEach(emulator::add);
        return TalkdeskFixtures.directory(emulator).restPageSize(3).build();
    }

    @AfterEach
    void stop() {
        emulator.close();
    }
}
