package io.rostersync.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rostersync.model.UserProfile;
import io.rostersync.spi.Capability;
import io.rostersync.spi.CreateOptions;
import io.rostersync.spi.FailureKind;
import io.rostersync.spi.RosterSyncException;
import io.rostersync.spi.UnsupportedCapabilityException;
import io.rostersync.spi.UserDirectory;
import io.rostersync.spi.UserPages;
import io.rostersync.spi.WriteResult;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class InMemoryUserDirectoryTest extends UserDirectoryContract {

    @Override
    protected UserDirectory directory() {
        InMemoryUserDirectory dir = InMemoryUserDirectory.builder("contract").pageSize(2).build();
        dir.addAll(new RosterGenerator(1).records("seed-", 5));
        return dir;
    }

    @Nested
    class WithoutWrites extends UserDirectoryContract {
        @Override
        protected UserDirectory directory() {
            return InMemoryUserDirectory.builder("read-only").without(Capability.CREATE, Capability.UPDATE, Capability.DELETE,
                    Capability.DEACTIVATE, Capability.REACTIVATE, Capability.BATCH_WRITE, Capability.INCREMENTAL_READ).build();
        }
    }

    @Test
    void aCreateWithATakenEmailOrUsernameIsAlreadyExistsAndFindExistingNamesTheHolder() {
        InMemoryUserDirectory dir = InMemoryUserDirectory.create("host");
        WriteResult first = dir.create(UserProfile.builder().email("ann@example.com").username("ann").build(), CreateOptions.silent());
        io.rostersync.model.UserRecord ann = ((WriteResult.Stored) first).record();
        UserProfile sameEmail = UserProfile.builder().email("ANN@example.com").username("other").build();
        UserProfile sameUsername = UserProfile.builder().email("someone@example.com").username("ANN").build();
        for (UserProfile p : java.util.List.of(sameEmail, sameUsername)) {
            assertThat(dir.create(p, CreateOptions.silent())).isInstanceOfSatisfying(WriteResult.Failed.class,
                    f -> assertThat(f.failure().kind()).isEqualTo(FailureKind.ALREADY_EXISTS));
            assertThat(dir.findExisting(p)).containsExactly(ann);
        }
        assertThat(dir.all()).containsExactly(ann);
        assertThat(dir.findExisting(UserProfile.builder().email("nobody@example.com").username("nobody").build())).isEmpty();
    }

    @Test
    void anUpdateToATakenEmailOrUsernameIsAConflict() {
        InMemoryUserDirectory dir = InMemoryUserDirectory.create("host");
        dir.create(UserProfile.builder().email("ann@example.com").username("ann").build(), CreateOptions.silent());
        io.rostersync.model.UserRecord bob = ((WriteResult.Stored) dir.create(
                UserProfile.builder().email("bob@example.com").username("bob").build(), CreateOptions.silent())).record();
        assertThat(dir.update(bob.id(), io.rostersync.model.UserPatch.builder().username(io.rostersync.model.Username.of("Ann")).build()))
                .isInstanceOfSatisfying(WriteResult.Failed.class, f -> assertThat(f.failure().kind()).isEqualTo(FailureKind.CONFLICT));
        assertThat(dir.update(bob.id(), io.rostersync.model.UserPatch.builder().email(io.rostersync.model.EmailAddress.of("ann@example.com")).build()))
                .isInstanceOfSatisfying(WriteResult.Failed.class, f -> assertThat(f.failure().kind()).isEqualTo(FailureKind.CONFLICT));
    }

    @Test
    void undeclaredOperationsThrowUnsupported() {
        InMemoryUserDirectory dir = InMemoryUserDirectory.builder("ro").without(Capability.CREATE).build();
        assertThatThrownBy(() -> dir.create(UserProfile.builder().build(), CreateOptions.silent()))
                .isInstanceOf(UnsupportedCapabilityException.class).hasMessageContaining("CREATE");
    }

    @Test
    void injectedFailureHitsOnlyThatUser() {
        InMemoryUserDirectory dir = InMemoryUserDirectory.create("host").failWritesFor("bad@example.com", FailureKind.VALIDATION);
        assertThat(dir.create(UserProfile.builder().email("bad@example.com").build(), CreateOptions.silent()))
                .isInstanceOf(WriteResult.Failed.class);
        assertThat(dir.create(UserProfile.builder().email("good@example.com").build(), CreateOptions.silent()))
                .isInstanceOf(WriteResult.Stored.class);
    }

    @Test
    void crashAfterWritesThrowsOnTheNextWrite() {
        InMemoryUserDirectory dir = InMemoryUserDirectory.create("host").crashAfterWrites(1);
        dir.create(UserProfile.builder().email("one@example.com").build(), CreateOptions.silent());
        assertThatThrownBy(() -> dir.create(UserProfile.builder().email("two@example.com").build(), CreateOptions.silent()))
                .isInstanceOf(RosterSyncException.class);
        assertThat(dir.size()).isEqualTo(1);
    }

    @Test
    void readCanBeCutOffMidWay() {
        InMemoryUserDirectory dir = InMemoryUserDirectory.builder("host").pageSize(1).build();
        dir.addAll(new RosterGenerator(2).records("x", 3));
        dir.failReadsAfterPages(1);
        try (UserPages pages = dir.readAll()) {
            assertThat(pages.next()).isPresent();
            assertThatThrownBy(pages::next).isInstanceOfSatisfying(RosterSyncException.class,
                    e -> assertThat(e.kind()).isEqualTo(FailureKind.TRANSIENT));
        }
    }
}
