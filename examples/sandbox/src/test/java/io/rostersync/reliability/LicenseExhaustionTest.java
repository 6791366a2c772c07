package io.rostersync.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.rostersync.http.HttpSettings;
import io.rostersync.spi.FailedAction;
import io.rostersync.engine.RunOptions;
import io.rostersync.engine.SyncListener;
import io.rostersync.engine.SyncRunner;
import io.rostersync.http.Secret;
import io.rostersync.model.Cursor;
import io.rostersync.model.SyncId;
import io.rostersync.model.UserProfile;
import io.rostersync.model.UserStatus;
import io.rostersync.plan.Plan;
import io.rostersync.policy.Field;
import io.rostersync.policy.LicenseRule;
import io.rostersync.policy.Ownership;
import io.rostersync.policy.SyncPolicy;
import io.rostersync.salesforce.SalesforceLicensePool;
import io.rostersync.spi.ActionKind;
import io.rostersync.spi.FailedAction;
import io.rostersync.spi.FailureKind;
import io.rostersync.spi.LicensePool;
import io.rostersync.spi.RunStatus;
import io.rostersync.spi.SyncReport;
import io.rostersync.spi.UserDirectory;
import io.rostersync.talkdesk.TalkdeskRegion;
import io.rostersync.talkdesk.TalkdeskSeatPool;
import io.rostersync.talkdesk.TalkdeskUserDirectory;
import io.rostersync.testkit.InMemoryLicensePool;
import io.rostersync.testkit.InMemorySyncStateStore;
import io.rostersync.testkit.InMemoryUserDirectory;
import io.rostersync.emulators.talkdesk.TalkdeskEmulator;
import java.time.LocalDate;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * License exhausted mid-run: after the plan is made (with free seats), someone else takes all seats but
 * one. The run assigns what it can, reports the rest as {@link FailureKind#LICENSE_SHORTFALL}, keeps the
 * cursor, and once seats are freed the next run assigns them and a third plan is empty.
 */
@Timeout(60)
class LicenseExhaustionTest {

    private static final SyncId SYNC = SyncId.of("license-exhaustion");
    private static final String LICENSE = "Seats";
    private static final int PEOPLE = 4;

    /** A pool on its directory, with a way to take seats away mid-run and to give them back. */
    private interface Seats extends AutoCloseable {
        UserDirectory target();

        LicensePool pool();

        /** All seats but one are taken by someone else. */
        void exhaust();

        /** The contract grows or the other holders leave. */
        void heal();

        @Override
        void close();
    }

    private static UserProfile person(int n) {
        return UserProfile.builder().email("seat" + n + "@reliability.example").firstName("Seat").lastName("Holder" + (char) ('A' + n)).build();
    }

    private static Seats seats(String kind) {
        switch (kind) {
            case "memory": {
                InMemoryUserDirectory target = InMemoryUserDirectory.builder("seat-target").build();
                InMemoryLicensePool pool = InMemoryLicensePool.of(LICENSE, 10);
                return new Seats() {
                    public UserDirectory target() {
                        return target;
                    }

                    public LicensePool pool() {
                        return pool;
                    }

                    public void exhaust() {
                        pool.consumeExternally(9);
                    }

                    public void heal() {
                        pool.consumeExternally(0);
                    }

                    public void close() {
                    }
                };
            }
            case "salesforce": {
                Subject.Salesforce sf = new Subject.Salesforce();
                String licenseRecord = sf.org().addPermissionSetLicense(LICENSE, "Seats", 10, Optional.of(LocalDate.now().plusYears(1)));
                SalesforceLicensePool pool = SalesforceLicensePool.builder(sf.connection(), LICENSE).build();
                return new Seats() {
                    public UserDirectory target() {
                        return sf.directory();
                    }

                    public LicensePool pool() {
                        return pool;
                    }

                    public void exhaust() {
                        sf.org().setPermissionSetLicenseSeats(licenseRecord, 1);
                    }

                    public void heal() {
                        sf.org().setPermissionSetLicenseSeats(licenseRecord, 10);
                    }

                    public void close() {
                        sf.close();
                    }
                };
            }
            case "talkdesk": {
                TalkdeskEmulator emulator = TalkdeskEmulator.builder().scimRequestsPerSecond(1000).start();
                TalkdeskUserDirectory target = TalkdeskUserDirectory.builder("reliability", TalkdeskRegion.US)
                        .clientCredentials(emulator.clientId(), Secret.of(emulator.clientSecret()))
                        .endpoints(emulator.apiBaseUri(), emulator.tokenUri()).scimRequestsPerSecond(1000)
                        .http(HttpSettings.builder().allowInsecureLoopback().sleeper(d -> { })
                                .retryPolicy(Subject.FAST_RETRY).build()).build();
                TalkdeskSeatPool pool = TalkdeskSeatPool.builder(target, 10).licenseId(LICENSE).build();
                return new Seats() {
                    public UserDirectory target() {
                        return target;
                    }

                    public LicensePool pool() {
                        return pool;
                    }

                    public void exhaust() {
                        // Talkdesk itself refuses to activate anyone beyond the seats: one more fits.
                        emulator.seats(OptionalInt.of(emulator.activeCount() + 1));
                    }

                    public void heal() {
                        emulator.seats(OptionalInt.empty());
                    }

                    public void close() {
                        emulator.close();
                    }
                };
            }
            default:
                throw new IllegalArgumentException(kind);
        }
    }

    @ParameterizedTest(name = "{0} seats run out mid-run")
    @ValueSource(strings = {"memory", "salesforce", "talkdesk"})
    void seatsRunningOutMidRunAreReportedAndAssignedOnceFreed(String kind) {
        try (Seats seats = seats(kind)) {
            InMemoryUserDirectory source = InMemoryUserDirectory.builder("seat-source").build();
            for (int n = 0; n < PEOPLE; n++) {
                source.add(person(n));
            }
            InMemorySyncStateStore store = new InMemorySyncStateStore();
            SyncPolicy policy = SyncPolicy.builder().own(Field.USERNAME, Ownership.NEVER)
                    .license(LicenseRule.everyone(LICENSE)).build();
            boolean[] exhaustMidRun = {true};
            SyncListener takeSeats = new SyncListener() {
                @Override
                public void planned(Plan plan) {
                    if (exhaustMidRun[0]) {
                        seats.exhaust();
                    }
                }
            };
            SyncRunner runner = SyncRunner.builder().syncId(SYNC).source(source).target(seats.target()).policy(policy)
                    .stateStore(store).licensePool(seats.pool()).listener(takeSeats).build();
            Optional<Cursor> cursorBefore = store.cursor(SYNC);

            SyncReport report = runner.run(RunOptions.defaults());
            System.out.printf("LICENSE | %s | %s | applied %d, failed %d%n", kind, report.status(), report.applied(), report.failures().size());
            assertThat(report.planned()).as(report.summary()).containsEntry(ActionKind.ASSIGN_LICENSE, PEOPLE);
            assertThat(report.status()).as(report.summary()).isEqualTo(RunStatus.PARTIAL);
            System.out.printf("LICENSE | %s | failures %s%n", kind, report.failures().stream()
                    .map(f -> f.action() + ":" + f.kind()).collect(java.util.stream.Collectors.toList()));
            // Where a seat is an activation (Talkdesk) the create itself is refused and the assign skipped.
            assertThat(report.failures()).as(report.summary())
                    .filteredOn(f -> f.kind() == FailureKind.LICENSE_SHORTFALL).hasSize(PEOPLE - 1);
            assertThat(report.failures()).as(report.summary()).extracting(FailedAction::kind)
                    .isSubsetOf(FailureKind.LICENSE_SHORTFALL, FailureKind.NOT_FOUND);
            assertThat(report.failures().stream().map(f -> f.user().label()).distinct()).hasSize(PEOPLE - 1);
            assertThat(store.cursor(SYNC)).isEqualTo(cursorBefore);
            assertThat(FaultMatrixTest.duplicates(FaultMatrixTest.emails(seats.target()))).isEmpty();

            exhaustMidRun[0] = false;
            seats.heal();
            SyncReport healed = runner.run(RunOptions.defaults());
            assertThat(healed.status()).as(healed.summary()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(FaultMatrixTest.duplicates(FaultMatrixTest.emails(seats.target()))).isEmpty();
            assertThat(runner.plan(RunOptions.defaults()).actions()).as("third plan").isEmpty();
        }
    }
}
