package io.github.wxminiauth.test.wechat;

import org.jspecify.annotations.Nullable;

/**
 * The WeChat server APIs the starter calls and the {@link WeChatSimulator} answers, by path.
 *
 * @since 0.2.0
 */
public enum WeChatApi {

	/**
	 * {@code GET /sns/jscode2session}: exchanges a {@code wx.login} code for the openid and session key.
	 */
	CODE2SESSION("/sns/jscode2session"),

	/**
	 * {@code POST /cgi-bin/stable_token}: the mini program's access token.
	 */
	STABLE_TOKEN("/cgi-bin/stable_token"),

	/**
	 * {@code POST /wxa/business/getuserphonenumber}: exchanges a phone-number button code for the number.
	 */
	GET_USER_PHONE_NUMBER("/wxa/business/getuserphonenumber");

	private final String path;

	WeChatApi(String path) {
		this.path = path;
	}

	/**
	 * Returns the path of this API, relative to the API base URL.
	 * @return the path, e.g. {@code /sns/jscode2session}
	 */
	public String path() {
		return this.path;
	}

	/**
	 * Returns the API served at a path.
	 * @param path the request path, relative to the API base URL
	 * @return the API, or {@code null} for a path WeChat does not serve here
	 */
	public static @Nullable WeChatApi forPath(String path) {
		for (WeChatApi api : values()) {
			if (api.path.equals(path)) {
				return api;
			}
		}
		return null;
	}

}
