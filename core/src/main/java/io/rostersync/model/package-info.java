/**
 * Immutable values describing accounts: ids, emails, usernames, profiles, records and patches.
 */
@NullMarked
package io.rostersync.model;

import org.jspecify.annotations.NullMarked;
