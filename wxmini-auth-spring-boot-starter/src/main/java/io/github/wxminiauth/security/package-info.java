/**
 * The starter's errors as Spring Security sees them: {@link
 * io.github.wxminiauth.security.WxAuthError} values made by {@link
 * io.github.wxminiauth.security.WxAuthErrors} and carried by {@link
 * io.github.wxminiauth.security.WxAuthenticationException}.
 * <p>
 * API: every type here.
 */
@NullMarked
package io.github.wxminiauth.security;

import org.jspecify.annotations.NullMarked;
