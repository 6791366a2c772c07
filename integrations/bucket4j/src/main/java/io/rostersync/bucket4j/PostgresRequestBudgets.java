package io.rostersync.bucket4j;

import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import io.rostersync.bucket4j.internal.BucketBudget;
import io.rostersync.http.RateLimit;
import io.rostersync.http.RequestBudget;
import io.rostersync.http.Sleeper;
import io.rostersync.spi.TransientException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * Request budgets kept in the host's PostgreSQL, one per vendor account, that every node draws from: N nodes
 * syncing tenants of one Zendesk account spend that account's limit once, not N times. Built on Bucket4j's
 * PostgreSQL backend; each permit is one short transaction on the host's {@link DataSource}.
 *
 * <pre>{@code
 * PostgresRequestBudgets.createTable(dataSource);                 // once, or apply the script with Flyway
 * PostgresRequestBudgets budgets = PostgresRequestBudgets.builder(dataSource).build();   // checks the table
 * RequestBudget acme = budgets.budget("zendesk:acme", RateLimit.of("zendesk:acme", 700, Duration.ofMinutes(1)));
 * HttpSettings http = HttpSettings.builder().requestBudget(acme).build();
 * ZendeskDirectory zendesk = ZendeskDirectory.builder().subdomain("acme").apiToken(email, token)
 *         .accountRateLimit(RateLimit.of("zendesk-account", 700, Duration.ofMinutes(1)))  // the same numbers
 *         .http(http).build();
 * }</pre>
 *
 * <p>A provider's own in-JVM limits (Zendesk's account and incremental-export limits) stay as they are: each
 * is per client, so given the same numbers it is never tighter than the shared budget, and the shared budget
 * is what keeps the nodes together under the account's limit.
 *
 * <p><b>The key</b> of a budget names the vendor account whose limit it is, the same string on every node:
 * the vendor and the account's own identifier, e.g. {@code zendesk:acme} for the Zendesk subdomain
 * {@code acme}, {@code talkdesk:acme} for a Talkdesk account, {@code salesforce:00D5e000000abcd} for an org
 * id. It is stored in plain text as the row's id: never put a token, password or other secret in it.
 *
 * <p><b>The limit</b>: {@code permits} requests start in each {@code period}, the periods aligned to the UTC
 * clock (for a per-minute limit, each clock minute; for a per-second one, each second), the way vendors that
 * count per minute (Zendesk) count. A request that finds the period's permits spent waits for the next period,
 * up to {@link RateLimit#maxWait()}, then fails with {@link io.rostersync.spi.RateLimitedException} carrying
 * when the next permit is expected. Waiting happens on the node (one reservation in the database, then a local
 * sleep), in the order the reservations were made, across nodes. The first node to use a key stores its limit;
 * a different limit given later for the same key is ignored (use a new key, or delete the row, to change it).
 * Periods are read from each node's clock: keep the nodes' clocks synchronised (NTP), as for any lease. A
 * request that leaves a node just before a boundary may be counted by the vendor after it, in the next
 * period: near the end of a period a node waits for the next one instead ({@link Builder#boundaryGuard}).
 *
 * <p><b>{@code Retry-After} still wins</b>: a 429 with {@code Retry-After} is waited out by the call that got it,
 * and its budget withholds permits from every node until the last period boundary within that wait (see
 * {@link RequestBudget#vendorAskedToWait(Duration)}), so the other nodes back off too instead of collecting
 * 429s of their own.
 *
 * <p><b>When PostgreSQL cannot be reached</b> an attempt fails with {@link TransientException} before
 * anything is sent (fail closed: a node that cannot see the shared budget does not spend it blindly); the
 * provider's retry policy retries it where the call is safe to repeat.
 *
 * <p><b>Locking</b>: {@link Lock#SELECT_FOR_UPDATE} by default (see {@link Lock} for the measurements). Thread-safe; one
 * instance per {@code DataSource} is enough, and budgets may be made once at start-up and shared.
 *
 * @since 0.1.0
 */
public final class PostgresRequestBudgets {

    /** The table the budgets live in, one row per key. */
    public static final String TABLE = "rostersync_request_budget";

    /**
     * Where the versioned schema scripts are on the classpath, for Flyway ({@code classpath:} + this) or
     * Liquibase: {@code V1__request_budget.sql}. Give Flyway a history table of its own for it (e.g.
     * {@code rostersync_budget_schema_history}): the version numbers restart at 1, as rostersync-jdbc's do.
     */
    public static final String SCHEMA_LOCATION = "io/rostersync/bucket4j/schema/postgresql";

    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@/-]{0,199}");

    private final ProxyManager<String> proxies;
    private final @Nullable Duration boundaryGuard;
    private final Clock clock;
    private final Sleeper sleeper;

    private PostgresRequestBudgets(ProxyManager<String> proxies, @Nullable Duration boundaryGuard, Clock clock,
                                   Sleeper sleeper) {
        this.proxies = proxies;
        this.boundaryGuard = boundaryGuard;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    /**
     * How concurrent permits of one budget are serialised in PostgreSQL. Both take one transaction per permit
     * on the host's pool and update the key's row in it; they differ in what is locked. Measured with three
     * JVMs of four threads each racing for one key on one PostgreSQL (2-core machine, pooled connections):
     * over five runs {@code SELECT_FOR_UPDATE} granted 327 to 745 permits a second, {@code ADVISORY} 237 to
     * 551, the first faster in four runs of five; both granted exactly the budget's permits, never more.
     */
    public enum Lock {
        /**
         * {@code SELECT ... FOR UPDATE} on the key's row (inserted empty on first use), then the update: two
         * statements per permit, and nothing outside the table is locked. The default: the faster of the two.
         */
        SELECT_FOR_UPDATE,
        /**
         * {@code pg_advisory_xact_lock} on a hash of the key, then read and write the row: one statement more
         * per permit, and keys whose hashes collide wait for each other. For databases where row locks on a
         * hot row are unwelcome.
         */
        ADVISORY
    }

    /**
     * Starts a configuration over {@code dataSource}: the host's PostgreSQL, ideally through its connection
     * pool (every permit borrows a connection for one short transaction).
     *
     * @param dataSource the host's data source; rostersync never closes it
     * @return a builder with the defaults ({@link Lock#SELECT_FOR_UPDATE}, a 5 s statement timeout)
     */
    public static Builder builder(DataSource dataSource) {
        return new Builder(dataSource);
    }

    /**
     * Creates the budgets' table if it is missing, running the shipped {@code V1__request_budget.sql}
     * (idempotent: {@code CREATE TABLE IF NOT EXISTS}). For hosts that do not apply it with Flyway or Liquibase.
     *
     * @param dataSource the host's data source; needs the right to create a table
     * @throws TransientException if the database cannot be reached or refuses the statement
     */
    public static void createTable(DataSource dataSource) {
        Objects.requireNonNull(dataSource, "dataSource");
        String script = script("V1__request_budget.sql");
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute(script);
        } catch (SQLException e) {
            throw new TransientException("could not create the request budget table " + TABLE + " (SQL state "
                    + e.getSQLState() + "); check the data source and its right to create a table", e);
        }
    }

    /**
     * The budget of vendor account {@code key}, shared with every node that asks for the same key on the same
     * database. Cheap: make it once per account at start-up and pass it to the account's settings.
     *
     * @param key   the vendor account, e.g. {@code zendesk:acme}; letters, digits and {@code . _ : @ / -}, at
     *              most 200 characters, never a secret (see the class description)
     * @param limit permits per period and the longest wait for one; its name labels logs and errors
     * @return the budget
     * @throws IllegalArgumentException if the key is not acceptable, the period is not whole milliseconds, or the
     *                                  configured boundary guard is not shorter than the period
     */
    public RequestBudget budget(String key, RateLimit limit) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(limit, "limit");
        if (!KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("a budget key is the vendor account, e.g. zendesk:acme: letters, digits"
                    + " and . _ : @ / -, starting with a letter or digit, at most 200 characters");
        }
        if (!limit.period().equals(Duration.ofMillis(limit.period().toMillis()))) {
            throw new IllegalArgumentException("a shared budget's period must be whole milliseconds");
        }
        Duration guard = boundaryGuard != null ? boundaryGuard
                : Duration.ofMillis(Math.min(limit.period().toMillis() / 10, 1000));
        if (guard.compareTo(limit.period()) >= 0) {
            throw new IllegalArgumentException("the boundary guard (" + guard.toMillis() + " ms) must be shorter than the period");
        }
        return new BucketBudget(proxies, key, limit, guard, clock, sleeper);
    }

    @Override
    public String toString() {
        return "PostgresRequestBudgets[" + TABLE + "]";
    }

    private static String script(String name) {
        String path = SCHEMA_LOCATION + "/" + name;
        try (InputStream in = PostgresRequestBudgets.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("schema script " + path + " is missing from the rostersync-bucket4j jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Configuration of {@link PostgresRequestBudgets}. Not thread-safe. */
    public static final class Builder {
        private final DataSource dataSource;
        private Lock lock = Lock.SELECT_FOR_UPDATE;
        private Duration statementTimeout = Duration.ofSeconds(5);
        private @Nullable Duration boundaryGuard;
        private Clock clock = Clock.systemUTC();
        private Sleeper sleeper = Sleeper.threadSleep();

        private Builder(DataSource dataSource) {
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        }

        /**
         * How permits are serialised (default {@link Lock#SELECT_FOR_UPDATE}).
         *
         * @param lock the locking
         * @return this builder
         */
        public Builder lock(Lock lock) {
            this.lock = Objects.requireNonNull(lock, "lock");
            return this;
        }

        /**
         * How long one statement of a permit may take in PostgreSQL, lock wait included (default 5 s); past it
         * the attempt fails with {@link TransientException}.
         *
         * @param timeout at least one second (JDBC counts whole seconds)
         * @return this builder
         * @throws IllegalArgumentException if it is shorter than a second
         */
        public Builder statementTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "statementTimeout");
            if (timeout.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new IllegalArgumentException("statementTimeout must be at least one second");
            }
            this.statementTimeout = timeout;
            return this;
        }

        /**
         * How long before the end of a period no new permit is handed out, when the longest wait allows
         * waiting for the next period instead: at least the time a request takes from its permit to the
         * vendor, so that it is counted by the vendor in the period that granted it. Default a tenth of each
         * budget's period, at most a second. Costs no throughput under load (permits are then taken at the
         * start of each period); an idle node's request may wait up to the guard.
         *
         * @param guard zero or more, shorter than every period it is used with
         * @return this builder
         * @throws IllegalArgumentException if it is negative
         */
        public Builder boundaryGuard(Duration guard) {
            Objects.requireNonNull(guard, "boundaryGuard");
            if (guard.isNegative()) {
                throw new IllegalArgumentException("boundaryGuard must not be negative");
            }
            this.boundaryGuard = guard;
            return this;
        }

        /**
         * The time periods are counted in, on this node (default the system UTC clock). Every node must count
         * the same periods: give a clock that follows the wall clock (NTP), or a fake one in tests.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * How a request that waits for a permit waits (default {@link Sleeper#threadSleep()}): the same
         * abstraction as {@link io.rostersync.http.HttpSettings#sleeper()}, so a test gives one sleeper that
         * advances its fake {@link #clock(Clock)} and nothing sleeps.
         *
         * @param sleeper the sleeper
         * @return this builder
         */
        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
            return this;
        }

        /**
         * Checks that the table is there and builds the budgets.
         *
         * @return the budgets
         * @throws BudgetTableMissingException if the table or one of its columns is missing
         * @throws TransientException          if the database cannot be reached
         */
        public PostgresRequestBudgets build() {
            checkTable();
            ProxyManager<String> proxies = switch (lock) {
                case ADVISORY -> Bucket4jPostgreSQL.advisoryLockBasedBuilder(dataSource)
                        .primaryKeyMapper(PrimaryKeyMapper.STRING).table(TABLE)
                        .requestTimeout(statementTimeout).clientClock(timeMeter(clock)).build();
                case SELECT_FOR_UPDATE -> Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
                        .primaryKeyMapper(PrimaryKeyMapper.STRING).table(TABLE)
                        .requestTimeout(statementTimeout).clientClock(timeMeter(clock)).build();
            };
            return new PostgresRequestBudgets(proxies, boundaryGuard, clock, sleeper);
        }

        /** Bucket4j's view of {@code clock}, so the buckets refill on the same time the budget waits on. */
        private static TimeMeter timeMeter(Clock clock) {
            return new TimeMeter() {
                @Override
                public long currentTimeNanos() {
                    return Math.multiplyExact(clock.millis(), 1_000_000L);
                }

                @Override
                public boolean isWallClockBased() {
                    return true;
                }
            };
        }

        private void checkTable() {
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                s.executeQuery("SELECT id, state, expires_at FROM " + TABLE + " WHERE 1 = 0").close();
            } catch (SQLException e) {
                String state = String.valueOf(e.getSQLState());
                // 42P01 undefined table, 42703 undefined column (PostgreSQL's codes)
                if (state.equals("42P01") || state.equals("42703")) {
                    throw new BudgetTableMissingException(state, e);
                }
                throw new TransientException("could not read the request budget table " + TABLE + " (SQL state "
                        + state + "); check that the data source reaches the host's PostgreSQL", e);
            }
        }
    }
}
