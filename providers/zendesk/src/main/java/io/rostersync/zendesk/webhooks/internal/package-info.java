/**
 * Implementation details of the Zendesk webhook receiver. Nothing here is API: names, signatures and
 * behaviour may change in any release without notice. Do not use from host code.
 */
@NullMarked
package io.rostersync.zendesk.webhooks.internal;

import org.jspecify.annotations.NullMarked;
