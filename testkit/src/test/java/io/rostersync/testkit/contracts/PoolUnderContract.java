package io.rostersync.testkit.contracts;

import io.rostersync.spi.LicensePool;
import io.rostersync.testkit.LicensePoolContract;
import java.util.function.IntFunction;

/** The license pool contract over whatever pools {@link #use} last set; run by {@link LicensePoolContractCatchesBrokenPoolsTest}. */
public class PoolUnderContract extends LicensePoolContract {

    private static volatile IntFunction<LicensePool> pools = seats -> io.rostersync.testkit.InMemoryLicensePool.of("seats", seats);

    static void use(IntFunction<LicensePool> newPool) {
        pools = newPool;
    }

    @Override
    protected LicensePool pool(int seats) {
        return pools.apply(seats);
    }
}
