/**
 * The starter's own tokens: signed access JWTs and rotating opaque refresh tokens, their
 * verification, and the store of refresh tokens and revoked sessions.
 * <p>
 * API: {@link io.github.wxminiauth.token.WxTokenService} and what it takes and returns, the
 * {@link io.github.wxminiauth.token.RefreshTokenStore} SPI and its in-memory default, the codec
 * and signing keys (beans an application may declare itself), the exceptions. The key checks are
 * in {@code token.internal}.
 */
@NullMarked
package io.github.wxminiauth.token;

import org.jspecify.annotations.NullMarked;
