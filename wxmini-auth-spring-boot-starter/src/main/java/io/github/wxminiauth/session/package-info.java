/**
 * Login sessions under the application's control: list a user's sessions, end one, kick the user
 * out everywhere.
 * <p>
 * API: every type here.
 */
@NullMarked
package io.github.wxminiauth.session;

import org.jspecify.annotations.NullMarked;
