/**
 * WeChat's access token (stable-token API): cached, renewed ahead of expiry, fetched by one
 * caller at a time, and re-fetched once with compare-and-expire when WeChat says it is no longer
 * valid. {@link io.github.wxminiauth.accesstoken.AccessTokenProvider} is what callers use; {@link
 * io.github.wxminiauth.accesstoken.AccessTokenCache} is where the token is shared.
 */
@NullMarked
package io.github.wxminiauth.accesstoken;

import org.jspecify.annotations.NullMarked;
