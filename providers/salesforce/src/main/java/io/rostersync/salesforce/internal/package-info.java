/**
 * Implementation details of the Salesforce provider. Nothing here is API: names, signatures and behaviour
 * may change in any release without notice. Do not use from host code.
 */
@NullMarked
package io.rostersync.salesforce.internal;

import org.jspecify.annotations.NullMarked;
