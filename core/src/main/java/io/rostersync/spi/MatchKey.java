package io.rostersync.spi;

import io.rostersync.model.UserRecord;
import java.util.Optional;

/**
 * A key that identifies a person on both sides, extracted and normalised the same way from a source
 * record and a target record (for example the email, or the source's id stored in a target attribute).
 * Two keys are the same key when their {@link #name()}s are equal; the engine indexes the target side
 * once per distinct name.
 *
 * @since 0.1.0
 */
public interface MatchKey {

    /**
     * Unique, stable name, such as {@code "email"} or {@code "attribute:employeeId"}.
     *
     * @return the name; keys with equal names must extract equal values
     */
    String name();

    /**
     * The key's normalised value on a source record, empty when the record has none.
     *
     * @param source a record from the source side
     * @return the normalised value, or empty when the record has none
     */
    Optional<String> sourceValue(UserRecord source);

    /**
     * The key's normalised value on a target record, empty when the record has none.
     *
     * @param target a record from the target side
     * @return the normalised value, or empty when the record has none
     */
    Optional<String> targetValue(UserRecord target);
}
