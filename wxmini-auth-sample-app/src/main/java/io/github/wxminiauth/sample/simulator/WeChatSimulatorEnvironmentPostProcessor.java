package io.github.wxminiauth.sample.simulator;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Points the starter at the built-in WeChat simulator, so that the sample runs with no set-up:
 * unless {@code sample.simulator.enabled=false} or {@code wxmini.api-base-url} is set, adds
 * {@code wxmini.api-base-url=http://127.0.0.1:${server.port:8080}/simulator} with the lowest
 * precedence, where any property the user sets wins over it.
 * <p>
 * The simulator is reached through the application's configured port, so it needs a fixed
 * {@code server.port}; with {@code server.port=0} set {@code wxmini.api-base-url} yourself or turn
 * the simulator off.
 *
 * @author wxmini-auth
 */
public class WeChatSimulatorEnvironmentPostProcessor implements EnvironmentPostProcessor {

	static final String PROPERTY_SOURCE_NAME = "wxminiSampleSimulator";

	static final String API_BASE_URL = "wxmini.api-base-url";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		boolean enabled = environment.getProperty("sample.simulator.enabled", Boolean.class, true);
		if (!enabled || environment.containsProperty(API_BASE_URL)) {
			return;
		}
		environment.getPropertySources()
			.addLast(new MapPropertySource(PROPERTY_SOURCE_NAME,
					Map.of(API_BASE_URL, "http://127.0.0.1:${server.port:8080}/simulator")));
	}

}
