/**
 * WeChat's access token (stable-token API): cached, renewed ahead of expiry, fetched by one
 * caller at a time, and re-fetched once with compare-and-expire when WeChat says it is no longer
 * valid.
 * <p>
 * API: {@link io.github.wxminiauth.accesstoken.AccessTokenProvider} is what applications call;
 * {@link io.github.wxminiauth.accesstoken.AccessTokenCache} is the SPI where the token is kept,
 * with {@link io.github.wxminiauth.accesstoken.InMemoryAccessTokenCache} as the default. The
 * provider itself is in {@code accesstoken.internal}.
 */
@NullMarked
package io.github.wxminiauth.accesstoken;

import org.jspecify.annotations.NullMarked;
