package io.github.wxminiauth.autoconfigure;

import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.NestedExceptionUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Start-up refuses weak configuration, naming the property to fix, and never echoes a secret.
 */
class StartupValidationTests {

	private static final String APP_SECRET = "startup-app-secret-MUST-NOT-LEAK";

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, WxMiniAutoConfiguration.class))
		.withPropertyValues("wxmini.app-id=wx1234567890abcdef", "wxmini.app-secret=" + APP_SECRET,
				"wxmini.jwt.secret=0123456789abcdef0123456789abcdef");

	@Test
	void hs256KeyShorterThan32BytesFailsStartUpNamingTheProperty() {
		String shortKey = "only-31-bytes-long-secret-key!!";
		assertThat(shortKey).hasSize(31);
		this.runner.withPropertyValues("wxmini.jwt.secret=" + shortKey).run((context) -> {
			startupFailure(context).isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("wxmini.jwt.secret")
				.hasMessageContaining("at least 32 bytes")
				.hasMessageNotContaining(shortKey);
			assertThat(rootCause(context).getName()).isEqualTo("wxmini.jwt.secret");
		});
	}

	@Test
	void hs256KeyOf32BytesIsAccepted() {
		this.runner.withPropertyValues("wxmini.jwt.secret=exactly-32-bytes-long-secret-key").run((context) -> {
			assertThat(context).hasNotFailed();
		});
	}

	@Test
	void appIdWithoutSecretFailsStartUpNamingTheProperty() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, WxMiniAutoConfiguration.class))
			.withPropertyValues("wxmini.app-id=wx1234567890abcdef")
			.run((context) -> assertThat(rootCause(context).getName()).isEqualTo("wxmini.app-secret"));
	}

	@Test
	void appOfSeveralWithoutSecretFailsStartUpNamingTheProperty() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, WxMiniAutoConfiguration.class))
			.withPropertyValues("wxmini.apps.shop.app-id=wx1111111111111111")
			.run((context) -> assertThat(rootCause(context).getName()).isEqualTo("wxmini.apps.shop.app-secret"));
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "http://api.weixin.qq.com", "http://10.0.0.8:8080/wechat", "http://128.0.0.1",
			"http://127.0.0.1.attacker.example", "http://localhost.attacker.example", "http://[::2]:8080",
			"HTTP://api.weixin.qq.com" })
	void plainHttpApiBaseUrlOutsideLoopbackFailsStartUp(String url) {
		this.runner.withPropertyValues("wxmini.api-base-url=" + url).run((context) -> {
			startupFailure(context).hasMessageContaining("wxmini.api-base-url")
				.hasMessageContaining("wxmini.http.allow-insecure-api-base-url")
				.hasMessageNotContaining(APP_SECRET);
			assertThat(rootCause(context).getName()).isEqualTo("wxmini.api-base-url");
		});
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "ftp://api.weixin.qq.com", "api.weixin.qq.com", "https://", "not a url" })
	void apiBaseUrlThatIsNotAnHttpUrlFailsStartUp(String url) {
		this.runner.withPropertyValues("wxmini.api-base-url=" + url)
			.run((context) -> assertThat(rootCause(context).getName()).isEqualTo("wxmini.api-base-url"));
	}

	@Test
	void apiBaseUrlWithCredentialsFailsStartUpWithoutEchoingThem() {
		this.runner.withPropertyValues("wxmini.api-base-url=https://user:proxy-password@proxy.example.com")
			.run((context) -> {
				startupFailure(context).hasMessageContaining("wxmini.api-base-url")
					.hasMessageNotContaining("proxy-password");
				assertThat(rootCause(context).getName()).isEqualTo("wxmini.api-base-url");
			});
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "https://api.weixin.qq.com", "https://proxy.example.com:8443/wechat",
			"http://127.0.0.1:9090/simulator", "http://127.10.20.30", "http://localhost:8080", "http://LOCALHOST",
			"http://[::1]:8080" })
	void httpsOrLoopbackApiBaseUrlIsAccepted(String url) {
		this.runner.withPropertyValues("wxmini.api-base-url=" + url)
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void plainHttpElsewhereIsAcceptedWhenExplicitlyAllowed() {
		this.runner
			.withPropertyValues("wxmini.api-base-url=http://wechat-egress.internal:8080",
					"wxmini.http.allow-insecure-api-base-url=true")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	private static AbstractThrowableAssert<?, ? extends Throwable> startupFailure(AssertableApplicationContext context) {
		assertThat(context).hasFailed();
		return assertThat(rootCause(context));
	}

	private static InvalidConfigurationPropertyValueException rootCause(AssertableApplicationContext context) {
		assertThat(context).hasFailed();
		Throwable cause = NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure());
		assertThat(cause).isInstanceOf(InvalidConfigurationPropertyValueException.class);
		return (InvalidConfigurationPropertyValueException) cause;
	}

}
