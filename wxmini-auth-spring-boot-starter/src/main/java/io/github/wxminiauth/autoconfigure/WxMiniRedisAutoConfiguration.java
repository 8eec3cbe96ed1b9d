package io.github.wxminiauth.autoconfigure;

import java.time.Clock;
import java.time.Duration;

import io.github.wxminiauth.accesstoken.AccessTokenCache;
import io.github.wxminiauth.redis.RedisAccessTokenCache;
import io.github.wxminiauth.redis.RedisRefreshTokenStore;
import io.github.wxminiauth.redis.RedisSessionKeyStore;
import io.github.wxminiauth.sessionkey.SessionKeyStore;
import io.github.wxminiauth.token.RefreshTokenStore;
import io.github.wxminiauth.wechat.internal.RestWxApiClient;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Auto-configuration of the Redis stores, shared by every instance of the application: refresh
 * tokens and revoked sessions, the WeChat access token (with a cluster-wide single flight) and
 * session keys. Applies when {@code wxmini.store} selects Redis; the in-memory stores of
 * {@link WxMiniAutoConfiguration} then step back.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = DataRedisAutoConfiguration.class, before = WxMiniAutoConfiguration.class)
@ConditionalOnClass(StringRedisTemplate.class)
@ConditionalOnBean(RedisConnectionFactory.class)
@Conditional(OnRedisStoreCondition.class)
@EnableConfigurationProperties(WxMiniProperties.class)
public final class WxMiniRedisAutoConfiguration {

	private static final Log logger = LogFactory.getLog(WxMiniRedisAutoConfiguration.class);

	/** Slack on top of the longest fetch, for the write of the token and clock differences. */
	private static final Duration LEASE_MARGIN = Duration.ofSeconds(5);

	@Bean
	@ConditionalOnMissingBean(RefreshTokenStore.class)
	RedisRefreshTokenStore wxRedisRefreshTokenStore(RedisConnectionFactory connectionFactory,
			WxMiniProperties properties, ObjectProvider<Clock> clock, Environment environment,
			ConfigurableListableBeanFactory beanFactory) {
		WxMiniStoreSelection selection = WxMiniStoreSelection.select(environment, beanFactory,
				beanFactory.getBeanClassLoader());
		logger.info("Keeping refresh tokens, session revocations, session keys and the WeChat access token in "
				+ "Redis under '" + properties.redis().keyPrefix() + "' (" + selection.reason() + ")");
		RedisRefreshTokenStore store = new RedisRefreshTokenStore(redis(connectionFactory),
				properties.redis().keyPrefix(), Clocks.of(clock));
		store.setRevocationRetention(WxMiniAutoConfiguration.revocationRetention(properties));
		return store;
	}

	@Bean
	@ConditionalOnMissingBean(AccessTokenCache.class)
	RedisAccessTokenCache wxRedisAccessTokenCache(RedisConnectionFactory connectionFactory,
			WxMiniProperties properties, ObjectProvider<Clock> clock) {
		return new RedisAccessTokenCache(redis(connectionFactory), properties.redis().keyPrefix(), Clocks.of(clock),
				lockLease(properties.http()));
	}

	@Bean
	@ConditionalOnMissingBean(SessionKeyStore.class)
	RedisSessionKeyStore wxRedisSessionKeyStore(RedisConnectionFactory connectionFactory,
			WxMiniProperties properties) {
		return new RedisSessionKeyStore(redis(connectionFactory), properties.redis().keyPrefix(),
				properties.sessionKey().ttl());
	}

	/**
	 * The longest a stable-token fetch can take: every attempt may use both timeouts, and the busy
	 * retries are bounded by their budget.
	 */
	static Duration lockLease(WxMiniProperties.Http http) {
		Duration attempt = http.connectTimeout().plus(http.readTimeout());
		return attempt.multipliedBy(http.busyRetries() + 1L).plus(RestWxApiClient.BUSY_RETRY_BUDGET).plus(LEASE_MARGIN);
	}

	/**
	 * A template of the starter's own: the application's {@code StringRedisTemplate} may be
	 * customized in ways the stores do not expect.
	 */
	private static StringRedisTemplate redis(RedisConnectionFactory connectionFactory) {
		return new StringRedisTemplate(connectionFactory);
	}

}
