package io.github.wxminiauth.wechat;

import java.util.Collection;
import java.util.List;

import io.github.wxminiauth.wechat.internal.StaticWxAppRegistry;
import org.jspecify.annotations.Nullable;

/**
 * The mini programs this backend serves, by AppID.
 * <p>
 * Every part of the starter asks the registry each time it needs an app (a login, a refresh, a
 * call to WeChat, every authenticated request), so an implementation whose set of apps changes
 * at runtime is honoured from the next use: an app that is gone has its logins refused (400
 * {@code invalid_request}), its refresh tokens refused (401 {@code invalid_grant}) and its access
 * tokens refused (401 {@code invalid_token}); a new AppSecret is used from the next call to
 * WeChat. {@link #find(String)} runs on every authenticated request: answer it from memory.
 * <p>
 * The starter builds a fixed registry (like {@link #of(WxApp...)}) from {@code wxmini.app-id} and
 * {@code wxmini.apps.*}, or a reloading one when the application declares a {@link WxAppSource};
 * an application may also declare its own registry bean.
 *
 * @since 0.1.0
 */
public interface WxAppRegistry {

	/**
	 * Returns the app with the given AppID, or {@code null} if it is not served here (any more).
	 * Called on every authenticated request, so it must be cheap.
	 * @param appId the AppID
	 * @return the app or {@code null}
	 */
	@Nullable WxApp find(@Nullable String appId);

	/**
	 * Returns the app with the given AppID, for callers that were handed an AppID of a served app.
	 * @param appId the AppID
	 * @return the app
	 * @throws IllegalArgumentException when the app is not served here (any more)
	 * @since 0.2.0
	 */
	default WxApp require(String appId) {
		WxApp app = find(appId);
		if (app == null) {
			throw new IllegalArgumentException("No mini program with app-id '" + appId + "' is served");
		}
		return app;
	}

	/**
	 * The apps served now, in a stable order.
	 * @return the apps
	 */
	Collection<WxApp> apps();

	/**
	 * Resolves the app a client request is for. With one app the request may omit its id; with
	 * several it must name one.
	 * @param requestedAppId the {@code app_id} the client sent, or {@code null}
	 * @return the app, or {@code null} when the id is unknown, or missing while there is not
	 * exactly one app
	 */
	default @Nullable WxApp resolve(@Nullable String requestedAppId) {
		if (requestedAppId == null) {
			Collection<WxApp> apps = apps();
			return (apps.size() == 1) ? apps.iterator().next() : null;
		}
		return find(requestedAppId);
	}

	/**
	 * Whether exactly one app is served.
	 * @return {@code true} with one app
	 */
	default boolean isSingleApp() {
		return apps().size() == 1;
	}

	/**
	 * Takes in the changes of the application's store of apps now, where the registry has one
	 * (a {@link WxAppSource}): call it after adding, changing or removing an app for
	 * the change to hold on this instance at once. Does nothing for a fixed set of apps.
	 * @since 0.2.0
	 */
	default void reload() {
	}

	/**
	 * A registry of a fixed set of apps.
	 * @param apps the apps, each AppID once
	 * @return the registry
	 */
	static WxAppRegistry of(WxApp... apps) {
		return new StaticWxAppRegistry(List.of(apps));
	}

}
