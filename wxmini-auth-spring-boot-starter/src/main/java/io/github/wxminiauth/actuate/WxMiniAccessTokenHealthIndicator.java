package io.github.wxminiauth.actuate;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import io.github.wxminiauth.accesstoken.AccessTokenProvider;
import io.github.wxminiauth.accesstoken.internal.AccessTokenStatus;
import io.github.wxminiauth.accesstoken.internal.CachingAccessTokenProvider;
import io.github.wxminiauth.wechat.WxApp;
import io.github.wxminiauth.wechat.WxAppRegistry;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.util.Assert;

/**
 * Reports the WeChat access token of every app: {@code fresh}, {@code renewing}, {@code failing}
 * or {@code unknown} (see {@link AccessTokenStatus.State}), with the app's AppID and the token's
 * expiry, never the token. A probe reads only what the provider already knows: it never calls
 * WeChat.
 * <p>
 * The status is {@code DOWN} only when every app is {@code failing}: then no WeChat API that
 * needs an access token (phone numbers, the application's own calls) works for any app. While at
 * least one app has a token the status is {@code UP} and the failing apps show in the details, as
 * logins (which need no access token) and API requests keep working.
 *
 * @since 0.1.0
 */
public final class WxMiniAccessTokenHealthIndicator extends AbstractHealthIndicator {

	private final WxAppRegistry apps;

	private final AccessTokenProvider provider;

	/**
	 * Creates the indicator.
	 * @param apps the configured mini programs
	 * @param provider the access-token provider; only a {@link CachingAccessTokenProvider}
	 * reports states, any other makes the status {@code UNKNOWN}
	 */
	public WxMiniAccessTokenHealthIndicator(WxAppRegistry apps, AccessTokenProvider provider) {
		super("WeChat access token health check failed");
		Assert.notNull(apps, "apps must not be null");
		Assert.notNull(provider, "provider must not be null");
		this.apps = apps;
		this.provider = provider;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		if (!(this.provider instanceof CachingAccessTokenProvider caching)) {
			builder.unknown().withDetail("reason", "the AccessTokenProvider reports no state");
			return;
		}
		Map<String, Object> details = new LinkedHashMap<>();
		boolean allFailing = true;
		for (WxApp app : this.apps.apps()) {
			AccessTokenStatus status;
			try {
				status = caching.status(app.appId());
			}
			catch (IllegalArgumentException ex) {
				// Removed from the registry since it was listed.
				continue;
			}
			details.put(app.name(), describe(app, status));
			allFailing &= status.state() == AccessTokenStatus.State.FAILING;
		}
		// No app at all (an application's source that has none yet) is not a failure.
		allFailing &= !details.isEmpty();
		(allFailing ? builder.down() : builder.up()).withDetail("apps", details);
	}

	private static Map<String, Object> describe(WxApp app, AccessTokenStatus status) {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("appId", app.appId());
		details.put("state", status.state().name().toLowerCase(Locale.ROOT));
		Instant expiresAt = status.expiresAt();
		if (expiresAt != null) {
			details.put("expiresAt", expiresAt.toString());
		}
		return details;
	}

}
