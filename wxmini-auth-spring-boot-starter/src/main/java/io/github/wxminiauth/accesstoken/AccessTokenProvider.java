package io.github.wxminiauth.accesstoken;

import java.util.function.Function;

import io.github.wxminiauth.wechat.WxAccessToken;
import io.github.wxminiauth.wechat.WxApiException;

/**
 * Gives WeChat API access tokens (stable tokens) to whoever needs one: cached, renewed ahead of
 * expiry, fetched by one caller at a time. Use it to call any WeChat API that takes an
 * {@code access_token}.
 *
 * <pre class="code">
 * Result r = accessTokenProvider.execute(appId, token -&gt; myWeChatCall(token));
 * </pre>
 *
 * @since 0.1.0
 */
public interface AccessTokenProvider {

	/**
	 * Returns a token WeChat currently accepts for the app, fetching one if needed.
	 * @param appId the AppID of a configured app
	 * @return a valid token
	 * @throws WxApiException when no token can be obtained
	 * @throws IllegalArgumentException when the app is not configured
	 */
	WxAccessToken getAccessToken(String appId);

	/**
	 * Marks the token as no longer usable, but only if it is still the cached one
	 * (compare-and-expire), so that a late failure never evicts a newer token.
	 * @param appId the AppID
	 * @param failedToken the token value WeChat rejected
	 */
	void expire(String appId, String failedToken);

	/**
	 * Runs a WeChat API call with a valid token. When WeChat answers that the token is invalid
	 * (40001, 42001, 40014), expires it with {@link #expire} and retries the call exactly once
	 * with a freshly obtained token.
	 * @param <T> the call's result type
	 * @param appId the AppID
	 * @param call the call, given the token value
	 * @return the call's result
	 * @throws WxApiException when the call fails, or fails again after the retry
	 */
	<T> T execute(String appId, Function<String, T> call);

}
