/**
 * Implementation details of rostersync-quartz: the job's data, trigger building and the call into the
 * engine. Nothing here is API: names, signatures and behaviour may change in any release without notice.
 * Do not use from host code.
 */
@NullMarked
package io.rostersync.quartz.internal;

import org.jspecify.annotations.NullMarked;
