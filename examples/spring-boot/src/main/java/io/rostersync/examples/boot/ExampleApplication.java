package io.rostersync.examples.boot;

import io.rostersync.jdbc.JdbcUserDirectory;
import io.rostersync.jdbc.UserTableMapping;
import javax.sql.DataSource;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * The host application. Its own code is one bean: its users table as a directory. The Zendesk account is the
 * {@code support} connection of {@code application.properties}, and the sync between the two is declared there too.
 */
@SpringBootApplication
public class ExampleApplication {

    /**
     * Starts the application.
     *
     * @param args command-line arguments, as Spring Boot reads them
     */
    public static void main(String[] args) {
        SpringApplication.run(ExampleApplication.class, args);
    }

    /**
     * The application's users table ({@code schema.sql}), where the sync writes.
     *
     * @param dataSource the application's database
     * @return the table as a directory
     */
    @Bean
    JdbcUserDirectory appUsers(DataSource dataSource) {
        return JdbcUserDirectory.create("app-users", dataSource, UserTableMapping.defaultTables());
    }
}
