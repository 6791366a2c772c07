/**
 * The multi-tenant benchmark (issue 17): many tenants' Zendesk accounts on one emulator server, synced into
 * one host database by several node JVMs of a clustered scheduler over one PostgreSQL; see
 * {@link io.rostersync.benchmarks.tenants.MultiTenantBenchmark}. Not published.
 */
@NullMarked
package io.rostersync.benchmarks.tenants;

import org.jspecify.annotations.NullMarked;
