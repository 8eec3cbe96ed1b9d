/**
 * Internal: the default {@code AccessTokenProvider} (single flight, renewal ahead of expiry,
 * compare-and-expire) and the status the health indicator reads from it. Public only so that the
 * auto-configuration and the health indicator can use them; may change in any release without
 * notice.
 */
@NullMarked
package io.github.wxminiauth.accesstoken.internal;

import org.jspecify.annotations.NullMarked;
