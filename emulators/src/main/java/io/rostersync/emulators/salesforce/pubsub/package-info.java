/**
 * The Salesforce Pub/Sub API of an emulated org: {@link io.rostersync.emulators.salesforce.pubsub.SalesforcePubSubEmulator}
 * serves {@code eventbus.v1.PubSub} over gRPC in-process and publishes Change Data Capture events on
 * {@code /data/UserChangeEvent} for every change of a user in the org, with replay, retention, flow control,
 * keepalives, session checks and seeded chaos ({@link io.rostersync.emulators.salesforce.pubsub.PubSubChaos}).
 */
@NullMarked
package io.rostersync.emulators.salesforce.pubsub;

import org.jspecify.annotations.NullMarked;
