/**
 * The emulated org's Pub/Sub API behind {@link io.rostersync.emulators.salesforce.pubsub.SalesforcePubSubEmulator}:
 * the gRPC service, the event log with replay and retention, the chaos and the Avro encoding of change events.
 * Nothing here is API: names, signatures and behaviour may change in any release without notice.
 */
@NullMarked
package io.rostersync.emulators.salesforce.internal.pubsub;

import org.jspecify.annotations.NullMarked;
