package io.github.wxminiauth.autoconfigure;

import java.time.Clock;

import io.github.wxminiauth.ratelimit.RateLimit;
import io.github.wxminiauth.ratelimit.WxRateLimits;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

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
@Import({ RedisRateLimiterConfiguration.class, InMemoryRateLimiterConfiguration.class })
public final class WxMiniRateLimitAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	WxRateLimits wxRateLimits(WxMiniRateLimitProperties properties) {
		WxMiniRateLimitProperties.Login login = properties.login();
		WxMiniRateLimitProperties.Phone phone = properties.phone();
		return new WxRateLimits(new RateLimit("login-ip", login.perIp(), login.period()),
				new RateLimit("phone-ip", phone.perIp(), phone.period()),
				new RateLimit("phone-user", phone.perUser(), phone.period()));
	}

}
