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

}
