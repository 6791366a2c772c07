/**
 * Micrometer meters for rostersync: {@link io.rostersync.micrometer.RosterSyncMetrics} records sync runs
 * through a {@code SyncListener}, licence seats through a wrapped {@code LicensePool}, and vendor requests
 * through {@code HttpSettings}.
 *
 * <p>Micrometer is the host's: this module declares {@code micrometer-core} as {@code provided}, so the version
 * on the classpath is the one the host (or its platform, such as Spring Boot) manages. The retry and
 * rate-limiter meters come from resilience4j-micrometer, at the version of the resilience4j rostersync uses.
 *
 * <h2>Meters</h2>
 *
 * <p>Enum values are tag values in lower case. The {@code sync} tag (marked [sync]) is there only when the host
 * opted in with {@code tagSyncIds()} or {@code syncTag(...)}. No tag ever carries anything from a user record.
 *
 * <table class="striped">
 * <caption>Meters recorded by RosterSyncMetrics</caption>
 * <thead>
 * <tr><th>name</th><th>type</th><th>tags</th><th>unit</th><th>what</th></tr>
 * </thead>
 * <tbody>
 * <tr><td>{@code rostersync.runs}</td><td>timer</td><td>{@code status} (succeeded, partial, held,
 *     refused_by_guard, busy, failed), {@code mode} (full, incremental), [sync]</td><td>seconds</td>
 *     <td>one per finished run (count: runs; total and max: time from start to end by the runner's clock)</td></tr>
 * <tr><td>{@code rostersync.users.read}</td><td>counter</td><td>{@code side} (source, target), [sync]</td>
 *     <td>users</td><td>records read by runs, as their reports count them</td></tr>
 * <tr><td>{@code rostersync.actions}</td><td>counter</td><td>{@code kind} (create, update, deactivate, delete,
 *     reactivate, link, assign_license, revoke_license, grant_permission, revoke_permission), {@code outcome}
 *     (applied, adopted, failed, skipped, refused, superseded, held), [sync]</td><td>actions</td>
 *     <td>one per action the executor finished</td></tr>
 * <tr><td>{@code rostersync.conflicts}</td><td>gauge</td><td>{@code kind} (ambiguous_match,
 *     candidate_linked_elsewhere, duplicate_source_key, candidate_claimed_twice, linked_target_missing,
 *     license_shortfall, license_expired, lookalike_key, deprovision_deferred), [sync]</td><td>conflicts</td>
 *     <td>conflicts in the latest report of each sync, added up (users waiting for a seat are
 *     license_shortfall and license_expired); a busy run leaves the figures as they were</td></tr>
 * <tr><td>{@code rostersync.deprovisions.held}</td><td>gauge</td><td>[sync]</td><td>deprovisions</td>
 *     <td>deprovisions the deletion guard holds for the host to release, as of each sync's latest report</td></tr>
 * <tr><td>{@code rostersync.license.seats}</td><td>gauge</td><td>{@code license} (the pool's licence id),
 *     {@code state} (used, free), [sync]</td><td>seats</td><td>as of the latest snapshot the engine took
 *     and the seats it assigned and revoked since; pools of one licence id add up; NaN before any snapshot</td></tr>
 * <tr><td>{@code rostersync.vendor.requests}</td><td>counter</td><td>{@code vendor} (zendesk, talkdesk,
 *     talkdesk-scim, salesforce, a SCIM directory's name), {@code outcome} (success, redirection,
 *     client_error, rate_limited, server_error, no_response)</td><td>requests</td><td>one per HTTP attempt,
 *     retries and credential refreshes included; {@code rate_limited} is a 429</td></tr>
 * <tr><td>{@code rostersync.vendor.wait}</td><td>timer</td><td>{@code vendor}, {@code reason} (retry,
 *     rate_limit)</td><td>seconds</td><td>time calls waited: retry backoff or the vendor's Retry-After
 *     (count: retries), and waiting for client-side rate-limit permits (count: permits taken)</td></tr>
 * <tr><td>{@code resilience4j.retry.calls}</td><td>function counter</td><td>{@code name} (vendor
 *     {@code -idempotent} or {@code -non-idempotent}), {@code kind} (successful_without_retry,
 *     successful_with_retry, failed_without_retry, failed_with_retry)</td><td>calls</td>
 *     <td>resilience4j-micrometer's, for the retry registry of instrumented settings</td></tr>
 * <tr><td>{@code resilience4j.ratelimiter.available.permissions}, {@code resilience4j.ratelimiter.waiting_threads}</td>
 *     <td>gauges</td><td>{@code name} (the shared {@code RateLimit}'s name)</td><td>permits, threads</td>
 *     <td>resilience4j-micrometer's, for the shared rate limits of instrumented settings (a provider's own
 *     per-account limit is not among them; its waits are in {@code rostersync.vendor.wait})</td></tr>
 * </tbody>
 * </table>
 *
 * <p>Meter names follow Micrometer's dotted convention; a registry renames them for its back end (Prometheus:
 * {@code rostersync_runs_seconds_count}, {@code rostersync_vendor_requests_total}, ...). Timers are in the
 * registry's time unit; the counts (users, actions, conflicts, seats, requests) set no Micrometer base unit, so a
 * back end appends none to their names.
 */
@NullMarked
package io.rostersync.micrometer;

import org.jspecify.annotations.NullMarked;
