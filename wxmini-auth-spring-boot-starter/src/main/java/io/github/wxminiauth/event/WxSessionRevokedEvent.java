package io.github.wxminiauth.event;

import io.github.wxminiauth.user.WxPrincipal;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * A session was revoked: its refresh tokens can no longer be redeemed and its access tokens are
 * refused, on every instance that shares the store.
 *
 * @param sessionId the session
 * @param session the session and its user, when known where it was revoked (not for a reuse
 * detected by the store, which knows only the session id)
 * @param reason why
 * @since 0.2.0
 */
public record WxSessionRevokedEvent(String sessionId, @Nullable WxPrincipal session, Reason reason)
		implements WxSessionEvent {

	public WxSessionRevokedEvent {
		Assert.hasText(sessionId, "sessionId must not be empty");
		Assert.notNull(reason, "reason must not be null");
	}

	/**
	 * Why a session was revoked.
	 */
	public enum Reason {

		/** The user logged out, here or from another of their sessions. */
		LOGOUT,

		/** The application ended the session (e.g. an operator kicked the user out). */
		KICK,

		/** The user was disabled. */
		BAN,

		/** A newer login took its place: the user had more sessions than {@code wxmini.session.max-per-user}. */
		LIMIT,

		/** A spent refresh token of the session was presented again. */
		REUSE,

		/** The session's user no longer exists (the user service found no one at a refresh). */
		USER_REMOVED

	}

}
