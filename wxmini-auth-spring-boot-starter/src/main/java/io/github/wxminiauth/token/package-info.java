/**
 * The starter's own tokens: signed access JWTs and rotating opaque refresh tokens, their
 * verification, and the store of refresh tokens and revoked sessions.
 */
@NullMarked
package io.github.wxminiauth.token;

import org.jspecify.annotations.NullMarked;
