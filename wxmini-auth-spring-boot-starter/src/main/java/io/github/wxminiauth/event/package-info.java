/**
 * Spring application events of mini-program login sessions (login, refresh, logout, revocation,
 * refresh-token reuse), for audit logs and metrics. They carry users and sessions, never tokens.
 * <p>
 * API: every type here.
 */
@NullMarked
package io.github.wxminiauth.event;

import org.jspecify.annotations.NullMarked;
