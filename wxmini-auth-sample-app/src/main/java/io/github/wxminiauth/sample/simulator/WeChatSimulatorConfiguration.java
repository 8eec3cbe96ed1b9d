package io.github.wxminiauth.sample.simulator;

import java.time.Clock;

import io.github.wxminiauth.test.wechat.WeChatSimulator;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The built-in WeChat simulator, the one of {@code wxmini-auth-test}: on only while the
 * application is configured with the simulator's own mini program (see
 * {@link WeChatSimulatorEnvironmentPostProcessor}). It knows that mini program alone, so a
 * misconfigured AppSecret fails here as it would at WeChat.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(SimulatorActivation.ENABLED)
class WeChatSimulatorConfiguration {

	@Bean
	WeChatSimulator weChatSimulator(ObjectProvider<Clock> clock) {
		return WeChatSimulator.builder().clock(clock.getIfUnique(Clock::systemUTC)).build();
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
