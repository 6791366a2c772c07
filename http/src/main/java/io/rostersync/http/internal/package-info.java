/**
 * Implementation details of rostersync-http. Nothing here is API: names, signatures and behaviour may
 * change in any release without notice. Do not use from provider or host code.
 */
@NullMarked
package io.rostersync.http.internal;

import org.jspecify.annotations.NullMarked;
