package io.github.wxminiauth.autoconfigure;

import io.github.wxminiauth.event.WxSessionRevokedEvent;
import io.github.wxminiauth.metrics.internal.MicrometerWxMiniMetrics;
import io.github.wxminiauth.metrics.WxMiniMetrics;
import io.github.wxminiauth.wechat.WxApiClient;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.ApplicationListener;
import org.springframework.context.PayloadApplicationEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration of the starter's metrics: a {@link MicrometerWxMiniMetrics} when the
 * application has a Micrometer {@link MeterRegistry} (as with {@code spring-boot-starter-actuator}),
 * otherwise {@link WxMiniMetrics#NOOP}, so there is always one {@link WxMiniMetrics} bean to
 * record through. The starter's bean methods hand the recorder to the beans they create; the
 * WeChat client, the application's own included, is wrapped so that every call is timed. An
 * application without Micrometer is unaffected.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = WxMiniAutoConfiguration.class,
		afterName = { "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration" })
public final class WxMiniMetricsAutoConfiguration {

	/**
	 * Without Micrometer: a recorder that records nothing. Declared here rather than in a nested
	 * configuration, so that it is considered after the Micrometer one.
	 */
	@Bean
	@ConditionalOnMissingBean(WxMiniMetrics.class)
	WxMiniMetrics wxMiniNoOpMetrics() {
		return WxMiniMetrics.NOOP;
	}

	/**
	 * Counts revoked sessions by reason from the token service's events.
	 */
	@Bean
	ApplicationListener<PayloadApplicationEvent<WxSessionRevokedEvent>> wxMiniRevocationMetrics(
			ObjectProvider<WxMiniMetrics> metrics) {
		return (event) -> metrics.getObject().sessionRevoked(event.getPayload().reason());
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	@ConditionalOnBean(MeterRegistry.class)
	static class MicrometerMetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean(WxMiniMetrics.class)
		MicrometerWxMiniMetrics wxMiniMetrics(MeterRegistry registry) {
			return new MicrometerWxMiniMetrics(registry);
		}

		/**
		 * Wraps the WeChat client, the application's own included, so that every call is timed
		 * wherever it comes from.
		 */
		@Bean
		static BeanPostProcessor wxMiniMetricsWxApiClientPostProcessor(
				ObjectProvider<MicrometerWxMiniMetrics> metrics) {
			return new BeanPostProcessor() {

				@Override
				public Object postProcessAfterInitialization(Object bean, String beanName) {
					if (bean instanceof WxApiClient client) {
						MicrometerWxMiniMetrics recorder = metrics.getIfUnique();
						return (recorder != null) ? recorder.instrument(client) : bean;
					}
					return bean;
				}

			};
		}

	}

}
