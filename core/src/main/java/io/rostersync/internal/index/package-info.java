/**
 * The planner's index of the target side: flat arrays, open addressing and bit marks behind one class,
 * {@link io.rostersync.internal.index.TargetIndex}, whose API speaks of accounts, links and key values.
 * Nothing here is API: names, signatures and behaviour may change in any release without notice.
 */
@NullMarked
package io.rostersync.internal.index;

import org.jspecify.annotations.NullMarked;
