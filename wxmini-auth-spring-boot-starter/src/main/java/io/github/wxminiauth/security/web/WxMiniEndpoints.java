package io.github.wxminiauth.security.web;

import org.springframework.util.Assert;

/**
 * The paths of the starter's endpoints.
 *
 * @param login exchanges a {@code wx.login} code for tokens ({@code POST})
 * @param refresh rotates a refresh token ({@code POST})
 * @param logout ends the session ({@code POST}, Bearer)
 * @param phone binds the user's phone number ({@code POST}, Bearer)
 * @param sessions lists ({@code GET}) and ends ({@code DELETE}, also {@code DELETE …/{sid}}) the
 * caller's sessions (Bearer)
 * @since 0.1.0
 */
public record WxMiniEndpoints(String login, String refresh, String logout, String phone, String sessions) {

	public WxMiniEndpoints {
		Assert.isTrue(login.startsWith("/"), "login path must start with '/'");
		Assert.isTrue(refresh.startsWith("/"), "refresh path must start with '/'");
		Assert.isTrue(logout.startsWith("/"), "logout path must start with '/'");
		Assert.isTrue(phone.startsWith("/"), "phone path must start with '/'");
		Assert.isTrue(sessions.startsWith("/"), "sessions path must start with '/'");
	}

	/**
	 * The paths of the 0.1 endpoints, with the session list at its default path.
	 * @param login exchanges a {@code wx.login} code for tokens
	 * @param refresh rotates a refresh token
	 * @param logout ends the session
	 * @param phone binds the user's phone number
	 */
	public WxMiniEndpoints(String login, String refresh, String logout, String phone) {
		this(login, refresh, logout, phone, "/wx/sessions");
	}

	/**
	 * The contract's default paths.
	 * @return {@code /wx/login}, {@code /wx/token/refresh}, {@code /wx/logout}, {@code /wx/phone},
	 * {@code /wx/sessions}
	 */
	public static WxMiniEndpoints defaults() {
		return new WxMiniEndpoints("/wx/login", "/wx/token/refresh", "/wx/logout", "/wx/phone", "/wx/sessions");
	}

}
