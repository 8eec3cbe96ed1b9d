package io.github.wxminiauth.token;

import io.github.wxminiauth.user.WxPrincipal;
import io.github.wxminiauth.user.WxUserDetails;

/**
 * Issues, verifies, refreshes and revokes the tokens of mini-program users.
 *
 * @since 0.1.0
 */
public final class WxTokenService {

	/**
	 * Starts a new login session for the user: an access JWT and a refresh token.
	 * @param user the user who logged in
	 * @return the tokens
	 */
	public IssuedTokens login(WxUserDetails user) {
		throw new UnsupportedOperationException("not implemented yet");
	}

	/**
	 * Redeems a refresh token: the old one is spent, a new access JWT (with the user's current
	 * authorities) and a new refresh token are issued in the same session.
	 * @param refreshToken the presented refresh token
	 * @return the new tokens
	 * @throws InvalidGrantException when the token is unknown, expired, revoked or reused
	 */
	public IssuedTokens refresh(String refreshToken) {
		throw new UnsupportedOperationException("not implemented yet");
	}

	/**
	 * Issues a new access JWT in an existing session, carrying the user's current authorities.
	 * @param session the session
	 * @param user the user
	 * @return the tokens, without a refresh token
	 */
	public IssuedTokens reissueAccessToken(WxPrincipal session, WxUserDetails user) {
		throw new UnsupportedOperationException("not implemented yet");
	}

	/**
	 * Verifies an access JWT.
	 * @param accessToken the presented token
	 * @return the verified token
	 * @throws InvalidAccessTokenException when it is not a valid access token of a live session
	 */
	public VerifiedAccessToken verify(String accessToken) {
		throw new UnsupportedOperationException("not implemented yet");
	}

	/**
	 * Ends a login session: its refresh tokens are revoked and its access tokens rejected.
	 * @param session the session
	 */
	public void logout(WxPrincipal session) {
		throw new UnsupportedOperationException("not implemented yet");
	}

}
