package io.github.wxminiauth.token;

import java.time.Instant;

import io.github.wxminiauth.user.WxPrincipal;

/**
 * Keeps refresh tokens and revoked login sessions. Only hashes of refresh tokens are given to a
 * store, never the tokens, so a reader of the store cannot log in. Every operation must be atomic:
 * when two callers rotate the same token at the same moment, exactly one wins.
 *
 * @since 0.1.0
 */
public interface RefreshTokenStore {

	/**
	 * Stores a new refresh token of a login session.
	 * @param tokenHash the hash of the token
	 * @param session the login session the token belongs to
	 * @param expiresAt when the token stops being redeemable
	 */
	void save(String tokenHash, WxPrincipal session, Instant expiresAt);

	/**
	 * Redeems a refresh token and stores its replacement in the same session, atomically. A token
	 * that was already redeemed is spent: presenting it again is treated as theft, and the whole
	 * session is revoked until {@code revokeUntil}.
	 * @param presentedHash the hash of the presented token
	 * @param replacementHash the hash of the replacement token
	 * @param now the current instant
	 * @param replacementExpiresAt when the replacement expires
	 * @param revokeUntil how long a session revoked for reuse stays revoked
	 * @return the outcome, with the session on success
	 */
	RotationResult rotate(String presentedHash, String replacementHash, Instant now, Instant replacementExpiresAt,
			Instant revokeUntil);

	/**
	 * Revokes a login session: its refresh tokens can no longer be redeemed and its access tokens
	 * are rejected.
	 * @param sessionId the session ({@code sid})
	 * @param until when the revocation may be forgotten (after every token of the session expired)
	 */
	void revokeSession(String sessionId, Instant until);

	/**
	 * Whether a session was revoked. Called on every authenticated request, so it must be cheap.
	 * @param sessionId the session ({@code sid})
	 * @return {@code true} if revoked
	 */
	boolean isSessionRevoked(String sessionId);

}
