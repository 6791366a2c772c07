/**
 * An emulated Salesforce org for offline tests: {@link io.rostersync.emulators.salesforce.SalesforceEmulator}
 * serves the REST API shapes (OAuth token, SOQL query paging, sObject Collections, limits) on loopback, with
 * the shared faults planned per route in Salesforce's shapes, a daily API limit and recorded requests.
 */
@NullMarked
package io.rostersync.emulators.salesforce;

import org.jspecify.annotations.NullMarked;
