package io.github.wxminiauth.token;

import io.github.wxminiauth.user.WxPrincipal;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * The outcome of {@link RefreshTokenStore#rotate}.
 *
 * @param outcome what happened
 * @param session the session of the redeemed token: always when {@code outcome} is
 * {@link Outcome#ROTATED}, and when it is {@link Outcome#REVOKED} if the store tells it
 * @param reusedSessionId the session that the reuse of a spent token revoked, when {@code outcome}
 * is {@link Outcome#REUSED} and the store tells it
 * @since 0.1.0
 */
public record RotationResult(Outcome outcome, @Nullable WxPrincipal session, @Nullable String reusedSessionId) {

	public RotationResult {
		Assert.notNull(outcome, "outcome must not be null");
		Assert.isTrue(outcome != Outcome.ROTATED || session != null, "ROTATED needs its session");
		Assert.isTrue(session == null || outcome == Outcome.ROTATED || outcome == Outcome.REVOKED,
				"a session goes with ROTATED or REVOKED only");
		Assert.isTrue(reusedSessionId == null || outcome == Outcome.REUSED, "a reused session goes with REUSED only");
	}

	/**
	 * A result without a reused session.
	 * @param outcome what happened
	 * @param session the session of the redeemed token, with {@link Outcome#ROTATED} (or
	 * {@link Outcome#REVOKED})
	 */
	public RotationResult(Outcome outcome, @Nullable WxPrincipal session) {
		this(outcome, session, null);
	}

	/**
	 * A token of a revoked session, with the session it belongs to.
	 * @param session the revoked session
	 * @return the result
	 * @since 0.2.0
	 */
	public static RotationResult revoked(WxPrincipal session) {
		Assert.notNull(session, "session must not be null");
		return new RotationResult(Outcome.REVOKED, session, null);
	}

	/**
	 * A spent token presented again: its session is now revoked.
	 * @param sessionId the revoked session
	 * @return the result
	 * @since 0.2.0
	 */
	public static RotationResult reused(String sessionId) {
		Assert.hasText(sessionId, "sessionId must not be empty");
		return new RotationResult(Outcome.REUSED, null, sessionId);
	}

	public static RotationResult rotated(WxPrincipal session) {
		return new RotationResult(Outcome.ROTATED, session);
	}

	public static RotationResult of(Outcome failure) {
		return new RotationResult(failure, null);
	}

	public boolean isRotated() {
		return this.outcome == Outcome.ROTATED;
	}

	/**
	 * What a rotation did.
	 */
	public enum Outcome {

		/** The token was redeemed and its replacement stored. */
		ROTATED,

		/** No such token (never issued, or forgotten after it expired). */
		UNKNOWN,

		/** The token expired. */
		EXPIRED,

		/** The token was already spent: the session is now revoked. */
		REUSED,

		/** The token's session was revoked (logout or earlier reuse). */
		REVOKED

	}

}
