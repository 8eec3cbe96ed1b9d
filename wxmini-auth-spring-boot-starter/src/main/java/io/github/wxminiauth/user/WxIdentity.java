package io.github.wxminiauth.user;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Who WeChat says the user is.
 *
 * @param appId the mini program's AppID
 * @param openid the user's openid within that mini program
 * @param unionid the user's unionid across the Open Platform account, when known
 * @since 0.1.0
 */
public record WxIdentity(String appId, String openid, @Nullable String unionid) {

	public WxIdentity {
		Assert.hasText(appId, "appId must not be empty");
		Assert.hasText(openid, "openid must not be empty");
	}

}
