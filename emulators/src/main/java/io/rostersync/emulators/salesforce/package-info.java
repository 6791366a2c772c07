/**
 * An emulated Salesforce org for offline tests: {@link io.rostersync.emulators.salesforce.SalesforceEmulator}
 * serves the REST API shapes (OAuth token, SOQL query paging, sObject Collections, limits) on a loopback
 * MockWebServer, with injectable faults, validation rules, a daily API limit and request counts.
 */
@NullMarked
package io.rostersync.emulators.salesforce;

import org.jspecify.annotations.NullMarked;
