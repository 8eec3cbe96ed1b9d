package io.github.wxminiauth.wechat;

import org.jspecify.annotations.Nullable;

/**
 * The WeChat server APIs this starter needs. Every failure is a {@link WxApiException}
 * subtype that says what the caller should do; no secret ever appears in one.
 *
 * @since 0.1.0
 */
public interface WxApiClient {

	/**
	 * Exchanges a {@code wx.login} code for the user's session ({@code GET /sns/jscode2session}).
	 * @param app the mini program
	 * @param code the code from {@code wx.login}
	 * @return the session
	 * @throws WxApiException when WeChat refuses or cannot be reached
	 */
	WxSession code2Session(WxApp app, String code);

	/**
	 * Fetches the stable access token in normal mode ({@code POST /cgi-bin/stable_token},
	 * {@code force_refresh=false}).
	 * @param app the mini program
	 * @return the current token of the app
	 * @throws WxApiException when WeChat refuses or cannot be reached
	 */
	WxAccessToken fetchStableAccessToken(WxApp app);

	/**
	 * Exchanges a {@code getPhoneNumber} button code for the user's phone number
	 * ({@code POST /wxa/business/getuserphonenumber}). Checks the reply's watermark AppID.
	 * @param app the mini program
	 * @param accessToken a valid access token of the app
	 * @param code the code from {@code bindgetphonenumber}
	 * @param openid the user the code must belong to, or {@code null} to skip that check
	 * @return the phone number
	 * @throws WxInvalidAccessTokenException when WeChat rejects the access token
	 * @throws WxApiException when WeChat refuses or cannot be reached
	 */
	PhoneNumber getPhoneNumber(WxApp app, String accessToken, String code, @Nullable String openid);

	/**
	 * Asks WeChat whether a session key is still the user's current one
	 * ({@code GET /wxa/checksession}, signed with {@code hmac_sha256} of the empty string keyed
	 * by the session key). The session key itself is never sent.
	 * <p>
	 * The default implementation throws {@link UnsupportedOperationException}, so that clients
	 * written before this method keep compiling; the starter's own client implements it.
	 * @param app the mini program
	 * @param accessToken a valid access token of the app
	 * @param openid the user
	 * @param sessionKey the session key the server holds for the user
	 * @return {@code true} if WeChat accepts the signature, {@code false} if it answers 87009
	 * (the key is stale)
	 * @throws WxInvalidAccessTokenException when WeChat rejects the access token
	 * @throws WxApiException when WeChat refuses otherwise or cannot be reached
	 * @since 0.1.0
	 */
	default boolean checkSessionKey(WxApp app, String accessToken, String openid, String sessionKey) {
		throw new UnsupportedOperationException(getClass().getName() + " does not implement checkSessionKey");
	}

	/**
	 * Makes WeChat replace the user's session key ({@code GET /wxa/resetusersessionkey}, signed
	 * like {@link #checkSessionKey}). The new key keeps the old one's expiry; the old one stops
	 * working at once.
	 * <p>
	 * The default implementation throws {@link UnsupportedOperationException}, so that clients
	 * written before this method keep compiling; the starter's own client implements it.
	 * @param app the mini program
	 * @param accessToken a valid access token of the app
	 * @param openid the user
	 * @param sessionKey the session key the server holds for the user
	 * @return the user's session with the new session key (no unionid)
	 * @throws WxInvalidSignatureException when the given session key is stale (87009)
	 * @throws WxInvalidAccessTokenException when WeChat rejects the access token
	 * @throws WxApiException when WeChat refuses otherwise or cannot be reached
	 * @since 0.1.0
	 */
	default WxSession resetUserSessionKey(WxApp app, String accessToken, String openid, String sessionKey) {
		throw new UnsupportedOperationException(getClass().getName() + " does not implement resetUserSessionKey");
	}

}
