/**
 * Implementation details of the model: how identity text is normalised and compared. Nothing here is API:
 * names, signatures and behaviour may change in any release without notice. Do not use from host code.
 */
@NullMarked
package io.rostersync.model.internal;

import org.jspecify.annotations.NullMarked;
