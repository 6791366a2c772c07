/**
 * A Zendesk Support emulator for offline tests: {@link io.rostersync.emulators.zendesk.ZendeskEmulator}
 * serves the users, custom roles, incremental export, bulk job and OAuth endpoints on 127.0.0.1 with
 * Zendesk's JSON shapes and rate limits, hands out a {@code ZendeskDirectory.Builder} pointed at itself, and
 * takes the shared faults ({@link io.rostersync.emulators.Fault}) per route.
 */
@NullMarked
package io.rostersync.emulators.zendesk;

import org.jspecify.annotations.NullMarked;
