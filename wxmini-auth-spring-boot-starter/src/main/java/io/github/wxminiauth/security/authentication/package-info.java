/**
 * Authentication of mini-program logins and of requests carrying the starter's access tokens.
 * <p>
 * API: the two authentication tokens, as a controller, a success handler or a test sees them
 * ({@link io.github.wxminiauth.security.authentication.WxJwtAuthenticationToken},
 * {@link io.github.wxminiauth.security.authentication.WxMiniAuthenticationToken}). The provider
 * that performs the login is in {@code security.authentication.internal}.
 */
@NullMarked
package io.github.wxminiauth.security.authentication;

import org.jspecify.annotations.NullMarked;
