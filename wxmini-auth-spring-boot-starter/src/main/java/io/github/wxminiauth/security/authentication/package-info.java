/**
 * Authentication of mini-program logins and of requests carrying the starter's access tokens.
 */
@NullMarked
package io.github.wxminiauth.security.authentication;

import org.jspecify.annotations.NullMarked;
