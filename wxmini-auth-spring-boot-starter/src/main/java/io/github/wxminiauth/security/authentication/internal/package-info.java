/**
 * Internal: the login's {@code AuthenticationProvider} (code2Session, the user store, one-tap
 * phone login) and the guard of one-tap logins. Public only for the configurer; may change in any
 * release without notice.
 */
@NullMarked
package io.github.wxminiauth.security.authentication.internal;

import org.jspecify.annotations.NullMarked;
