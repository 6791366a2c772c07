package io.rostersync.zendesk;

import io.rostersync.emulators.EmulatorExtension;
import io.rostersync.emulators.zendesk.ZendeskEmulator;
import io.rostersync.model.UserPatch;
import io.rostersync.model.UserProfile;
import io.rostersync.model.UserStatus;
import io.rostersync.spi.UserDirectory;
import io.rostersync.testkit.ManualClock;
import io.rostersync.testkit.RosterGenerator;
import io.rostersync.testkit.UserDirectoryContract;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
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
        return emulator.directory().allowSoftDelete().pageSize(pageSize()).build();
    }

    /**
     * Zendesk has no usernames and no groups here, one role type per user, and free attributes only as the
     * external id, tags and user fields; a user is active or suspended.
     */
    @Override
    protected UserProfile newProfile(String unique) {
        return UserProfile.builder().email("contract." + unique + "@example.com").firstName("Zoë-Ann")
                .lastName("O'Contract " + unique).role("agent").attribute(ZendeskAttributes.EXTERNAL_ID, "Ext-" + unique).build();
    }

    @Override
    protected Set<UserStatus> statusesOnCreate() {
        return EnumSet.of(UserStatus.ACTIVE, UserStatus.SUSPENDED);
    }

    @Override
    protected UserPatch updatePatch(UserProfile before) {
        return UserPatch.builder().firstName("Renée").lastName("Renamed McPatch")
                .setAttribute(ZendeskAttributes.EXTERNAL_ID, "Changed-" + before.lastName().replace(' ', '-')).build();
    }

    @Override
    protected int pageSize() {
        return 7;
    }

    /** A soft-deleted user stays visible to {@code show_many} with {@code active: false}. */
    @Override
    protected boolean remembersRemovedAccounts() {
        return true;
    }

    /** {@code show_many} takes 100 ids a request, and the emulator refuses more, as Zendesk does. */
    @Override
    protected int lookUpBatchSize() {
        return 100;
    }
}
