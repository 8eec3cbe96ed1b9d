package io.github.wxminiauth.wechat;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * The mini programs this backend serves, by AppID.
 *
 * @since 0.1.0
 */
public final class WxAppRegistry {

	private final Map<String, WxApp> byAppId;

	public WxAppRegistry(Collection<WxApp> apps) {
		Assert.notEmpty(apps, "at least one app is required");
		Map<String, WxApp> map = new LinkedHashMap<>();
		for (WxApp app : apps) {
			WxApp previous = map.putIfAbsent(app.appId(), app);
			Assert.isNull(previous, () -> "app-id " + app.appId() + " is configured twice");
		}
		this.byAppId = Collections.unmodifiableMap(map);
	}

	public static WxAppRegistry of(WxApp... apps) {
		return new WxAppRegistry(List.of(apps));
	}

	/**
	 * Returns the app with the given AppID, or {@code null} if it is not configured here.
	 * @param appId the AppID
	 * @return the app or {@code null}
	 */
	public @Nullable WxApp find(@Nullable String appId) {
		return (appId != null) ? this.byAppId.get(appId) : null;
	}

	/**
	 * Resolves the app a client request is for. With one app the request may omit its id; with
	 * several it must name one.
	 * @param requestedAppId the {@code app_id} the client sent, or {@code null}
	 * @return the app, or {@code null} when the id is unknown, or missing while several apps are
	 * configured
	 */
	public @Nullable WxApp resolve(@Nullable String requestedAppId) {
		if (requestedAppId == null) {
			return (this.byAppId.size() == 1) ? this.byAppId.values().iterator().next() : null;
		}
		return this.byAppId.get(requestedAppId);
	}

	public Collection<WxApp> apps() {
		return this.byAppId.values();
	}

	public boolean isSingleApp() {
		return this.byAppId.size() == 1;
	}

}
