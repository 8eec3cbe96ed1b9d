package io.github.wxminiauth.wechat;

import java.util.Collection;

/**
 * Where an application keeps the mini programs it serves when they change at runtime, e.g. a
 * database table that an admin page adds apps to, changes their AppSecret in and removes them
 * from. Declaring a bean of this type makes the starter serve these apps (next to any in
 * {@code wxmini.app-id} and {@code wxmini.apps.*}) through a reloading {@link WxAppRegistry},
 * which asks the source again every {@code wxmini.app-source.refresh-interval} and whenever the
 * application calls {@link WxAppRegistry#reload()} after a change.
 *
 * @since 0.2.0
 */
@FunctionalInterface
public interface WxAppSource {

	/**
	 * Loads every app served now. Called on a background thread (and on the thread that calls
	 * {@link WxAppRegistry#reload()}), never on a request's own path. If it throws, the
	 * apps loaded last stay in use.
	 * @return the apps, each AppID once
	 */
	Collection<WxApp> loadApps();

}
