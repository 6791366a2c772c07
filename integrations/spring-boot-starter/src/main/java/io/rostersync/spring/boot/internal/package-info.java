/**
 * The starter's internals. Not API: nothing here is promised to stay compatible between releases.
 */
@NullMarked
package io.rostersync.spring.boot.internal;

import org.jspecify.annotations.NullMarked;
