package io.github.wxminiauth.security.web.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import io.github.wxminiauth.token.IssuedTokens;
import io.github.wxminiauth.wechat.PhoneNumber;
import org.jspecify.annotations.Nullable;

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

	/**
	 * The login body, plus the number for a one-tap phone login.
	 */
	static Map<String, Object> loginResponse(IssuedTokens tokens, boolean newUser, @Nullable PhoneNumber phoneNumber) {
		Map<String, Object> body = loginResponse(tokens, newUser);
		if (phoneNumber != null) {
			body.put("phone_bound", true);
			putPhoneNumber(body, phoneNumber);
		}
		return body;
	}

	static void putPhoneNumber(Map<String, Object> body, PhoneNumber phoneNumber) {
		body.put("phone_number", phoneNumber.phoneNumber());
		body.put("pure_phone_number", phoneNumber.purePhoneNumber());
		body.put("country_code", phoneNumber.countryCode());
	}

	static void putAccessToken(Map<String, Object> body, IssuedTokens tokens) {
		body.put("access_token", tokens.accessToken());
		body.put("token_type", TOKEN_TYPE);
		body.put("expires_in", tokens.accessTokenExpiresIn().toSeconds());
	}

}
