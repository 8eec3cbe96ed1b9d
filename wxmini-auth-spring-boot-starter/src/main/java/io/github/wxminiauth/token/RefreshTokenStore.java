package io.github.wxminiauth.token;

import java.time.Instant;
import java.util.List;

import io.github.wxminiauth.user.WxPrincipal;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Keeps refresh tokens and revoked login sessions. Only hashes of refresh tokens are given to a
 * store, never the tokens, so a reader of the store cannot log in. Every operation must be atomic:
 * when two callers rotate the same token at the same moment, exactly one wins.
 * <p>
 * The session ids and token hashes that {@link WxTokenService} gives a store start with the
 * {@link UserTag tag} of the session's user, so that a store may find the user's records from a
 * token hash or session id alone (the Redis store does, in one round trip); a store may also treat
 * them as opaque strings (the in-memory one does).
 *
 * @since 0.1.0
 */
public interface RefreshTokenStore {

	/**
	 * Stores the first refresh token of a new login session, without a device label.
	 * @param tokenHash the hash of the token
	 * @param session the login session the token belongs to
	 * @param expiresAt when the token stops being redeemable
	 */
	default void save(String tokenHash, WxPrincipal session, Instant expiresAt) {
		save(tokenHash, session, expiresAt, null, 0, expiresAt);
	}

	/**
	 * Stores the first refresh token of a new login session, with the label the session list
	 * shows for it, and keeps the user within a most number of live sessions in that mini program:
	 * beyond it, the user's oldest sessions are revoked, atomically with the save (so that
	 * concurrent logins, on several instances too, never leave more than the most alive).
	 * @param tokenHash the hash of the token
	 * @param session the new login session
	 * @param expiresAt when the token stops being redeemable
	 * @param device the label the mini program gave the login, or {@code null}
	 * @param maxSessionsPerUser the most live sessions of the user in the mini program, the new one
	 * included; {@code 0} or less for no limit
	 * @param revokeUntil how long a session revoked for the limit stays revoked
	 * @return the sessions revoked to stay within the limit, oldest first
	 * @since 0.2.0
	 */
	List<String> save(String tokenHash, WxPrincipal session, Instant expiresAt, @Nullable String device,
			int maxSessionsPerUser, Instant revokeUntil);

	/**
	 * The user's live sessions in one mini program (not revoked, refresh token not expired), newest
	 * first.
	 * @param appId the mini program
	 * @param openid the user
	 * @return the sessions
	 * @since 0.2.0
	 */
	List<WxSessionInfo> liveSessions(String appId, String openid);

	/**
	 * Redeems a refresh token and stores its replacement in the same session, atomically. A token
	 * that was already redeemed is spent: presenting it again is treated as theft, and the whole
	 * session is revoked until {@code revokeUntil}. The replacement's lifetime is its app's, which
	 * the caller knows before asking: a refresh token names its app (and the hash, taken over the
	 * whole token, proves it), so a token of an app no longer served is refused before the store is
	 * asked and stays unspent.
	 * @param presentedHash the hash of the presented token
	 * @param replacementHash the hash of the replacement token, of the same user's tag
	 * @param now the current instant
	 * @param replacementExpiresAt when the replacement expires
	 * @param revokeUntil how long a session revoked for reuse stays revoked
	 * @return the outcome, with the session on success
	 * @see #checkRotation
	 */
	RotationResult rotate(String presentedHash, String replacementHash, Instant now, Instant replacementExpiresAt,
			Instant revokeUntil);

	/**
	 * Checks the arguments of {@link #save} as every store must, so that each need not repeat it.
	 * @param tokenHash the hash of the refresh token
	 * @param session the session
	 * @param expiresAt when the token expires
	 * @param revokeUntil how long a session displaced by the limit stays revoked
	 * @throws IllegalArgumentException when one is missing or empty
	 * @since 0.2.0
	 */
	static void checkSave(String tokenHash, WxPrincipal session, Instant expiresAt, Instant revokeUntil) {
		Assert.hasText(tokenHash, "tokenHash must not be empty");
		Assert.noNullElements(new Object[] { session, expiresAt, revokeUntil },
				"session, expiresAt and revokeUntil must not be null");
	}

	/**
	 * Checks the arguments of {@link #rotate} as every store must, so that each need not repeat it.
	 * @param presentedHash the hash of the presented token
	 * @param replacementHash the hash of the replacement token
	 * @param now the current instant
	 * @param replacementExpiresAt when the replacement expires
	 * @param revokeUntil how long a session revoked for reuse stays revoked
	 * @throws IllegalArgumentException when one is missing or empty
	 * @since 0.2.0
	 */
	static void checkRotation(String presentedHash, String replacementHash, Instant now, Instant replacementExpiresAt,
			Instant revokeUntil) {
		Assert.hasText(presentedHash, "presentedHash must not be empty");
		Assert.hasText(replacementHash, "replacementHash must not be empty");
		Assert.noNullElements(new Object[] { now, replacementExpiresAt, revokeUntil },
				"now, replacementExpiresAt and revokeUntil must not be null");
	}

	/**
	 * Revokes a login session: its refresh tokens can no longer be redeemed and its access tokens
	 * are rejected.
	 * @param sessionId the session ({@code sid})
	 * @param until when the revocation may be forgotten (after every token of the session expired)
	 */
	void revokeSession(String sessionId, Instant until);

	/**
	 * Makes a user's access tokens issued before an instant stale, in one mini program: they are
	 * refused, while the user's sessions go on and their next refresh issues fresh ones.
	 * @param appId the mini program
	 * @param openid the user
	 * @param before access tokens issued before this instant are stale
	 * @param until when the mark may be forgotten (after every stale token expired)
	 * @since 0.2.0
	 */
	void markUserStale(String appId, String openid, Instant before, Instant until);

	/**
	 * Before when a user's access tokens are stale. Called on every authenticated request, so it
	 * must be cheap.
	 * @param appId the mini program
	 * @param openid the user
	 * @return the instant, or {@code null} if none is stale
	 * @since 0.2.0
	 */
	@Nullable Instant staleBefore(String appId, String openid);

	/**
	 * Whether a session was revoked. Called on every authenticated request, so it must be cheap.
	 * @param sessionId the session ({@code sid})
	 * @return {@code true} if revoked
	 */
	boolean isSessionRevoked(String sessionId);

}
