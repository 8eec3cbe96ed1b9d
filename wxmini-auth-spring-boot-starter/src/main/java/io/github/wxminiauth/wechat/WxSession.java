package io.github.wxminiauth.wechat;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * What code2Session answers: who the user is, and the session key WeChat holds for them.
 *
 * @param openid the user's openid within the mini program
 * @param unionid the user's unionid, only when the mini program is bound to an Open Platform
 * account
 * @param sessionKey the session key; never sent to a client, logged or put in a token
 * @since 0.1.0
 */
public record WxSession(String openid, @Nullable String unionid, String sessionKey) {

	public WxSession {
		Assert.hasText(openid, "openid must not be empty");
		Assert.hasText(sessionKey, "sessionKey must not be empty");
	}

	@Override
	public String toString() {
		return "WxSession[openid=" + this.openid + ", unionid=" + this.unionid + ", sessionKey=******]";
	}

}
