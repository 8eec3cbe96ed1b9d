package io.github.wxminiauth.autoconfigure;

import java.time.Duration;
import java.util.UUID;

import io.github.wxminiauth.ratelimit.InMemoryRateLimiter;
import io.github.wxminiauth.ratelimit.RateLimit;
import io.github.wxminiauth.ratelimit.RateLimiter;
import io.github.wxminiauth.redis.RedisRateLimiter;
import io.github.wxminiauth.ratelimit.WxRateLimits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which rate limiter is configured: none when disabled, Redis when the stores are in Redis and
 * Bucket4j's Lettuce integration is present, else memory; and the limits from the properties.
 */
@ExtendWith(OutputCaptureExtension.class)
class WxMiniRateLimitAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, DataRedisAutoConfiguration.class,
				WxMiniRedisAutoConfiguration.class, WxMiniAutoConfiguration.class,
				WxMiniRateLimitAutoConfiguration.class))
		.withPropertyValues("wxmini.app-id=wx1234567890abcdef", "wxmini.app-secret=test-app-secret-value",
				"wxmini.jwt.secret=0123456789abcdef0123456789abcdef",
				"wxmini.redis.key-prefix=wxmini-test:" + UUID.randomUUID() + ":", "spring.data.redis.timeout=1s");

	@Test
	void byDefaultTheLimitsAreCountedInMemoryWithTheDefaultSizes() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(InMemoryRateLimiter.class);
			WxRateLimits limits = context.getBean(WxRateLimits.class);
			assertThat(limits.loginPerIp()).isEqualTo(new RateLimit("login-ip", 600, Duration.ofMinutes(1)));
			assertThat(limits.phonePerIp()).isEqualTo(new RateLimit("phone-ip", 300, Duration.ofHours(1)));
			assertThat(limits.phonePerUser()).isEqualTo(new RateLimit("phone-user", 5, Duration.ofHours(1)));
		});
	}

	@Test
	void propertiesSizeTheLimits() {
		this.runner
			.withPropertyValues("wxmini.rate-limit.login.per-ip=50", "wxmini.rate-limit.login.period=10s",
					"wxmini.rate-limit.phone.per-user=1", "wxmini.rate-limit.phone.per-ip=7",
					"wxmini.rate-limit.phone.period=1d")
			.run((context) -> {
				WxRateLimits limits = context.getBean(WxRateLimits.class);
				assertThat(limits.loginPerIp()).isEqualTo(new RateLimit("login-ip", 50, Duration.ofSeconds(10)));
				assertThat(limits.phonePerIp()).isEqualTo(new RateLimit("phone-ip", 7, Duration.ofDays(1)));
				assertThat(limits.phonePerUser()).isEqualTo(new RateLimit("phone-user", 1, Duration.ofDays(1)));
			});
	}

	@Test
	void disabledLeavesNoLimiter() {
		this.runner.withPropertyValues("wxmini.rate-limit.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(RateLimiter.class);
			assertThat(context).doesNotHaveBean(WxRateLimits.class);
		});
	}

	@Test
	void redisStoreCountsTheLimitsInRedis() {
		this.runner.withPropertyValues("spring.data.redis.host=127.0.0.1")
			.run((context) -> assertThat(context).hasSingleBean(RedisRateLimiter.class));
	}

	@Test
	void memoryStoreCountsTheLimitsInMemoryEvenWithRedisConfigured() {
		this.runner.withPropertyValues("spring.data.redis.host=127.0.0.1", "wxmini.store=memory")
			.run((context) -> assertThat(context).hasSingleBean(InMemoryRateLimiter.class));
	}

	@Test
	void redisStoreWithoutBucket4jLettuceCountsInMemoryAndSaysSo(CapturedOutput output) {
		this.runner.withClassLoader(new FilteredClassLoader("io.github.bucket4j.redis"))
			.withPropertyValues("spring.data.redis.host=127.0.0.1")
			.run((context) -> {
				assertThat(context).hasSingleBean(InMemoryRateLimiter.class);
				assertThat(output).contains("add com.bucket4j:bucket4j_jdk17-lettuce");
			});
	}

	@Test
	void anApplicationLimiterWins() {
		RateLimiter own = (limit, client) -> io.github.wxminiauth.ratelimit.RateLimitDecision.allow();
		this.runner.withBean(RateLimiter.class, () -> own)
			.run((context) -> assertThat(context.getBean(RateLimiter.class)).isSameAs(own));
	}

}
