package io.github.wxminiauth.phone;

import io.github.wxminiauth.user.WxPrincipal;

/**
 * Verifies a user's phone number with WeChat and stores it.
 *
 * @since 0.1.0
 */
public final class PhoneNumberService {

	/**
	 * Exchanges a {@code getPhoneNumber} code for the user's number and stores it through the
	 * {@code WxUserDetailsService} before returning. WeChat bills every successful verification,
	 * so a code is exchanged at most once and the result is never dropped.
	 * @param principal the logged-in user
	 * @param code the code from {@code bindgetphonenumber}
	 * @return the number and the updated user
	 * @throws io.github.wxminiauth.wechat.WxApiException when WeChat refuses or cannot be reached
	 */
	public PhoneNumberBinding bind(WxPrincipal principal, String code) {
		throw new UnsupportedOperationException("not implemented yet");
	}

}
