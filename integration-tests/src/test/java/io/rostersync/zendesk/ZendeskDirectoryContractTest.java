package io.rostersync.zendesk;

import io.rostersync.emulators.EmulatorExtension;
import io.rostersync.emulators.zendesk.ZendeskEmulator;
import io.rostersync.spi.UserDirectory;
import io.rostersync.testkit.ManualClock;
import io.rostersync.testkit.RosterGenerator;
import io.rostersync.testkit.UserDirectoryContract;
import java.time.Duration;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The testkit's directory contract, run against the emulator over loopback HTTP, one emulator per test. */
@Timeout(30)
class ZendeskDirectoryContractTest extends UserDirectoryContract {

    private final ManualClock clock = ManualClock.startingAtAFixedTime();

    @RegisterExtension
    final EmulatorExtension<ZendeskEmulator> zendesk = EmulatorExtension.of(() -> Fixtures.emulator(clock).start());

    @Override
    protected UserDirectory directory() {
        ZendeskEmulator emulator = zendesk.emulator();
        emulator.seed(new RosterGenerator(2), 30);
        // Time passes between the seed and the reads, as it does in an account.
        clock.advance(Duration.ofMinutes(5));
        return emulator.directory().allowSoftDelete().pageSize(7).build();
    }
}
