/**
 * Zendesk Support users as a {@link io.rostersync.spi.UserDirectory}: cursor-paged full reads, the
 * incremental user export for changes, roles and custom roles, and writes (single or bulk with job
 * polling) when Zendesk is a sync's target.
 *
 * <p>Start with {@link io.rostersync.zendesk.ZendeskDirectory#builder()}. How Zendesk users map to
 * rostersync records is described on {@link io.rostersync.zendesk.ZendeskDirectory}.
 */
@NullMarked
package io.rostersync.zendesk;

import org.jspecify.annotations.NullMarked;
