package io.github.wxminiauth.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.wxminiauth.wechat.internal.ReloadingWxAppRegistry;
import io.github.wxminiauth.wechat.internal.StaticWxAppRegistry;
import io.github.wxminiauth.wechat.WxApp;
import io.github.wxminiauth.wechat.WxAppRegistry;
import io.github.wxminiauth.wechat.WxAppSource;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.util.StringUtils;

/**
 * Builds the {@link WxAppRegistry} from {@code wxmini.app-id}/{@code wxmini.app-secret} and
 * {@code wxmini.apps.*}, and the application's {@link WxAppSource} if it has one, failing
 * start-up with the name of the property that is wrong.
 */
final class WxAppsFactory {

	static final String DEFAULT_APP_NAME = "default";

	private WxAppsFactory() {
	}

	static WxAppRegistry registry(WxMiniProperties properties, @Nullable WxAppSource source) {
		List<WxApp> apps = configuredApps(properties);
		if (source != null) {
			// Apps from the application's store may all come later, so none configured is fine.
			return new ReloadingWxAppRegistry(apps, source, properties.appSource().refreshInterval());
		}
		if (apps.isEmpty()) {
			throw new InvalidConfigurationPropertyValueException("wxmini.app-id", null,
					"No mini program is configured. Set wxmini.app-id and wxmini.app-secret, "
							+ "or wxmini.apps.<name>.app-id and wxmini.apps.<name>.app-secret, "
							+ "or declare a WxAppSource bean.");
		}
		return new StaticWxAppRegistry(apps);
	}

	static WxAppRegistry registry(WxMiniProperties properties) {
		return registry(properties, null);
	}

	/**
	 * The longest lifetime of an access token: {@code wxmini.jwt.max-access-token-ttl}, or else
	 * the longest configured globally or per app.
	 */
	static Duration maxAccessTokenTtl(WxMiniProperties properties) {
		WxMiniProperties.Jwt jwt = properties.jwt();
		if (jwt.maxAccessTokenTtl() != null) {
			if (jwt.maxAccessTokenTtl().compareTo(jwt.accessTokenTtl()) < 0) {
				throw new InvalidConfigurationPropertyValueException("wxmini.jwt.max-access-token-ttl",
						jwt.maxAccessTokenTtl(), "It must not be shorter than wxmini.jwt.access-token-ttl ("
								+ jwt.accessTokenTtl() + ").");
			}
			return jwt.maxAccessTokenTtl();
		}
		Duration longest = jwt.accessTokenTtl();
		for (WxMiniProperties.App app : properties.apps().values()) {
			if (app.accessTokenTtl() != null && app.accessTokenTtl().compareTo(longest) > 0) {
				longest = app.accessTokenTtl();
			}
		}
		return longest;
	}

	private static List<WxApp> configuredApps(WxMiniProperties properties) {
		List<WxApp> apps = new ArrayList<>();
		if (StringUtils.hasText(properties.appId()) || StringUtils.hasText(properties.appSecret())) {
			apps.add(app(DEFAULT_APP_NAME, properties.appId(), properties.appSecret(), null, null, "wxmini."));
		}
		for (Map.Entry<String, WxMiniProperties.App> entry : properties.apps().entrySet()) {
			WxMiniProperties.App app = entry.getValue();
			apps.add(app(entry.getKey(), app.appId(), app.appSecret(), app.accessTokenTtl(), app.refreshTokenTtl(),
					"wxmini.apps." + entry.getKey() + "."));
		}
		List<String> seen = new ArrayList<>();
		for (WxApp app : apps) {
			if (seen.contains(app.appId())) {
				throw new InvalidConfigurationPropertyValueException("wxmini.apps", app.appId(),
						"The app-id " + app.appId() + " is configured more than once.");
			}
			seen.add(app.appId());
		}
		return apps;
	}

	private static WxApp app(String name, @Nullable String appId, @Nullable String appSecret,
			@Nullable Duration accessTokenTtl, @Nullable Duration refreshTokenTtl, String prefix) {
		if (!StringUtils.hasText(appId)) {
			throw new InvalidConfigurationPropertyValueException(prefix + "app-id", appId,
					prefix + "app-id is required when " + prefix + "app-secret is set.");
		}
		if (!StringUtils.hasText(appSecret)) {
			throw new InvalidConfigurationPropertyValueException(prefix + "app-secret", null,
					prefix + "app-secret is required with " + prefix + "app-id.");
		}
		requirePositive(prefix + "access-token-ttl", accessTokenTtl);
		requirePositive(prefix + "refresh-token-ttl", refreshTokenTtl);
		return new WxApp(name, appId.trim(), appSecret.trim(), accessTokenTtl, refreshTokenTtl);
	}

	private static void requirePositive(String property, @Nullable Duration ttl) {
		if (ttl != null && (ttl.isNegative() || ttl.isZero())) {
			throw new InvalidConfigurationPropertyValueException(property, ttl, "It must be positive.");
		}
	}

}
