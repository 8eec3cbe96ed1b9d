package io.github.wxminiauth.wxjava.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

import cn.binarywang.wx.miniapp.api.WxMaService;
import cn.binarywang.wx.miniapp.config.WxMaConfig;
import io.github.wxminiauth.accesstoken.AccessTokenProvider;
import io.github.wxminiauth.autoconfigure.WxMiniAutoConfiguration;
import io.github.wxminiauth.autoconfigure.WxMiniProperties;
import io.github.wxminiauth.wechat.WxApp;
import io.github.wxminiauth.wechat.WxAppRegistry;
import io.github.wxminiauth.wxjava.SharedTokenWxMaConfig;
import io.github.wxminiauth.wxjava.SharedTokenWxMaService;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Gives the application a WxJava {@link WxMaService} for its mini programs that uses the
 * starter's access tokens: one {@link SharedTokenWxMaConfig} per app of the {@link WxAppRegistry},
 * each pointed at {@code wxmini.api-base-url}. With one app the service uses it; with several, a
 * thread selects one with WxJava's {@code switchoverTo(appId)}, which also finds an app added at
 * runtime (a {@code WxAppSource}) and refuses one removed; a changed AppSecret is used from the next
 * call. Steps back when the application
 * defines a {@code WxMaService} of its own.
 *
 * @since 0.2.0
 */
@AutoConfiguration(after = WxMiniAutoConfiguration.class)
@ConditionalOnClass(WxMaService.class)
@ConditionalOnBean({ AccessTokenProvider.class, WxAppRegistry.class })
public final class WxMiniWxJavaAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(WxMaService.class)
	SharedTokenWxMaService wxMaService(WxAppRegistry apps, AccessTokenProvider accessTokens,
			WxMiniProperties properties) {
		String apiHostUrl = withoutTrailingSlash(properties.apiBaseUrl());
		// Each config looks its AppSecret up in the registry on use, and apps added at runtime get
		// theirs when a thread first selects them, so the service follows apps kept in a database.
		Function<String, WxMaConfig> newConfig = (appId) -> {
			SharedTokenWxMaConfig config = new SharedTokenWxMaConfig(appId, apps, accessTokens);
			config.setApiHostUrl(apiHostUrl);
			return config;
		};
		Map<String, WxMaConfig> configs = new LinkedHashMap<>();
		for (WxApp app : apps.apps()) {
			configs.put(app.appId(), newConfig.apply(app.appId()));
		}
		SharedTokenWxMaService service = new SharedTokenWxMaService();
		if (!configs.isEmpty()) {
			service.setMultiConfigs(configs, configs.keySet().iterator().next());
		}
		service.followApps(apps, newConfig);
		return service;
	}

	private static String withoutTrailingSlash(String url) {
		// WxJava puts the host in front of paths that start with a slash.
		return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
	}

}
