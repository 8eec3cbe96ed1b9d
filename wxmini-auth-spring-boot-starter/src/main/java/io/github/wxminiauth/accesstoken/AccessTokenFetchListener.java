package io.github.wxminiauth.accesstoken;

import io.github.wxminiauth.wechat.WxApp;

/**
 * Told about every access-token fetch the starter's access-token provider makes from WeChat, e.g.
 * to count fetches in metrics. Called on the fetching thread: keep it cheap and never throw.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface AccessTokenFetchListener {

	/**
	 * A fetch from WeChat finished.
	 * @param app the mini program
	 * @param reason why the token was fetched
	 * @param success whether WeChat handed out a token
	 */
	void fetched(WxApp app, Reason reason, boolean success);

	/**
	 * Why a token was fetched.
	 */
	enum Reason {

		/** No usable token was cached: the first fetch, or the cached token had expired. */
		COLD,

		/** The cached token was still valid but past its renewal point. */
		RENEWAL,

		/** WeChat rejected the cached token (40001, 42001, 40014) and it was expired. */
		INVALIDATED

	}

}
