package io.rostersync.jdbc;

import java.sql.Connection;
import java.util.Map;
import javax.sql.DataSource;
import liquibase.Scope;
import liquibase.command.CommandScope;
import liquibase.command.core.UpdateCommandStep;
import liquibase.command.core.helpers.DbUrlConnectionArgumentsCommandStep;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.ClassLoaderResourceAccessor;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.output.MigrateResult;

/** Applies the shipped state schema the way a host's Flyway or Liquibase set-up would. */
final class SchemaTools {

    static {
        // no usage reporting from a test run
        System.setProperty("liquibase.analytics.enabled", "false");
    }

    private SchemaTools() {
    }

    /** Flyway as the store's Javadoc shows it: rostersync's scripts in a history table of their own. */
    static Flyway flyway(DataSource ds, String dialect, String target) {
        return Flyway.configure()
                .dataSource(ds)
                .locations("classpath:io/rostersync/jdbc/schema/" + dialect)
                .table("rostersync_flyway_history")
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .validateMigrationNaming(true) // every script in the folder has a name Flyway accepts
                .target(MigrationVersion.fromVersion(target))
                .load();
    }

    static MigrateResult flywayMigrate(DataSource ds, String dialect) {
        return flyway(ds, dialect, "latest").migrate();
    }

    static MigrateResult flywayMigrate(DataSource ds, String dialect, String target) {
        return flyway(ds, dialect, target).migrate();
    }

    /** Liquibase {@code update} of the shipped changelog, as a host's master changelog including it would run. */
    static void liquibaseUpdate(DataSource ds, String dialect) throws Exception {
        try (Connection c = ds.getConnection()) {
            Database database = DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(c));
            Scope.child(Map.of(Scope.Attr.resourceAccessor.name(), new ClassLoaderResourceAccessor(SchemaTools.class.getClassLoader())),
                    () -> new CommandScope(UpdateCommandStep.COMMAND_NAME)
                            .addArgumentValue(DbUrlConnectionArgumentsCommandStep.DATABASE_ARG, database)
                            .addArgumentValue(UpdateCommandStep.CHANGELOG_FILE_ARG, "io/rostersync/jdbc/schema/" + dialect + "/changelog.xml")
                            .execute());
        }
    }
}
