package io.github.wxminiauth.wxjava.autoconfigure;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * WxJava's loggers that print the shared token get quiet defaults, last among the property
 * sources, unless the application sets them or a package above them.
 */
class WxJavaLoggingDefaultsEnvironmentPostProcessorTests {

	private final WxJavaLoggingDefaultsEnvironmentPostProcessor processor = new WxJavaLoggingDefaultsEnvironmentPostProcessor();

	@Test
	void withARootOfTraceWxJavasServiceLogsOnlyErrorsAndHttpClient4ItsRequestsAtInfo() {
		MockEnvironment environment = new MockEnvironment().withProperty("logging.level.root", "TRACE");
		this.processor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("logging.level.cn.binarywang.wx.miniapp.api.impl.BaseWxMaServiceImpl"))
			.isEqualTo("ERROR");
		assertThat(environment.getProperty("logging.level.org.apache.http.wire")).isEqualTo("INFO");
		assertThat(environment.getProperty("logging.level.org.apache.http.headers")).isEqualTo("INFO");
		assertThat(environment.getProperty("logging.level.org.apache.http.impl.execchain")).isEqualTo("INFO");
		assertThat(environment.getPropertySources().stream().reduce((first, second) -> second).orElseThrow().getName())
			.isEqualTo(WxJavaLoggingDefaultsEnvironmentPostProcessor.PROPERTY_SOURCE_NAME);
	}

	@Test
	void aLevelTheApplicationSetsForWxJavasPackageWins() {
		MockEnvironment environment = new MockEnvironment().withProperty("logging.level.cn.binarywang.wx.miniapp",
				"DEBUG");
		this.processor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("logging.level.cn.binarywang.wx.miniapp.api.impl.BaseWxMaServiceImpl"))
			.isNull();
		assertThat(environment.getProperty("logging.level.org.apache.http.wire")).isEqualTo("INFO");
	}

	@Test
	void theStartersOwnWireLoggersAreNotThisModulesConcern() {
		MockEnvironment environment = new MockEnvironment();
		this.processor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("logging.level.org.apache.hc.client5.http.wire")).isNull();
	}

}
