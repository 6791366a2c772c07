/**
 * Implementation details of rostersync-csv. Nothing here is API: names, signatures and behaviour may
 * change in any release without notice. Do not use from host code.
 */
@NullMarked
package io.rostersync.csv.internal;

import org.jspecify.annotations.NullMarked;
