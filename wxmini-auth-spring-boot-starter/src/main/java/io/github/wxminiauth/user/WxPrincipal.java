package io.github.wxminiauth.user;

import org.jspecify.annotations.Nullable;

import org.springframework.security.core.AuthenticatedPrincipal;
import org.springframework.util.Assert;

/**
 * The principal of an authenticated mini-program request, read from its access token. Inject it in
 * controllers with {@code @AuthenticationPrincipal WxPrincipal principal}.
 *
 * @param appId the mini program's AppID ({@code appid} claim)
 * @param openid the openid ({@code openid} claim)
 * @param unionid the unionid ({@code unionid} claim), when known
 * @param sessionId the login session ({@code sid} claim)
 * @since 0.1.0
 */
public record WxPrincipal(String appId, String openid, @Nullable String unionid, String sessionId)
		implements AuthenticatedPrincipal {

	public WxPrincipal {
		Assert.hasText(appId, "appId must not be empty");
		Assert.hasText(openid, "openid must not be empty");
		Assert.hasText(sessionId, "sessionId must not be empty");
	}

	@Override
	public String getName() {
		return this.openid;
	}

	public WxIdentity identity() {
		return new WxIdentity(this.appId, this.openid, this.unionid);
	}

}
