/**
 * An example Spring Boot host: it syncs a Zendesk account into its own users table through the rostersync starter.
 * The Zendesk connection is declared in {@code application.properties}; under the {@code emulator} profile (the
 * default) a Zendesk emulator on loopback stands in for the account.
 */
@NullMarked
package io.rostersync.examples.boot;

import org.jspecify.annotations.NullMarked;
