package io.github.wxminiauth.sample.simulator;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.commons.logging.Log;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Decides, before anything starts, whether the built-in WeChat simulator runs (see
 * {@link SimulatorActivation}), records the decision as {@code sample.simulator.enabled}, and,
 * when it runs and {@code wxmini.api-base-url} is unset, points the starter at it with
 * {@code wxmini.api-base-url=http://127.0.0.1:${server.port:8080}/simulator}. Both with the
 * lowest precedence, where any property the user sets wins.
 * <p>
 * The simulator is reached through the application's configured port, so it needs a fixed
 * {@code server.port}; with {@code server.port=0} set {@code wxmini.api-base-url} yourself or turn
 * the simulator off.
 */
public class WeChatSimulatorEnvironmentPostProcessor implements EnvironmentPostProcessor {

	static final String PROPERTY_SOURCE_NAME = "wxminiSampleSimulator";

	static final String API_BASE_URL = "wxmini.api-base-url";

	private final Log logger;

	public WeChatSimulatorEnvironmentPostProcessor(DeferredLogFactory logFactory) {
		this.logger = logFactory.getLog(WeChatSimulatorEnvironmentPostProcessor.class);
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		boolean explicit = environment.containsProperty(SimulatorActivation.ENABLED);
		boolean enabled = SimulatorActivation.isEnabled(environment);
		Map<String, Object> defaults = new LinkedHashMap<>();
		if (!explicit) {
			defaults.put(SimulatorActivation.ENABLED, enabled);
			if (!enabled) {
				this.logger.info("The built-in WeChat simulator is off: the configured mini program is not its own");
			}
		}
		if (enabled && !environment.containsProperty(API_BASE_URL)) {
			defaults.put(API_BASE_URL, "http://127.0.0.1:${server.port:8080}/simulator");
		}
		if (!defaults.isEmpty()) {
			environment.getPropertySources().addLast(new MapPropertySource(PROPERTY_SOURCE_NAME, defaults));
		}
	}

}
