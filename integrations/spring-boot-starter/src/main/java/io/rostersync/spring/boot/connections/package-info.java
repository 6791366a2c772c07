/**
 * Vendor connections declared in configuration properties: each {@code rostersync.connections.<name>.<vendor>.*}
 * group becomes a {@link io.rostersync.spi.UserDirectory} bean named {@code <name>} (Zendesk, Talkdesk, Salesforce or
 * SCIM 2.0), which a sync refers to by that name. Secrets come from the environment through placeholders
 * ({@code api-token=${ZENDESK_API_TOKEN}}) and never appear in logs, exception messages or the Actuator's
 * {@code env} and {@code configprops} output. See {@link io.rostersync.spring.boot.connections.ConnectionsProperties}
 * for every setting.
 */
@NullMarked
package io.rostersync.spring.boot.connections;

import org.jspecify.annotations.NullMarked;
