/**
 * The Salesforce emulator's parts: the org's records, its REST and OAuth routes, its daily API limit and its
 * fault script. No compatibility promise: anything here may change in any release; use
 * {@link io.rostersync.emulators.salesforce.SalesforceEmulator}.
 */
@NullMarked
package io.rostersync.emulators.salesforce.internal;

import org.jspecify.annotations.NullMarked;
