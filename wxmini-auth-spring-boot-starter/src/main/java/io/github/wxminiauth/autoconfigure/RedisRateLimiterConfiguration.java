package io.github.wxminiauth.autoconfigure;

import java.time.Clock;

import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.github.wxminiauth.ratelimit.RateLimiter;
import io.github.wxminiauth.redis.RedisRateLimiter;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * The rate limits in Redis, when the stores are there and Bucket4j's Lettuce integration is on the
 * classpath. Imported by {@link WxMiniRateLimitAutoConfiguration} before the in-memory fallback.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass({ LettuceConnectionFactory.class, Bucket4jLettuce.class })
@ConditionalOnBean(LettuceConnectionFactory.class)
@Conditional(OnRedisStoreCondition.class)
class RedisRateLimiterConfiguration {

	private static final Log logger = LogFactory.getLog(RedisRateLimiterConfiguration.class);

	@Bean
	@ConditionalOnMissingBean(RateLimiter.class)
	RedisRateLimiter wxRedisRateLimiter(LettuceConnectionFactory connectionFactory, WxMiniProperties properties,
			WxMiniRateLimitProperties rateLimit, ObjectProvider<Clock> clock) {
		logger.info("Counting the login and phone rate limits in Redis under '" + properties.redis().keyPrefix()
				+ "rate-limit:', shared by every instance");
		return new RedisRateLimiter(connectionFactory, properties.redis().keyPrefix(),
				Clocks.of(clock), rateLimit.redisTimeout());
	}

}
