/**
 * The starter's errors as Spring Security sees them: {@link
 * io.github.wxminiauth.security.WxAuthError} values made by {@link
 * io.github.wxminiauth.security.WxAuthErrors}.
 */
@NullMarked
package io.github.wxminiauth.security;

import org.jspecify.annotations.NullMarked;
