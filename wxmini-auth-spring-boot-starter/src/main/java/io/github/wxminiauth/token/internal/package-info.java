/**
 * Internal: the JSON Web Key checks and encodings of the signing keys, shared by {@code
 * JwtSigningKeys} and the auto-configuration. Public only for them; may change in any release
 * without notice.
 */
@NullMarked
package io.github.wxminiauth.token.internal;

import org.jspecify.annotations.NullMarked;
