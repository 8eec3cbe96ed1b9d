package io.github.wxminiauth.sample.simulator;

import java.time.Clock;
import java.util.Map;
import java.util.stream.Collectors;

import io.github.wxminiauth.test.wechat.WeChatSimulator;
import io.github.wxminiauth.wechat.WxApp;
import io.github.wxminiauth.wechat.WxAppRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The built-in WeChat simulator, the one of {@code wxmini-auth-test}: on only while the
 * application is configured with the simulator's own mini program (see
 * {@link WeChatSimulatorEnvironmentPostProcessor}). It knows that mini program, so a
 * misconfigured AppSecret fails here as it would at WeChat, and, as if they had been registered
 * with WeChat, the mini programs added at runtime ({@code /api/admin/apps}): it asks the
 * starter's {@link WxAppRegistry} at every call, so that an app is known from the moment it is
 * served, with its current secret, and forgotten once removed.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(SimulatorActivation.ENABLED)
class WeChatSimulatorConfiguration {

	@Bean
	WeChatSimulator weChatSimulator(ObjectProvider<Clock> clock, ObjectProvider<WxAppRegistry> apps) {
		return WeChatSimulator.builder()
			.clock(clock.getIfUnique(Clock::systemUTC))
			.apps(() -> secrets(apps.getIfAvailable()))
			.build();
	}

	/**
	 * The served apps' secrets; the simulator's own app is the builder's default, whose secret
	 * stays the simulator's whatever the configuration says.
	 */
	private static Map<String, String> secrets(@Nullable WxAppRegistry apps) {
		if (apps == null) {
			return Map.of();
		}
		return apps.apps().stream().collect(Collectors.toUnmodifiableMap(WxApp::appId, WxApp::appSecret));
	}

	@Bean
	FilterRegistrationBean<WeChatSimulatorFilter> weChatSimulatorFilter(WeChatSimulator simulator) {
		FilterRegistrationBean<WeChatSimulatorFilter> registration = new FilterRegistrationBean<>(
				new WeChatSimulatorFilter(simulator));
		registration.addUrlPatterns(WeChatSimulatorFilter.PREFIX + "/*");
		// Ahead of Spring Security, whose DEBUG log prints each request line, query included
		registration.setOrder(SecurityFilterProperties.DEFAULT_FILTER_ORDER - 10);
		return registration;
	}

}
