package io.github.wxminiauth.autoconfigure;

import java.time.Clock;

import io.github.wxminiauth.ratelimit.InMemoryRateLimiter;
import io.github.wxminiauth.ratelimit.RateLimiter;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The rate limits in the memory of this instance, unless a limiter is already defined.
 */
@Configuration(proxyBeanMethods = false)
class InMemoryRateLimiterConfiguration {

	private static final Log logger = LogFactory.getLog(InMemoryRateLimiterConfiguration.class);

	@Bean
	@ConditionalOnMissingBean(RateLimiter.class)
	InMemoryRateLimiter wxInMemoryRateLimiter(WxMiniRateLimitProperties rateLimit, ObjectProvider<Clock> clock,
			Environment environment, ConfigurableListableBeanFactory beanFactory) {
		WxMiniStoreSelection selection = WxMiniStoreSelection.select(environment, beanFactory,
				beanFactory.getBeanClassLoader());
		if (selection.redis()) {
			logger.warn("The stores are in Redis, but the login and phone rate limits are counted per instance: "
					+ "add com.bucket4j:bucket4j_jdk17-lettuce (with Spring Boot's Lettuce client) to share them");
		}
		return new InMemoryRateLimiter(Clocks.of(clock), rateLimit.maxLocalBuckets());
	}

}
