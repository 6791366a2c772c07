/**
 * Spring Boot auto-configuration for rostersync: the JDBC state store on the application's {@code DataSource},
 * syncs declared as beans or configuration properties, scheduling (the application's Quartz when present, else
 * the in-process scheduler), Micrometer meters, and an Actuator health indicator and endpoint.
 */
@NullMarked
package io.rostersync.spring.boot;

import org.jspecify.annotations.NullMarked;
