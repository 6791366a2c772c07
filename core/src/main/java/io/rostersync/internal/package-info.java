/**
 * Implementation details of rostersync. Nothing here is API: names, signatures and behaviour may change
 * in any release without notice. Do not use from host code.
 */
package io.rostersync.internal;
