/**
 * A Zendesk Support emulator for offline tests: {@link io.rostersync.emulators.zendesk.ZendeskEmulator}
 * serves the users, custom roles, incremental export, bulk job and OAuth endpoints on a loopback
 * MockWebServer with Zendesk's JSON shapes, and can inject faults and rate limits.
 */
@NullMarked
package io.rostersync.emulators.zendesk;

import org.jspecify.annotations.NullMarked;
