package io.github.wxminiauth.sample.simulator;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.wxminiauth.autoconfigure.WxMiniProperties;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.util.StringUtils;

/**
 * The built-in WeChat simulator, on unless {@code sample.simulator.enabled=false}. It knows the
 * mini programs configured under {@code wxmini.*}, so the starter's calls succeed with the
 * application's own AppID and AppSecret and fail, as WeChat's would, with any other.
 *
 * @author wxmini-auth
 * @see WeChatSimulatorEnvironmentPostProcessor
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "sample.simulator.enabled", matchIfMissing = true)
class WeChatSimulatorConfiguration {

	@Bean
	WeChatSimulator weChatSimulator(Environment environment, ObjectProvider<Clock> clock) {
		Map<String, String> secrets = Binder.get(environment)
			.bind("wxmini", WxMiniProperties.class)
			.map(WeChatSimulatorConfiguration::secrets)
			.orElseGet(Map::of);
		if (secrets.isEmpty()) {
			throw new IllegalStateException("The WeChat simulator needs wxmini.app-id and wxmini.app-secret "
					+ "(or wxmini.apps), or turn it off with sample.simulator.enabled=false");
		}
		return new WeChatSimulator(secrets, clock.getIfUnique(Clock::systemUTC));
	}

	private static Map<String, String> secrets(WxMiniProperties properties) {
		Map<String, String> secrets = new LinkedHashMap<>();
		if (StringUtils.hasText(properties.appId()) && StringUtils.hasText(properties.appSecret())) {
			secrets.put(properties.appId(), properties.appSecret());
		}
		properties.apps().values().forEach((app) -> {
			if (StringUtils.hasText(app.appId()) && StringUtils.hasText(app.appSecret())) {
				secrets.put(app.appId(), app.appSecret());
			}
		});
		return secrets;
	}

	/**
	 * Takes {@code /simulator/**} out of Spring Security: the simulator stands in for WeChat's
	 * servers, which sit outside the application and have no user to authenticate. It is a
	 * {@link WebSecurityCustomizer} rather than a {@code SecurityFilterChain} of its own because any
	 * application-declared chain switches the starter's default chain off.
	 * @return the customizer
	 */
	@Bean
	WebSecurityCustomizer simulatorOutsideSecurity() {
		return (web) -> web.ignoring().requestMatchers("/simulator/**");
	}

}
