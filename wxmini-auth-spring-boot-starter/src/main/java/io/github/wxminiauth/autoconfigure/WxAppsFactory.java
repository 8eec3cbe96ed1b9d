package io.github.wxminiauth.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.wxminiauth.wechat.WxApp;
import io.github.wxminiauth.wechat.WxAppRegistry;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.util.StringUtils;

/**
 * Builds the {@link WxAppRegistry} from {@code wxmini.app-id}/{@code wxmini.app-secret} and
 * {@code wxmini.apps.*}, failing start-up with the name of the property that is wrong.
 */
final class WxAppsFactory {

	static final String DEFAULT_APP_NAME = "default";

	private WxAppsFactory() {
	}

	static WxAppRegistry registry(WxMiniProperties properties) {
		List<WxApp> apps = new ArrayList<>();
		if (StringUtils.hasText(properties.appId()) || StringUtils.hasText(properties.appSecret())) {
			apps.add(app(DEFAULT_APP_NAME, properties.appId(), properties.appSecret(), "wxmini."));
		}
		for (Map.Entry<String, WxMiniProperties.App> entry : properties.apps().entrySet()) {
			WxMiniProperties.App app = entry.getValue();
			apps.add(app(entry.getKey(), app.appId(), app.appSecret(), "wxmini.apps." + entry.getKey() + "."));
		}
		if (apps.isEmpty()) {
			throw new InvalidConfigurationPropertyValueException("wxmini.app-id", null,
					"No mini program is configured. Set wxmini.app-id and wxmini.app-secret, "
							+ "or wxmini.apps.<name>.app-id and wxmini.apps.<name>.app-secret.");
		}
		List<String> seen = new ArrayList<>();
		for (WxApp app : apps) {
			if (seen.contains(app.appId())) {
				throw new InvalidConfigurationPropertyValueException("wxmini.apps", app.appId(),
						"The app-id " + app.appId() + " is configured more than once.");
			}
			seen.add(app.appId());
		}
		return new WxAppRegistry(apps);
	}

	private static WxApp app(String name, String appId, String appSecret, String prefix) {
		if (!StringUtils.hasText(appId)) {
			throw new InvalidConfigurationPropertyValueException(prefix + "app-id", appId,
					prefix + "app-id is required when " + prefix + "app-secret is set.");
		}
		if (!StringUtils.hasText(appSecret)) {
			throw new InvalidConfigurationPropertyValueException(prefix + "app-secret", null,
					prefix + "app-secret is required with " + prefix + "app-id.");
		}
		return new WxApp(name, appId.trim(), appSecret.trim());
	}

}
