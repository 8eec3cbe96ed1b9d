package io.github.wxminiauth.sample.simulator;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.github.wxminiauth.test.wechat.WeChatSimulator;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * Decides whether the built-in WeChat simulator runs. It mints codes for any openid, the
 * administrators' included, so it must never stand in for a real mini program: it is on by
 * default only while every configured mini program is the simulator's own
 * ({@value WeChatSimulator#APP_ID}); with any other AppID an unset
 * {@code sample.simulator.enabled} means off, and {@code true} is refused.
 */
final class SimulatorActivation {

	static final String ENABLED = "sample.simulator.enabled";

	private SimulatorActivation() {
	}

	/**
	 * Whether the simulator runs.
	 * @param environment the application's environment
	 * @return {@code true} to run it
	 * @throws IllegalStateException if it is enabled explicitly for another mini program
	 */
	static boolean isEnabled(Environment environment) {
		Boolean enabled = environment.getProperty(ENABLED, Boolean.class);
		Set<String> appIds = configuredAppIds(environment);
		Set<String> foreign = new TreeSet<>(appIds);
		foreign.remove(WeChatSimulator.APP_ID);
		if (enabled == null) {
			return !appIds.isEmpty() && foreign.isEmpty();
		}
		if (enabled && !foreign.isEmpty()) {
			throw new IllegalStateException(ENABLED + "=true, but the configured mini program " + foreign
					+ " is not the simulator's own. The built-in WeChat simulator mints login codes for any openid, "
					+ "so it never stands in for a real mini program: remove " + ENABLED
					+ " to talk to WeChat, or configure wxmini.app-id=" + WeChatSimulator.APP_ID
					+ " (and its AppSecret) for a demo.");
		}
		return enabled;
	}

	private static Set<String> configuredAppIds(Environment environment) {
		Binder binder = Binder.get(environment);
		Set<String> appIds = new TreeSet<>();
		String appId = binder.bind("wxmini.app-id", String.class).orElse(null);
		if (StringUtils.hasText(appId)) {
			appIds.add(appId.trim());
		}
		// wxmini.apps.<name>.app-id, read as flat keys so that this check needs none of the starter's types
		binder.bind("wxmini.apps", Bindable.mapOf(String.class, String.class))
			.orElseGet(Map::of)
			.forEach((key, value) -> {
				if (key.endsWith(".app-id") && StringUtils.hasText(value)) {
					appIds.add(value.trim());
				}
			});
		return appIds;
	}

}
