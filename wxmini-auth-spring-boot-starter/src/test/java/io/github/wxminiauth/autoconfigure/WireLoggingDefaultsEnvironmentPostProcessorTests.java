package io.github.wxminiauth.autoconfigure;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The loggers that print raw HTTP traffic default to INFO, below everything the application
 * configures, and step back for any level the application sets for them or a package above them.
 */
class WireLoggingDefaultsEnvironmentPostProcessorTests {

	private final WireLoggingDefaultsEnvironmentPostProcessor processor = new WireLoggingDefaultsEnvironmentPostProcessor();

	@Test
	void withNothingConfiguredEveryWireLoggerDefaultsToInfoEvenUnderARootOfTrace() {
		MockEnvironment environment = new MockEnvironment().withProperty("logging.level.root", "TRACE");
		this.processor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(WireLoggingDefaultsEnvironmentPostProcessor.LOGGERS).isNotEmpty()
			.allSatisfy((logger) -> assertThat(environment.getProperty("logging.level." + logger)).isEqualTo("INFO"));
	}

	@Test
	void aLevelTheApplicationSetsForTheLoggerWins() {
		MockEnvironment environment = new MockEnvironment()
			.withProperty("logging.level.org.apache.hc.client5.http.wire", "DEBUG");
		this.processor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("logging.level.org.apache.hc.client5.http.wire")).isEqualTo("DEBUG");
		assertThat(environment.getProperty("logging.level.org.apache.hc.client5.http.headers")).isEqualTo("INFO");
	}

	@Test
	void aLevelTheApplicationSetsForAParentPackageIsNotOverriddenForItsLoggers() {
		MockEnvironment environment = new MockEnvironment().withProperty("logging.level.org.apache.hc", "DEBUG");
		this.processor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("logging.level.org.apache.hc.client5.http.wire")).isNull();
		assertThat(environment.getProperty("logging.level.org.apache.hc.client5.http.impl.classic")).isNull();
		assertThat(environment.getProperty("logging.level.org.apache.coyote.http11.Http11InputBuffer"))
			.isEqualTo("INFO");
	}

	@Test
	void anEnvironmentVariableOfTheApplicationCountsAsSettingTheLogger() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
					new org.springframework.core.env.SystemEnvironmentPropertySource(
							StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
							Map.of("LOGGING_LEVEL_ORG_APACHE_HC_CLIENT5_HTTP_HEADERS", "DEBUG")));
		this.processor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("logging.level.org.apache.hc.client5.http.headers")).isEqualTo("DEBUG");
	}

	@Test
	void theDefaultsComeLastSoThatAnyLaterSourceOfTheApplicationWins() {
		MockEnvironment environment = new MockEnvironment();
		this.processor.postProcessEnvironment(environment, new SpringApplication());
		environment.getPropertySources()
			.addFirst(new MapPropertySource("late", Map.of("logging.level.org.apache.hc.client5.http.wire", "TRACE")));
		assertThat(environment.getPropertySources().stream().reduce((first, second) -> second).orElseThrow().getName())
			.isEqualTo(WireLoggingDefaultsEnvironmentPostProcessor.PROPERTY_SOURCE_NAME);
		assertThat(environment.getProperty("logging.level.org.apache.hc.client5.http.wire")).isEqualTo("TRACE");
	}

}
