package io.github.wxminiauth.wechat.internal;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.wxminiauth.wechat.WxApp;
import io.github.wxminiauth.wechat.WxAppRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * A {@link WxAppRegistry} of a fixed set of apps: what the starter builds from
 * {@code wxmini.app-id} and {@code wxmini.apps.*}.
 * <p>
 * Internal: applications get one from {@link WxAppRegistry#of(WxApp...)}.
 *
 * @since 0.2.0
 */
public final class StaticWxAppRegistry implements WxAppRegistry {

	private final Map<String, WxApp> byAppId;

	/**
	 * Creates a registry of the given apps.
	 * @param apps the apps, at least one, each AppID once
	 */
	public StaticWxAppRegistry(Collection<WxApp> apps) {
		Assert.notEmpty(apps, "at least one app is required");
		Map<String, WxApp> map = new LinkedHashMap<>();
		for (WxApp app : apps) {
			WxApp previous = map.putIfAbsent(app.appId(), app);
			Assert.isNull(previous, () -> "app-id " + app.appId() + " is configured twice");
		}
		this.byAppId = Collections.unmodifiableMap(map);
	}

	@Override
	public @Nullable WxApp find(@Nullable String appId) {
		return (appId != null) ? this.byAppId.get(appId) : null;
	}

	@Override
	public Collection<WxApp> apps() {
		return this.byAppId.values();
	}

	@Override
	public String toString() {
		return "StaticWxAppRegistry" + this.byAppId.keySet();
	}

}
