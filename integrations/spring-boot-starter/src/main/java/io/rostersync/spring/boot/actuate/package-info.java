/**
 * Actuator support: the {@code rostersync} health indicator and the {@code rostersync} endpoint (syncs, their
 * last runs, next due times, users waiting for a seat and held deprovisions; run now, dry-run plan, release held
 * deprovisions). Neither ever shows a credential: they show sync ids, directory names, statuses, times, counts
 * and the engine's own messages.
 */
@NullMarked
package io.rostersync.spring.boot.actuate;

import org.jspecify.annotations.NullMarked;
