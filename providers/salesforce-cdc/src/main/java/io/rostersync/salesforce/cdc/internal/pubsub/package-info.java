/**
 * The Salesforce Pub/Sub API's messages and gRPC stub, generated at build time from
 * {@code src/main/proto/eventbus/v1/pubsub_api.proto} (package {@code eventbus.v1}, service {@code PubSub}).
 *
 * <p>Internal: these classes are rostersync's implementation detail and carry no compatibility promise; they may
 * change or disappear in any release. The rostersync emulators use them to speak the same wire protocol.
 */
@NullMarked
package io.rostersync.salesforce.cdc.internal.pubsub;

import org.jspecify.annotations.NullMarked;
