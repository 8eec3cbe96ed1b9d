package io.github.wxminiauth.wechat.internal;

import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.github.wxminiauth.wechat.WxApp;
import io.github.wxminiauth.wechat.WxAppRegistry;
import io.github.wxminiauth.wechat.WxAppSource;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;
import org.springframework.core.log.LogMessage;
import org.springframework.util.Assert;

/**
 * A {@link WxAppRegistry} whose apps come from the application's {@link WxAppSource} and change
 * at runtime, next to a fixed set (those of {@code wxmini.app-id} and {@code wxmini.apps.*}).
 * <p>
 * Lookups answer from a snapshot in memory, so the bearer path never calls the source. The
 * snapshot is replaced by {@link #reload()}: on start, every {@code refreshInterval} on a
 * background thread, and whenever the application calls it after changing its store, which makes
 * the change hold on this instance at once. Other instances sharing the store see it at their
 * next reload, within a refresh interval. A source that fails leaves the last snapshot in use.
 * <p>
 * A fixed app wins over an app of the source with the same AppID; within the source, the first of
 * an AppID wins. Both are logged rather than refused, so that one bad row cannot take every other
 * app down.
 * <p>
 * Internal: the auto-configuration builds it when the application declares a
 * {@link WxAppSource}; applications call {@link WxAppRegistry#reload()}.
 *
 * @since 0.2.0
 */
public final class ReloadingWxAppRegistry implements WxAppRegistry, SmartLifecycle {

	private static final Log logger = LogFactory.getLog(ReloadingWxAppRegistry.class);

	private final Map<String, WxApp> fixed;

	private final WxAppSource source;

	private final Duration refreshInterval;

	private volatile Map<String, WxApp> byAppId;

	private volatile boolean loaded;

	private final Object reloadMonitor = new Object();

	private volatile @Nullable ScheduledExecutorService scheduler;

	/**
	 * Creates a registry.
	 * @param fixedApps the apps served whatever the source says, possibly none
	 * @param source the application's store of apps
	 * @param refreshInterval how often the source is asked again
	 */
	public ReloadingWxAppRegistry(Collection<WxApp> fixedApps, WxAppSource source, Duration refreshInterval) {
		Assert.notNull(fixedApps, "fixedApps must not be null");
		Assert.notNull(source, "source must not be null");
		Assert.isTrue(refreshInterval != null && !refreshInterval.isNegative() && !refreshInterval.isZero(),
				"refreshInterval must be positive");
		Map<String, WxApp> map = new LinkedHashMap<>();
		for (WxApp app : fixedApps) {
			WxApp previous = map.putIfAbsent(app.appId(), app);
			Assert.isNull(previous, () -> "app-id " + app.appId() + " is configured twice");
		}
		this.fixed = Collections.unmodifiableMap(map);
		this.byAppId = this.fixed;
		this.source = source;
		this.refreshInterval = refreshInterval;
	}

	@Override
	public @Nullable WxApp find(@Nullable String appId) {
		return (appId != null) ? snapshot().get(appId) : null;
	}

	@Override
	public Collection<WxApp> apps() {
		return snapshot().values();
	}

	/**
	 * Asks the source for its apps now and serves them from the next lookup. Call it after
	 * changing the store for the change to hold on this instance at once.
	 * @throws RuntimeException what the source threw; the previous apps stay in use
	 */
	@Override
	public void reload() {
		synchronized (this.reloadMonitor) {
			this.loaded = true;
			Collection<WxApp> loadedApps = this.source.loadApps();
			Assert.state(loadedApps != null, "WxAppSource.loadApps() returned null");
			Map<String, WxApp> map = new LinkedHashMap<>(this.fixed);
			for (WxApp app : loadedApps) {
				WxApp previous = map.putIfAbsent(app.appId(), app);
				if (previous != null) {
					logger.warn("Ignoring a second mini program with app-id " + app.appId() + " ("
							+ (this.fixed.containsKey(app.appId()) ? "configured in wxmini.* already" : "twice in the source")
							+ ")");
				}
			}
			Map<String, WxApp> previous = this.byAppId;
			this.byAppId = Collections.unmodifiableMap(map);
			logChanges(previous, this.byAppId);
		}
	}

	private Map<String, WxApp> snapshot() {
		if (!this.loaded) {
			// Asked before start (another bean's initialisation): load once, on this thread.
			synchronized (this.reloadMonitor) {
				if (!this.loaded) {
					reloadQuietly();
				}
			}
		}
		return this.byAppId;
	}

	private void reloadQuietly() {
		try {
			reload();
		}
		catch (RuntimeException ex) {
			logger.warn("Loading the mini programs from " + this.source + " failed; serving the "
					+ this.byAppId.size() + " known so far (" + ex.getClass().getSimpleName() + ": " + ex.getMessage()
					+ ")");
		}
	}

	private static void logChanges(Map<String, WxApp> before, Map<String, WxApp> after) {
		for (String appId : after.keySet()) {
			WxApp was = before.get(appId);
			if (was == null) {
				logger.info(LogMessage.format("Serving mini program %s", appId));
			}
			else if (!was.equals(after.get(appId))) {
				// Never the secret itself, not even masked: that it changed is all a log needs.
				logger.info(LogMessage.format("Mini program %s changed (%s)", appId,
						Objects.equals(was.appSecret(), after.get(appId).appSecret()) ? "settings" : "secret"));
			}
		}
		for (String appId : before.keySet()) {
			if (!after.containsKey(appId)) {
				logger.info(LogMessage.format("No longer serving mini program %s", appId));
			}
		}
	}

	/**
	 * Loads the apps, then reloads them every refresh interval in the background.
	 */
	@Override
	public void start() {
		synchronized (this.reloadMonitor) {
			if (this.scheduler != null) {
				return;
			}
			reloadQuietly();
			ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor((task) -> {
				Thread thread = new Thread(task, "wxmini-app-reload");
				thread.setDaemon(true);
				return thread;
			});
			long millis = this.refreshInterval.toMillis();
			executor.scheduleWithFixedDelay(this::reloadQuietly, millis, millis, TimeUnit.MILLISECONDS);
			this.scheduler = executor;
		}
	}

	/**
	 * Stops reloading in the background.
	 */
	@Override
	public void stop() {
		ScheduledExecutorService executor = this.scheduler;
		if (executor != null) {
			executor.shutdownNow();
			this.scheduler = null;
		}
	}

	@Override
	public boolean isRunning() {
		return this.scheduler != null;
	}

	/**
	 * Early, so that the apps are loaded before the web server takes requests.
	 */
	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE - 4096;
	}

	@Override
	public String toString() {
		return "ReloadingWxAppRegistry[source=" + this.source + ", apps=" + List.copyOf(this.byAppId.keySet()) + "]";
	}

}
