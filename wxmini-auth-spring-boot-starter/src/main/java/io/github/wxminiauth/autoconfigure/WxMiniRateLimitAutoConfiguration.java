package io.github.wxminiauth.autoconfigure;

import java.time.Clock;

import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.github.wxminiauth.ratelimit.InMemoryRateLimiter;
import io.github.wxminiauth.ratelimit.RateLimit;
import io.github.wxminiauth.ratelimit.RateLimiter;
import io.github.wxminiauth.ratelimit.RedisRateLimiter;
import io.github.wxminiauth.ratelimit.WxRateLimits;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * Auto-configuration of the rate limits of the login and phone-number endpoints
 * ({@code wxmini.rate-limit.*}): counted in Redis, shared by every instance, when
 * {@code wxmini.store} selects Redis and Bucket4j's Lettuce integration is on the classpath, else
 * in the memory of this instance. {@code wxmini.rate-limit.enabled=false} turns them off.
 *
 * @since 0.1.0
 */
@AutoConfiguration(before = WxMiniSecurityAutoConfiguration.class,
		afterName = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration")
@ConditionalOnBooleanProperty(name = "wxmini.rate-limit.enabled", matchIfMissing = true)
@EnableConfigurationProperties({ WxMiniRateLimitProperties.class, WxMiniProperties.class })
@Import({ WxMiniRateLimitAutoConfiguration.RedisRateLimiterConfiguration.class,
		WxMiniRateLimitAutoConfiguration.InMemoryRateLimiterConfiguration.class })
public final class WxMiniRateLimitAutoConfiguration {

	private static final Log logger = LogFactory.getLog(WxMiniRateLimitAutoConfiguration.class);

	@Bean
	@ConditionalOnMissingBean
	WxRateLimits wxRateLimits(WxMiniRateLimitProperties properties) {
		WxMiniRateLimitProperties.Login login = properties.login();
		WxMiniRateLimitProperties.Phone phone = properties.phone();
		return new WxRateLimits(new RateLimit("login-ip", login.perIp(), login.period()),
				new RateLimit("phone-ip", phone.perIp(), phone.period()),
				new RateLimit("phone-user", phone.perUser(), phone.period()));
	}

	private static Clock clock(ObjectProvider<Clock> clock) {
		return clock.getIfUnique(Clock::systemUTC);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ LettuceConnectionFactory.class, Bucket4jLettuce.class })
	@ConditionalOnBean(LettuceConnectionFactory.class)
	@Conditional(OnRedisStoreCondition.class)
	static class RedisRateLimiterConfiguration {

		@Bean
		@ConditionalOnMissingBean(RateLimiter.class)
		RedisRateLimiter wxRateLimiter(LettuceConnectionFactory connectionFactory, WxMiniProperties properties,
				WxMiniRateLimitProperties rateLimit, ObjectProvider<Clock> clock) {
			logger.info("Counting the login and phone rate limits in Redis under '" + properties.redis().keyPrefix()
					+ "rate-limit:', shared by every instance");
			return new RedisRateLimiter(connectionFactory, properties.redis().keyPrefix(), clock(clock),
					rateLimit.redisTimeout());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class InMemoryRateLimiterConfiguration {

		@Bean
		@ConditionalOnMissingBean(RateLimiter.class)
		InMemoryRateLimiter wxRateLimiter(WxMiniRateLimitProperties rateLimit, ObjectProvider<Clock> clock,
				Environment environment, ConfigurableListableBeanFactory beanFactory) {
			WxMiniStoreSelection selection = WxMiniStoreSelection.select(environment, beanFactory,
					beanFactory.getBeanClassLoader());
			if (selection.redis()) {
				logger.warn("The stores are in Redis, but the login and phone rate limits are counted per instance: "
						+ "add com.bucket4j:bucket4j_jdk17-lettuce (with Spring Boot's Lettuce client) to share them");
			}
			return new InMemoryRateLimiter(clock(clock), rateLimit.maxLocalBuckets());
		}

	}

}
