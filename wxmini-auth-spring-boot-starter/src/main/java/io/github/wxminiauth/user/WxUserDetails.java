package io.github.wxminiauth.user;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * A user as the starter needs to know them: identity, bound phone number and authorities. The
 * authorities go into every access token issued for the user, so requests are authorized without
 * a database read.
 *
 * @param appId the mini program's AppID
 * @param openid the openid
 * @param unionid the unionid, when known
 * @param phoneNumber the bound phone number (as WeChat formats it, e.g. {@code +86 13800138000}),
 * or {@code null}
 * @param authorities the user's authorities, e.g. {@code ROLE_USER}, {@code PHONE_VERIFIED}
 * @since 0.1.0
 */
public record WxUserDetails(String appId, String openid, @Nullable String unionid, @Nullable String phoneNumber,
		List<String> authorities) {

	public WxUserDetails {
		Assert.hasText(appId, "appId must not be empty");
		Assert.hasText(openid, "openid must not be empty");
		Assert.notNull(authorities, "authorities must not be null");
		authorities = List.copyOf(authorities);
	}

	/**
	 * Whether the user has bound a phone number.
	 * @return {@code true} if {@link #phoneNumber()} is set
	 */
	public boolean isPhoneBound() {
		return this.phoneNumber != null;
	}

}
