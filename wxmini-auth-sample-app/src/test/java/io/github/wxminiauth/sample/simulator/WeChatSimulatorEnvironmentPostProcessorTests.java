package io.github.wxminiauth.sample.simulator;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link WeChatSimulatorEnvironmentPostProcessor}.
 *
 * @author wxmini-auth
 */
class WeChatSimulatorEnvironmentPostProcessorTests {

	private final WeChatSimulatorEnvironmentPostProcessor postProcessor = new WeChatSimulatorEnvironmentPostProcessor();

	@Test
	void pointsApiBaseUrlAtTheSimulatorOnTheServerPortByDefault() {
		StandardEnvironment environment = environment(Map.of("server.port", "9090"));
		this.postProcessor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("wxmini.api-base-url")).isEqualTo("http://127.0.0.1:9090/simulator");
	}

	@Test
	void usesPort8080WhenNoServerPortIsSet() {
		StandardEnvironment environment = environment(Map.of());
		this.postProcessor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("wxmini.api-base-url")).isEqualTo("http://127.0.0.1:8080/simulator");
	}

	@Test
	void leavesApiBaseUrlAloneWhenTheSimulatorIsDisabled() {
		StandardEnvironment environment = environment(Map.of("sample.simulator.enabled", "false"));
		this.postProcessor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.containsProperty("wxmini.api-base-url")).isFalse();
	}

	@Test
	void leavesAnExplicitApiBaseUrlAlone() {
		StandardEnvironment environment = environment(Map.of("wxmini.api-base-url", "https://proxy.example.com"));
		this.postProcessor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("wxmini.api-base-url")).isEqualTo("https://proxy.example.com");
		assertThat(environment.getPropertySources()
			.contains(WeChatSimulatorEnvironmentPostProcessor.PROPERTY_SOURCE_NAME)).isFalse();
	}

	@Test
	void addsItsDefaultWithTheLowestPrecedence() {
		StandardEnvironment environment = environment(Map.of());
		this.postProcessor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getPropertySources().stream().reduce((first, second) -> second).orElseThrow().getName())
			.isEqualTo(WeChatSimulatorEnvironmentPostProcessor.PROPERTY_SOURCE_NAME);
	}

	private static StandardEnvironment environment(Map<String, Object> properties) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
		return environment;
	}

}
