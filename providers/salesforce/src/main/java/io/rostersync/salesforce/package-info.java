/**
 * Salesforce as a rostersync directory: {@link io.rostersync.salesforce.SalesforceConnection} (OAuth client
 * credentials or JWT bearer, API usage and budget floor), {@link io.rostersync.salesforce.SalesforceUserDirectory}
 * (users, with permission sets as roles), {@link io.rostersync.salesforce.SalesforceLicensePool}
 * (permission set licenses, optionally with a call centre) and the Talkdesk permission set mapping
 * {@link io.rostersync.salesforce.TalkdeskPermissionSets}.
 */
@NullMarked
package io.rostersync.salesforce;

import org.jspecify.annotations.NullMarked;
