/**
 * The freshness benchmark of issue 19: how long a change made in a vendor takes to reach the host through its
 * events: Zendesk webhooks and Salesforce Change Data Capture, each a {@link
 * io.rostersync.benchmarks.freshness.FreshnessSource}. Not published.
 */
@NullMarked
package io.rostersync.benchmarks.freshness;

import org.jspecify.annotations.NullMarked;
