/**
 * Implementation details of the Salesforce Change Data Capture subscriber: Avro decoding of change events, replay
 * positions, backoff. Nothing here is API: names, signatures and behaviour may change in any release without
 * notice. Do not use from host code.
 */
@NullMarked
package io.rostersync.salesforce.cdc.internal;

import org.jspecify.annotations.NullMarked;
