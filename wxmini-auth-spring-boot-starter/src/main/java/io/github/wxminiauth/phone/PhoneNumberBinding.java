package io.github.wxminiauth.phone;

import io.github.wxminiauth.user.WxUserDetails;
import io.github.wxminiauth.wechat.PhoneNumber;

import org.springframework.util.Assert;

/**
 * A phone number that was verified by WeChat and stored for the user.
 *
 * @param phoneNumber the verified number
 * @param user the user after binding, with their updated authorities
 * @since 0.1.0
 */
public record PhoneNumberBinding(PhoneNumber phoneNumber, WxUserDetails user) {

	public PhoneNumberBinding {
		Assert.notNull(phoneNumber, "phoneNumber must not be null");
		Assert.notNull(user, "user must not be null");
	}

}
