package io.github.wxminiauth.security.authentication.internal;

import io.github.wxminiauth.security.authentication.WxMiniAuthenticationToken;
import io.github.wxminiauth.user.WxIdentity;

import org.springframework.security.core.AuthenticationException;

/**
 * Decides whether a one-tap phone login may go on to verify the user's phone number, once WeChat
 * has said who the user is and before the phone code is exchanged: the place for the limits of
 * phone binding, which count per user (e.g. the starter's
 * {@link io.github.wxminiauth.security.web.internal.WxPhoneLoginRateLimit}).
 *
 * @since 0.2.0
 */
@FunctionalInterface
public interface WxPhoneLoginGuard {

	/**
	 * Lets the login go on, or refuses it by throwing.
	 * @param login the login request, with its {@link WxMiniAuthenticationToken#getDetails() details}
	 * (the client's address, by default)
	 * @param identity who WeChat says the user is
	 * @throws AuthenticationException to refuse the login, e.g. a
	 * {@link io.github.wxminiauth.security.WxAuthenticationException} with {@code rate_limited}
	 */
	void check(WxMiniAuthenticationToken login, WxIdentity identity) throws AuthenticationException;

}
