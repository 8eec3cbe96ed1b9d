package io.github.wxminiauth.security.web;

import java.util.LinkedHashMap;
import java.util.Map;

import io.github.wxminiauth.token.IssuedTokens;

/**
 * The token response bodies of the contract.
 */
final class WxTokenResponses {

	static final String TOKEN_TYPE = "Bearer";

	private WxTokenResponses() {
	}

	static Map<String, Object> loginResponse(IssuedTokens tokens, boolean newUser) {
		Map<String, Object> body = new LinkedHashMap<>();
		putAccessToken(body, tokens);
		body.put("refresh_token", tokens.refreshToken());
		if (tokens.refreshTokenExpiresIn() != null) {
			body.put("refresh_expires_in", tokens.refreshTokenExpiresIn().toSeconds());
		}
		body.put("openid", tokens.session().openid());
		String unionid = (tokens.user().unionid() != null) ? tokens.user().unionid() : tokens.session().unionid();
		if (unionid != null) {
			body.put("unionid", unionid);
		}
		body.put("new_user", newUser);
		body.put("phone_bound", tokens.user().isPhoneBound());
		return body;
	}

	static void putAccessToken(Map<String, Object> body, IssuedTokens tokens) {
		body.put("access_token", tokens.accessToken());
		body.put("token_type", TOKEN_TYPE);
		body.put("expires_in", tokens.accessTokenExpiresIn().toSeconds());
	}

}
