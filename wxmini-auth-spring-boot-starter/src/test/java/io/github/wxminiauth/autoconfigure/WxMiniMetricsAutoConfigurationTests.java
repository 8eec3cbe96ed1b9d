package io.github.wxminiauth.autoconfigure;

import io.github.wxminiauth.accesstoken.AccessTokenFetchListener;
import io.github.wxminiauth.accesstoken.AccessTokenProvider;
import io.github.wxminiauth.actuate.WxMiniAccessTokenHealthIndicator;
import io.github.wxminiauth.metrics.internal.MicrometerWxMiniMetrics;
import io.github.wxminiauth.metrics.WxMiniMetrics;
import io.github.wxminiauth.token.InvalidGrantException;
import io.github.wxminiauth.token.WxTokenService;
import io.github.wxminiauth.wechat.internal.RestWxApiClient;
import io.github.wxminiauth.wechat.WxApiClient;
import io.github.wxminiauth.wechat.WxAppRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link WxMiniMetricsAutoConfiguration} and {@link WxMiniActuatorAutoConfiguration},
 * with and without Micrometer and Actuator on the classpath.
 */
class WxMiniMetricsAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, WxMiniAutoConfiguration.class,
				WxMiniMetricsAutoConfiguration.class, WxMiniActuatorAutoConfiguration.class))
		.withPropertyValues("wxmini.app-id=wx1234567890abcdef", "wxmini.app-secret=test-app-secret-value",
				"wxmini.jwt.secret=0123456789abcdef0123456789abcdef");

	@Test
	void meterRegistryGivesMicrometerMetricsAMeteredClientAndWiredListeners() {
		this.runner.withUserConfiguration(Registry.class).run((context) -> {
			assertThat(context).getBean(WxMiniMetrics.class).isInstanceOf(MicrometerWxMiniMetrics.class);
			assertThat(context).getBean(WxApiClient.class).isNotInstanceOf(RestWxApiClient.class);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			WxAppRegistry apps = context.getBean(WxAppRegistry.class);
			// The listeners reach the registry: a rotation of a malformed token and a fetch.
			assertThatExceptionOfType(InvalidGrantException.class)
				.isThrownBy(() -> context.getBean(WxTokenService.class).refresh("malformed"));
			assertThat(registry.get("wxmini.refresh-token.rotations").tag("outcome", "unknown").counter().count())
				.isEqualTo(1);
			context.getBean(MicrometerWxMiniMetrics.class)
				.accessTokenFetched(apps.apps().iterator().next(), AccessTokenFetchListener.Reason.COLD, true);
			assertThat(registry.get("wxmini.access-token.fetches").tag("app", "default").counters()).hasSize(6);
		});
	}

	@Test
	void withoutAMeterRegistryBeanTheMetricsRecordNothing() {
		this.runner.run((context) -> {
			assertThat(context).getBean(WxMiniMetrics.class).isSameAs(WxMiniMetrics.NOOP);
			assertThat(context).getBean(WxApiClient.class).isInstanceOf(RestWxApiClient.class);
		});
	}

	@Test
	void withoutMicrometerOnTheClasspathTheMetricsRecordNothing() {
		this.runner.withUserConfiguration(Registry.class)
			.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).getBean(WxMiniMetrics.class).isSameAs(WxMiniMetrics.NOOP);
				assertThat(context).getBean(WxApiClient.class).isInstanceOf(RestWxApiClient.class);
			});
	}

	@Test
	void applicationsOwnMetricsReplaceTheStartersAndGetTheListeners() {
		this.runner.withUserConfiguration(Registry.class, OwnMetrics.class).run((context) -> {
			assertThat(context).getBean(WxMiniMetrics.class).isInstanceOf(CountingMetrics.class);
			assertThat(context).getBean(WxApiClient.class).isInstanceOf(RestWxApiClient.class);
			assertThatExceptionOfType(InvalidGrantException.class)
				.isThrownBy(() -> context.getBean(WxTokenService.class).refresh("malformed"));
			assertThat(context.getBean(CountingMetrics.class).rotations).isEqualTo(1);
		});
	}

	@Test
	void healthIndicatorAndSanitizingFunctionComeWithActuator() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(WxMiniAccessTokenHealthIndicator.class);
			assertThat(context).hasBean("wxminiAccessTokenHealthIndicator");
			assertThat(context).hasSingleBean(SanitizingFunction.class);
			assertThat(context.getBean(AccessTokenProvider.class)).isNotNull();
		});
	}

	@Test
	void healthIndicatorCanBeDisabled() {
		this.runner.withPropertyValues("management.health.wxmini.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(WxMiniAccessTokenHealthIndicator.class));
	}

	@Test
	void withoutActuatorThereIsNoHealthIndicatorAndNoSanitizingFunction() {
		this.runner.withClassLoader(new FilteredClassLoader(HealthIndicator.class, SanitizingFunction.class))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(WxMiniAccessTokenHealthIndicator.class);
				assertThat(context).doesNotHaveBean(SanitizingFunction.class);
			});
	}

	@Test
	void sanitizingFunctionMasksTheStartersSecretsInEverySpellingOnly() {
		this.runner.run((context) -> {
			SanitizingFunction function = context.getBean(SanitizingFunction.class);
			for (String key : new String[] { "wxmini.app-secret", "wxmini.appSecret", "WXMINI_APP_SECRET",
					"wxmini.apps.shop.app-secret", "wxmini.jwt.secret", "WXMINI_JWT_SECRET",
					"wxmini.jwt.keys[0].private-key", "wxmini.jwt.keystore.password" }) {
				assertThat(function.applyUnlessFiltered(new SanitizableData(null, key, "value")).getValue()).as(key)
					.isEqualTo(SanitizableData.SANITIZED_VALUE);
			}
			for (String key : new String[] { "wxmini.app-id", "wxmini.jwt.issuer", "other.secret" }) {
				assertThat(function.applyUnlessFiltered(new SanitizableData(null, key, "value")).getValue()).as(key)
					.isEqualTo("value");
			}
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class Registry {

		@Bean
		SimpleMeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnMetrics {

		@Bean
		CountingMetrics countingMetrics() {
			return new CountingMetrics();
		}

	}

	static final class CountingMetrics implements WxMiniMetrics {

		int rotations;

		@Override
		public void refreshTokenRotated(io.github.wxminiauth.token.RotationResult.Outcome outcome) {
			this.rotations++;
		}

	}

}
