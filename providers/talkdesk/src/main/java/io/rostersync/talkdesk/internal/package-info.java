/**
 * Implementation details of rostersync-talkdesk: decoding of the REST API's HAL pages. Nothing here is
 * API: names, signatures and behaviour may change in any release without notice.
 */
@NullMarked
package io.rostersync.talkdesk.internal;

import org.jspecify.annotations.NullMarked;
