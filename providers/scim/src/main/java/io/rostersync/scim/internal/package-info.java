/**
 * Implementation details of rostersync-scim: the mapping between SCIM JSON and profiles. Nothing here is
 * API: names, signatures and behaviour may change in any release without notice.
 */
@NullMarked
package io.rostersync.scim.internal;

import org.jspecify.annotations.NullMarked;
