package io.github.wxminiauth.test.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.github.wxminiauth.security.authentication.WxJwtAuthenticationToken;
import io.github.wxminiauth.token.VerifiedAccessToken;
import io.github.wxminiauth.user.WxPrincipal;
import io.github.wxminiauth.wechat.WxAppRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;

/**
 * Builds the authentication of a mock mini-program user exactly as the starter's bearer filter
 * builds it from a verified token, for {@code @WithMockWxUser} and {@code wxUser()}. Not API:
 * it may change in any release.
 */
public final class MockWxAuthentication {

	/**
	 * The lifetime given to the mock token; only {@code VerifiedAccessToken#expiresAt} shows it.
	 */
	private static final Duration LIFETIME = Duration.ofHours(2);

	private MockWxAuthentication() {
	}

	/**
	 * Builds the authentication.
	 * @param openid the openid
	 * @param appId the AppID, or {@code null} for the application's only mini program, else
	 * {@code defaultAppId}
	 * @param defaultAppId the AppID when the application has no single mini program
	 * @param unionid the unionid, or {@code null}
	 * @param sessionId the login session
	 * @param authorities the authorities of the token
	 * @param beans the application's beans, for its mini programs and clock, or {@code null}
	 * outside a Spring test
	 * @return the authentication
	 */
	public static WxJwtAuthenticationToken create(String openid, @Nullable String appId, String defaultAppId,
			@Nullable String unionid, String sessionId, List<String> authorities, @Nullable BeanFactory beans) {
		Assert.hasText(openid, "openid must not be empty");
		Assert.notNull(authorities, "authorities must not be null");
		String resolvedAppId = StringUtils.hasText(appId) ? appId : defaultAppId(beans, defaultAppId);
		Instant now = clock(beans).instant();
		WxPrincipal principal = new WxPrincipal(resolvedAppId, openid, StringUtils.hasText(unionid) ? unionid : null,
				sessionId);
		VerifiedAccessToken token = new VerifiedAccessToken(principal, authorities, "mock-" + UUID.randomUUID(),
				now.plus(LIFETIME));
		return WxJwtAuthenticationToken.authenticated(token, now);
	}

	private static String defaultAppId(@Nullable BeanFactory beans, String defaultAppId) {
		if (beans == null) {
			return defaultAppId;
		}
		WxAppRegistry apps = beans.getBeanProvider(WxAppRegistry.class).getIfUnique();
		if (apps != null && apps.isSingleApp()) {
			return apps.apps().iterator().next().appId();
		}
		return defaultAppId;
	}

	private static Clock clock(@Nullable BeanFactory beans) {
		// The application's clock when it has one, so that the factor's issue time agrees with it
		return (beans != null) ? beans.getBeanProvider(Clock.class).getIfUnique(Clock::systemUTC) : Clock.systemUTC();
	}

}
