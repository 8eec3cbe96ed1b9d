package io.github.wxminiauth.security.web;

import org.springframework.util.Assert;

/**
 * The paths of the starter's endpoints (all {@code POST}).
 *
 * @param login exchanges a {@code wx.login} code for tokens
 * @param refresh rotates a refresh token
 * @param logout ends the session (Bearer)
 * @param phone binds the user's phone number (Bearer)
 * @since 0.1.0
 */
public record WxMiniEndpoints(String login, String refresh, String logout, String phone) {

	public WxMiniEndpoints {
		Assert.isTrue(login.startsWith("/"), "login path must start with '/'");
		Assert.isTrue(refresh.startsWith("/"), "refresh path must start with '/'");
		Assert.isTrue(logout.startsWith("/"), "logout path must start with '/'");
		Assert.isTrue(phone.startsWith("/"), "phone path must start with '/'");
	}

	/**
	 * The contract's default paths.
	 * @return {@code /wx/login}, {@code /wx/token/refresh}, {@code /wx/logout}, {@code /wx/phone}
	 */
	public static WxMiniEndpoints defaults() {
		return new WxMiniEndpoints("/wx/login", "/wx/token/refresh", "/wx/logout", "/wx/phone");
	}

}
