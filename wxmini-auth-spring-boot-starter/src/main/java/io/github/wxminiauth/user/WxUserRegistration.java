package io.github.wxminiauth.user;

import org.springframework.util.Assert;

/**
 * The outcome of {@link WxUserDetailsService#loadOrRegister}: the user, and whether this login
 * created them.
 *
 * @param user the user
 * @param created {@code true} if the user did not exist before this call
 * @since 0.1.0
 */
public record WxUserRegistration(WxUserDetails user, boolean created) {

	public WxUserRegistration {
		Assert.notNull(user, "user must not be null");
	}

	public static WxUserRegistration existing(WxUserDetails user) {
		return new WxUserRegistration(user, false);
	}

	public static WxUserRegistration created(WxUserDetails user) {
		return new WxUserRegistration(user, true);
	}

}
