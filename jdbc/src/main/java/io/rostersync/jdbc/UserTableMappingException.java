package io.rostersync.jdbc;

import io.rostersync.spi.InvalidConfigurationException;

/**
 * A {@link UserTableMapping} does not fit the database it is used on: a table or column it names does not exist,
 * or a column's type cannot hold what the mapping puts in it (an integer id the database does not generate, a
 * boolean status flag in a text column). Thrown by {@link JdbcUserDirectory#validate()} and by the directory's
 * first call, before anything is written; the message names the table, the column and what to change. Kind
 * {@link io.rostersync.spi.FailureKind#INVALID_CONFIGURATION}: retrying does not help until the mapping or the schema changes.
 *
 * @since 0.1.0
 */
public final class UserTableMappingException extends InvalidConfigurationException {

    private static final long serialVersionUID = 1L;

    UserTableMappingException(String message, Throwable cause) {
        super(message, cause);
    }

    UserTableMappingException(String message) {
        super(message);
    }
}
