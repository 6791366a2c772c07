package io.rostersync.testkit.contracts;

import io.rostersync.model.NativeId;
import io.rostersync.spi.LicensePool;
import io.rostersync.spi.LicenseSnapshot;
import io.rostersync.spi.WriteFailure;
import io.rostersync.testkit.InMemoryLicensePool;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntFunction;

/** License pools with one deliberate bug each, and the contract checks that must catch it. */
enum BrokenLicensePools {

    ASSIGNS_BEYOND_THE_ENTITLEMENT(BrokenLicensePools::noEntitlementCheck, "assigningBeyondTheEntitlementFailsAsAShortfall",
            "aShortfallChangesNothing"),
    A_REVOKE_DOES_NOTHING(BrokenLicensePools::revokeDoesNothing, "revokeFreesTheSeat",
            "everyAssigneeIsCountedOnceAndARevokeFreesExactlyItsSeat"),
    A_REVOKE_DOES_NOT_FREE_THE_COUNT(BrokenLicensePools::countNeverFreed, "everyAssigneeIsCountedOnceAndARevokeFreesExactlyItsSeat"),
    A_SECOND_ASSIGN_COUNTS_TWICE(BrokenLicensePools::countsRepeats, "assigningTwiceUsesOneSeat", "aUserTwiceInOneBatchGetsOneSeat"),
    A_SHORTFALL_OF_THE_WRONG_KIND(BrokenLicensePools::untypedShortfall, "assigningBeyondTheEntitlementFailsAsAShortfall"),
    A_BATCH_REPORTS_SUCCESS_FOR_A_USER_WITHOUT_A_SEAT(BrokenLicensePools::batchHidesShortfall,
            "assignAllGivesSeatsInOrderAndReportsTheUserWithoutOneAsAShortfall"),
    THE_SNAPSHOT_NAMES_ANOTHER_LICENSE(BrokenLicensePools::wrongName, "snapshotNamesTheLicense"),
    REVOKING_A_NON_ASSIGNEE_FAILS(BrokenLicensePools::revokeOfNonAssigneeFails, "revokingANonAssigneeDoesNothing",
            "revokeAllFreesEverySeatAndIgnoresNonAssignees");

    private final IntFunction<LicensePool> factory;
    private final List<String> caughtBy;

    BrokenLicensePools(IntFunction<LicensePool> factory, String... caughtBy) {
        this.factory = factory;
        this.caughtBy = List.of(caughtBy);
    }

    LicensePool newPool(int seats) {
        return factory.apply(seats);
    }

    List<String> caughtBy() {
        return caughtBy;
    }

    /** Forwards to an in-memory pool; the broken ones override one call. */
    static class ForwardingPool implements LicensePool {
        final InMemoryLicensePool real;

        ForwardingPool(int seats) {
            real = InMemoryLicensePool.of("seats", seats);
        }

        @Override
        public String licenseId() {
            return real.licenseId();
        }

        @Override
        public LicenseSnapshot snapshot() {
            return real.snapshot();
        }

        @Override
        public void assign(NativeId user) {
            real.assign(user);
        }

        @Override
        public void revoke(NativeId user) {
            real.revoke(user);
        }
    }

    /** Keeps its own seat list and checks nothing. */
    private static LicensePool noEntitlementCheck(int seats) {
        return new LicensePool() {
            private final TreeSet<NativeId> holders = new TreeSet<>();

            @Override
            public String licenseId() {
                return "seats";
            }

            @Override
            public LicenseSnapshot snapshot() {
                return new LicenseSnapshot("seats", seats, holders.size(), Optional.empty(), holders);
            }

            @Override
            public void assign(NativeId user) {
                holders.add(user);
            }

            @Override
            public void revoke(NativeId user) {
                holders.remove(user);
            }
        };
    }

    private static LicensePool revokeDoesNothing(int seats) {
        return new ForwardingPool(seats) {
            @Override
            public void revoke(NativeId user) {
            }
        };
    }

    /** Counts seats with a counter that goes up on assign and never down. */
    private static LicensePool countNeverFreed(int seats) {
        return new ForwardingPool(seats) {
            private final Set<NativeId> ever = new HashSet<>();

            @Override
            public void assign(NativeId user) {
                super.assign(user);
                ever.add(user);
            }

            @Override
            public LicenseSnapshot snapshot() {
                LicenseSnapshot s = super.snapshot();
                return new LicenseSnapshot(s.licenseId(), s.entitlement(), Math.max(s.consumed(), ever.size()), s.expiresAt(), s.assignees());
            }
        };
    }

    private static LicensePool countsRepeats(int seats) {
        return new ForwardingPool(seats) {
            private int repeats;

            @Override
            public void assign(NativeId user) {
                if (real.snapshot().assignees().contains(user)) {
                    repeats++;
                }
                super.assign(user);
            }

            @Override
            public LicenseSnapshot snapshot() {
                LicenseSnapshot s = super.snapshot();
                return new LicenseSnapshot(s.licenseId(), s.entitlement(), s.consumed() + repeats, s.expiresAt(), s.assignees());
            }
        };
    }

    private static LicensePool untypedShortfall(int seats) {
        return new ForwardingPool(seats) {
            @Override
            public void assign(NativeId user) {
                if (!real.snapshot().assignees().contains(user) && real.snapshot().free() == 0) {
                    throw new IllegalStateException("no seat left");
                }
                super.assign(user);
            }
        };
    }

    private static LicensePool batchHidesShortfall(int seats) {
        return new ForwardingPool(seats) {
            @Override
            public List<Optional<WriteFailure>> assignAll(List<NativeId> users) {
                List<Optional<WriteFailure>> results = new ArrayList<>();
                for (NativeId u : users) {
                    try {
                        assign(u);
                    } catch (RuntimeException e) {
                        // swallowed: the caller is told every user has a seat
                    }
                    results.add(Optional.empty());
                }
                return results;
            }
        };
    }

    private static LicensePool wrongName(int seats) {
        return new ForwardingPool(seats) {
            @Override
            public LicenseSnapshot snapshot() {
                LicenseSnapshot s = super.snapshot();
                return new LicenseSnapshot("other-license", s.entitlement(), s.consumed(), s.expiresAt(), s.assignees());
            }
        };
    }

    private static LicensePool revokeOfNonAssigneeFails(int seats) {
        return new ForwardingPool(seats) {
            @Override
            public void revoke(NativeId user) {
                if (!real.snapshot().assignees().contains(user)) {
                    throw new io.rostersync.spi.ValidationException(user + " holds no seat");
                }
                super.revoke(user);
            }
        };
    }
}
