/**
 * Salesforce Change Data Capture on {@code User} through the Pub/Sub API:
 * {@link io.rostersync.salesforce.cdc.SalesforceUserChanges} subscribes and turns each change into a hint to sync
 * that user now ({@link io.rostersync.engine.UserHints}), keeping its replay position in the sync's state store.
 */
@NullMarked
package io.rostersync.salesforce.cdc;

import org.jspecify.annotations.NullMarked;
