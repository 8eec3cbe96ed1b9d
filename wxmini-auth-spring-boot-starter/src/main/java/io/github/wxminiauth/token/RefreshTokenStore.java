package io.github.wxminiauth.token;

import java.time.Instant;
import java.util.List;
import java.util.function.Function;

import io.github.wxminiauth.user.WxPrincipal;
import org.jspecify.annotations.Nullable;

/**
 * Keeps refresh tokens and revoked login sessions. Only hashes of refresh tokens are given to a
 * store, never the tokens, so a reader of the store cannot log in. Every operation must be atomic:
 * when two callers rotate the same token at the same moment, exactly one wins.
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
	 * session is revoked until {@code revokeUntil}.
	 * @param presentedHash the hash of the presented token
	 * @param replacementHash the hash of the replacement token
	 * @param now the current instant
	 * @param replacementExpiresAt when the replacement expires
	 * @param revokeUntil how long a session revoked for reuse stays revoked
	 * @return the outcome, with the session on success
	 */
	default RotationResult rotate(String presentedHash, String replacementHash, Instant now,
			Instant replacementExpiresAt, Instant revokeUntil) {
		return rotate(presentedHash, replacementHash, now, (session) -> replacementExpiresAt, revokeUntil);
	}

	/**
	 * Redeems a refresh token and stores its replacement in the same session, atomically, the
	 * replacement expiring when {@code replacementExpiresAt} says for the token's session: the
	 * lifetime is the session's app's, and which app a token belongs to only the store knows. A
	 * token that was already redeemed is spent: presenting it again is treated as theft, and the
	 * whole session is revoked until {@code revokeUntil}.
	 * <p>
	 * {@code replacementExpiresAt} is called at most once, with the session of a known token (its
	 * app, user and session id; a store may leave the unionid out),
	 * before anything is changed (a store may call it before it knows whether the token will
	 * rotate), and may throw (e.g. {@link InvalidGrantException} for an app no longer served):
	 * the exception is passed on and nothing is changed, the presented token stays unspent.
	 * @param presentedHash the hash of the presented token
	 * @param replacementHash the hash of the replacement token
	 * @param now the current instant
	 * @param replacementExpiresAt when the replacement expires, given the session
	 * @param revokeUntil how long a session revoked for reuse stays revoked
	 * @return the outcome, with the session on success
	 * @since 0.2.0
	 */
	RotationResult rotate(String presentedHash, String replacementHash, Instant now,
			Function<WxPrincipal, Instant> replacementExpiresAt, Instant revokeUntil);

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
