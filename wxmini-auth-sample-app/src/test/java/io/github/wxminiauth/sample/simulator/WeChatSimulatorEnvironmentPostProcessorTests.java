package io.github.wxminiauth.sample.simulator;

import java.util.HashMap;
import java.util.Map;

import io.github.wxminiauth.test.wechat.WeChatSimulator;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.logging.DeferredLogs;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link WeChatSimulatorEnvironmentPostProcessor}: where the starter is pointed, and
 * that the simulator never stands in for a real mini program.
 */
class WeChatSimulatorEnvironmentPostProcessorTests {

	private static final String REAL_APP_ID = "wx1234567890abcdef";

	private final WeChatSimulatorEnvironmentPostProcessor postProcessor = new WeChatSimulatorEnvironmentPostProcessor(
			new DeferredLogs());

	@Test
	void pointsApiBaseUrlAtTheSimulatorOnTheServerPortByDefault() {
		StandardEnvironment environment = process(Map.of("server.port", "9090"));
		assertThat(environment.getProperty("wxmini.api-base-url")).isEqualTo("http://127.0.0.1:9090/simulator");
		assertThat(environment.getProperty("sample.simulator.enabled", Boolean.class)).isTrue();
	}

	@Test
	void usesPort8080WhenNoServerPortIsSet() {
		StandardEnvironment environment = process(Map.of());
		assertThat(environment.getProperty("wxmini.api-base-url")).isEqualTo("http://127.0.0.1:8080/simulator");
	}

	@Test
	void leavesApiBaseUrlAloneWhenTheSimulatorIsDisabled() {
		StandardEnvironment environment = process(Map.of("sample.simulator.enabled", "false"));
		assertThat(environment.containsProperty("wxmini.api-base-url")).isFalse();
		assertThat(environment.getProperty("sample.simulator.enabled", Boolean.class)).isFalse();
	}

	@Test
	void leavesAnExplicitApiBaseUrlAlone() {
		StandardEnvironment environment = process(Map.of("wxmini.api-base-url", "https://proxy.example.com"));
		assertThat(environment.getProperty("wxmini.api-base-url")).isEqualTo("https://proxy.example.com");
	}

	@Test
	void addsItsDefaultsWithTheLowestPrecedence() {
		StandardEnvironment environment = process(Map.of());
		assertThat(environment.getPropertySources().stream().reduce((first, second) -> second).orElseThrow().getName())
			.isEqualTo(WeChatSimulatorEnvironmentPostProcessor.PROPERTY_SOURCE_NAME);
	}

	@Test
	void isOffByDefaultWithAnotherAppId() {
		StandardEnvironment environment = process(Map.of("wxmini.app-id", REAL_APP_ID));
		assertThat(environment.getProperty("sample.simulator.enabled", Boolean.class)).isFalse();
		assertThat(environment.containsProperty("wxmini.api-base-url")).isFalse();
	}

	@Test
	void isOffByDefaultWhenOneOfSeveralAppsIsAnother() {
		StandardEnvironment environment = process(Map.of("wxmini.apps.demo.app-id", WeChatSimulator.APP_ID,
				"wxmini.apps.shop.app-id", REAL_APP_ID));
		assertThat(environment.getProperty("sample.simulator.enabled", Boolean.class)).isFalse();
	}

	@Test
	void isOnByDefaultWhenTheOnlyAppUnderAppsIsItsOwn() {
		Map<String, Object> properties = new HashMap<>();
		properties.put("wxmini.app-id", "");
		properties.put("wxmini.apps.demo.app-id", WeChatSimulator.APP_ID);
		StandardEnvironment environment = process(properties);
		assertThat(environment.getProperty("sample.simulator.enabled", Boolean.class)).isTrue();
	}

	@Test
	void isOffWithNoAppConfigured() {
		StandardEnvironment environment = environment(Map.of());
		this.postProcessor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("sample.simulator.enabled", Boolean.class)).isFalse();
	}

	@Test
	void enablingItForAnotherAppIdFailsWithAClearMessage() {
		StandardEnvironment environment = environment(
				Map.of("wxmini.app-id", REAL_APP_ID, "sample.simulator.enabled", "true"));
		assertThatIllegalStateException()
			.isThrownBy(() -> this.postProcessor.postProcessEnvironment(environment, new SpringApplication()))
			.withMessageContaining("sample.simulator.enabled=true")
			.withMessageContaining(REAL_APP_ID)
			.withMessageContaining("never stands in for a real mini program");
	}

	@Test
	void enablingItForOneOfSeveralAppsThatIsAnotherFails() {
		StandardEnvironment environment = environment(Map.of("wxmini.apps.demo.app-id", WeChatSimulator.APP_ID,
				"wxmini.apps.shop.app-id", REAL_APP_ID, "sample.simulator.enabled", "true"));
		assertThatIllegalStateException()
			.isThrownBy(() -> this.postProcessor.postProcessEnvironment(environment, new SpringApplication()))
			.withMessageContaining(REAL_APP_ID);
	}

	@Test
	void enablingItExplicitlyForItsOwnAppIdIsFine() {
		StandardEnvironment environment = process(Map.of("sample.simulator.enabled", "true"));
		assertThat(environment.getProperty("wxmini.api-base-url")).isEqualTo("http://127.0.0.1:8080/simulator");
	}

	/**
	 * Post-processes an environment configured, unless the properties say otherwise, with the
	 * simulator's own mini program, as the sample's application.properties does.
	 */
	private StandardEnvironment process(Map<String, Object> properties) {
		Map<String, Object> withApp = new HashMap<>();
		withApp.put("wxmini.app-id", WeChatSimulator.APP_ID);
		if (properties.keySet().stream().anyMatch((name) -> name.startsWith("wxmini.apps."))) {
			withApp.remove("wxmini.app-id");
		}
		withApp.putAll(properties);
		StandardEnvironment environment = environment(withApp);
		this.postProcessor.postProcessEnvironment(environment, new SpringApplication());
		return environment;
	}

	private static StandardEnvironment environment(Map<String, Object> properties) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
		return environment;
	}

}
