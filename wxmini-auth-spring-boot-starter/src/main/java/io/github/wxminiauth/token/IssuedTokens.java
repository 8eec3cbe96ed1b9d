package io.github.wxminiauth.token;

import java.time.Duration;

import io.github.wxminiauth.user.WxPrincipal;
import io.github.wxminiauth.user.WxUserDetails;
import org.jspecify.annotations.Nullable;

/**
 * Tokens issued to a client.
 *
 * @param accessToken the signed access JWT
 * @param accessTokenExpiresIn its lifetime
 * @param refreshToken the opaque refresh token, or {@code null} when only an access token was
 * issued (after binding a phone number)
 * @param refreshTokenExpiresIn the refresh token's lifetime, or {@code null} with no refresh token
 * @param session the login session the tokens belong to
 * @param user the user the tokens were issued for
 * @since 0.1.0
 */
public record IssuedTokens(String accessToken, Duration accessTokenExpiresIn, @Nullable String refreshToken,
		@Nullable Duration refreshTokenExpiresIn, WxPrincipal session, WxUserDetails user) {

	@Override
	public String toString() {
		return "IssuedTokens[session=" + this.session.sessionId() + ", openid=" + this.session.openid() + "]";
	}

}
