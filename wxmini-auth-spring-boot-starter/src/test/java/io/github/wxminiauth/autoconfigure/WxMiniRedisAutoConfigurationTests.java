package io.github.wxminiauth.autoconfigure;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.github.wxminiauth.accesstoken.AccessTokenCache;
import io.github.wxminiauth.accesstoken.InMemoryAccessTokenCache;
import io.github.wxminiauth.redis.RedisAccessTokenCache;
import io.github.wxminiauth.redis.RedisRefreshTokenStore;
import io.github.wxminiauth.redis.RedisSessionKeyStore;
import io.github.wxminiauth.sessionkey.InMemorySessionKeyStore;
import io.github.wxminiauth.sessionkey.SessionKeyStore;
import io.github.wxminiauth.token.InMemoryRefreshTokenStore;
import io.github.wxminiauth.token.RefreshTokenStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which stores {@code wxmini.store} selects, with and without spring-data-redis and a Redis
 * configuration.
 */
@ExtendWith(OutputCaptureExtension.class)
class WxMiniRedisAutoConfigurationTests {

	private final String prefix = "wxmini-test:" + UUID.randomUUID() + ":";

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, DataRedisAutoConfiguration.class,
				WxMiniRedisAutoConfiguration.class, WxMiniAutoConfiguration.class))
		.withPropertyValues("wxmini.app-id=wx1234567890abcdef", "wxmini.app-secret=test-app-secret-value",
				"wxmini.jwt.secret=0123456789abcdef0123456789abcdef", "wxmini.redis.key-prefix=" + this.prefix,
				"spring.data.redis.timeout=1s");

	@Test
	void autoWithoutSpringDataRedisKeepsTheStoresInMemory(CapturedOutput output) {
		this.runner.withClassLoader(new FilteredClassLoader("org.springframework.data.redis"))
			.withPropertyValues("spring.data.redis.host=127.0.0.1")
			.run((context) -> {
				assertInMemory(context);
				assertThat(output).contains("wxmini.store=auto and spring-data-redis is not on the classpath");
			});
	}

	@Test
	void autoWithSpringDataRedisButNoRedisConfigurationKeepsTheStoresInMemory(CapturedOutput output) {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(RedisConnectionFactory.class);
			assertInMemory(context);
			assertThat(output).contains("wxmini.store=auto and Redis is not configured");
		});
	}

	@Test
	void autoWithAConfiguredRedisHostUsesRedis(CapturedOutput output) {
		this.runner.withPropertyValues("spring.data.redis.host=127.0.0.1").run((context) -> {
			assertInRedis(context);
			assertThat(output).contains("in Redis under '" + this.prefix + "'")
				.contains("wxmini.store=auto and spring.data.redis.host is set");
		});
	}

	@Test
	void autoWithAConfiguredRedisUrlUsesRedis() {
		this.runner.withPropertyValues("spring.data.redis.url=redis://127.0.0.1:6379").run(this::assertInRedis);
	}

	@Test
	void autoWithARedisConnectionFactoryOfTheApplicationUsesRedis(CapturedOutput output) {
		this.runner.withUserConfiguration(ApplicationRedis.class).run((context) -> {
			assertInRedis(context);
			assertThat(output).contains("the application defines the RedisConnectionFactory 'applicationRedis'");
		});
	}

	@Test
	void memoryKeepsTheStoresInMemoryEvenWithRedisConfigured(CapturedOutput output) {
		this.runner.withPropertyValues("wxmini.store=memory", "spring.data.redis.host=127.0.0.1").run((context) -> {
			assertInMemory(context);
			assertThat(output).contains("(wxmini.store=memory)");
		});
	}

	@Test
	void redisUsesRedisWithBootsDefaultConnection() {
		this.runner.withPropertyValues("wxmini.store=redis").run(this::assertInRedis);
	}

	@Test
	void redisWithoutSpringDataRedisFailsStartUpNamingTheProperty() {
		this.runner.withClassLoader(new FilteredClassLoader("org.springframework.data.redis"))
			.withPropertyValues("wxmini.store=redis")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.hasMessageContaining("wxmini.store=redis")
					.hasMessageContaining("spring-boot-starter-data-redis");
			});
	}

	@Test
	void applicationStoresWinOverTheRedisStores() {
		this.runner.withPropertyValues("wxmini.store=redis")
			.withUserConfiguration(ApplicationStores.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(RefreshTokenStore.class)).isSameAs(ApplicationStores.REFRESH_TOKENS);
				assertThat(context).getBean(AccessTokenCache.class).isInstanceOf(RedisAccessTokenCache.class);
			});
	}

	@Test
	void sessionKeysGoUnderTheKeyPrefixWithTheConfiguredTtl() {
		this.runner.withPropertyValues("wxmini.store=redis", "wxmini.session-key.ttl=1h").run((context) -> {
			SessionKeyStore sessionKeys = context.getBean(SessionKeyStore.class);
			sessionKeys.save("wx-app", "openid-1", "session-key-1");
			StringRedisTemplate redis = new StringRedisTemplate(context.getBean(RedisConnectionFactory.class));
			String key = this.prefix + "wx-app:session-key:openid-1";
			try {
				assertThat(redis.opsForValue().get(key)).isEqualTo("session-key-1");
				assertThat(redis.getExpire(key, TimeUnit.SECONDS)).isBetween(3500L, 3600L);
				assertThat(sessionKeys.find("wx-app", "openid-1")).isEqualTo("session-key-1");
			}
			finally {
				redis.delete(key);
			}
		});
	}

	@Test
	void lockLeaseOutlastsTheLongestFetch() {
		WxMiniProperties.Http http = new WxMiniProperties.Http(Duration.ofSeconds(2), Duration.ofSeconds(5), 200, 2,
				Duration.ofMillis(100), null, false);
		assertThat(WxMiniRedisAutoConfiguration.lockLease(http)).isEqualTo(Duration.ofSeconds(27));
	}

	private void assertInMemory(AssertableApplicationContext context) {
		assertThat(context).hasNotFailed();
		assertThat(context).getBean(RefreshTokenStore.class).isInstanceOf(InMemoryRefreshTokenStore.class);
		assertThat(context).getBean(AccessTokenCache.class).isInstanceOf(InMemoryAccessTokenCache.class);
		assertThat(context).getBean(SessionKeyStore.class).isInstanceOf(InMemorySessionKeyStore.class);
	}

	private void assertInRedis(AssertableApplicationContext context) {
		assertThat(context).hasNotFailed();
		assertThat(context).getBean(RefreshTokenStore.class).isInstanceOf(RedisRefreshTokenStore.class);
		assertThat(context).getBean(AccessTokenCache.class).isInstanceOf(RedisAccessTokenCache.class);
		assertThat(context).getBean(SessionKeyStore.class).isInstanceOf(RedisSessionKeyStore.class);
		assertThat(context.getBean(RedisRefreshTokenStore.class).isRunning()).as("revocation feed started").isTrue();
	}

	@Configuration(proxyBeanMethods = false)
	static class ApplicationRedis {

		@Bean
		LettuceConnectionFactory applicationRedis() {
			return new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", 6379));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ApplicationStores {

		static final RefreshTokenStore REFRESH_TOKENS = new InMemoryRefreshTokenStore(java.time.Clock.systemUTC());

		@Bean
		RefreshTokenStore applicationRefreshTokenStore() {
			return REFRESH_TOKENS;
		}

	}

}
