/**
 * Any SCIM 2.0 service provider (RFC 7643/7644) as a {@link io.rostersync.spi.UserDirectory}: build a
 * {@link io.rostersync.scim.ScimUserDirectory} from the SCIM base URL, credentials and
 * {@link io.rostersync.http.HttpSettings}.
 */
@NullMarked
package io.rostersync.scim;

import org.jspecify.annotations.NullMarked;
