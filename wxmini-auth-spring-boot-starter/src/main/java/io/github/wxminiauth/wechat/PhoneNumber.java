package io.github.wxminiauth.wechat;

import org.springframework.util.Assert;

/**
 * A verified phone number, as WeChat's getuserphonenumber returns it.
 *
 * @param phoneNumber the number with its country code for non-CN numbers, e.g. {@code +86 13800138000}
 * or {@code 13800138000}
 * @param purePhoneNumber the number without country code
 * @param countryCode the country code without {@code +}, e.g. {@code 86}
 * @since 0.1.0
 */
public record PhoneNumber(String phoneNumber, String purePhoneNumber, String countryCode) {

	public PhoneNumber {
		Assert.hasText(phoneNumber, "phoneNumber must not be empty");
		Assert.hasText(purePhoneNumber, "purePhoneNumber must not be empty");
		Assert.hasText(countryCode, "countryCode must not be empty");
	}

}
