/**
 * Implementation details of the SPI's values, shared with the planner: the index inside a
 * {@link io.rostersync.spi.Links} snapshot and the hash index it is made of. Nothing here is API: names,
 * signatures and behaviour may change in any release without notice. Do not use from host code.
 */
@NullMarked
package io.rostersync.spi.internal;

import org.jspecify.annotations.NullMarked;
