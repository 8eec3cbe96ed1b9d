package io.github.wxminiauth.redis;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import io.github.wxminiauth.ratelimit.RateLimit;
import io.github.wxminiauth.ratelimit.RateLimitDecision;
import io.github.wxminiauth.test.LocalRedisCluster;
import io.github.wxminiauth.test.MutableClock;
import io.github.wxminiauth.test.RedisKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.data.redis.connection.RedisClusterConfiguration;
import org.springframework.data.redis.connection.RedisConfiguration;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Token buckets in the shared test Redis at 127.0.0.1:6379 and the local Redis Cluster, under a key
 * prefix of this test's own.
 */
@ExtendWith(OutputCaptureExtension.class)
class RedisRateLimiterTests {

	private static final RateLimit THREE_PER_MINUTE = new RateLimit("test", 3, Duration.ofMinutes(1));

	private final String prefix = "wxmini-test:" + UUID.randomUUID() + ":";

	private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

	private final List<LettuceConnectionFactory> factories = new ArrayList<>();

	private final List<RedisRateLimiter> limiters = new ArrayList<>();

	@AfterEach
	void deleteKeysAndDisconnect() {
		this.limiters.forEach(RedisRateLimiter::close);
		if (!this.factories.isEmpty() && !this.factories.get(0).isClusterAware()
				&& this.factories.get(0).getPort() == 6379) {
			StringRedisTemplate redis = new StringRedisTemplate(this.factories.get(0));
			Set<String> keys = redis.keys(this.prefix + "*");
			if (keys != null && !keys.isEmpty()) {
				redis.delete(keys);
			}
		}
		this.factories.forEach(LettuceConnectionFactory::destroy);
	}

	@Test
	void twoInstancesShareOneBucket() {
		RedisRateLimiter a = limiter(6379);
		RedisRateLimiter b = limiter(6379);
		assertThat(a.tryConsume(THREE_PER_MINUTE, "10.0.0.1").allowed()).isTrue();
		assertThat(b.tryConsume(THREE_PER_MINUTE, "10.0.0.1").allowed()).isTrue();
		assertThat(a.tryConsume(THREE_PER_MINUTE, "10.0.0.1").allowed()).isTrue();

		RateLimitDecision rejected = b.tryConsume(THREE_PER_MINUTE, "10.0.0.1");
		assertThat(rejected.allowed()).isFalse();
		assertThat(rejected.retryAfter()).isEqualTo(Duration.ofSeconds(20));
		assertThat(a.tryConsume(THREE_PER_MINUTE, "10.0.0.2").allowed()).as("another client").isTrue();
	}

	@Test
	void twoInstancesOnRedisClusterShareOneBucket() {
		RedisRateLimiter a = limiter(new RedisClusterConfiguration(LocalRedisCluster.nodes()));
		RedisRateLimiter b = limiter(new RedisClusterConfiguration(LocalRedisCluster.nodes()));
		for (int i = 0; i < 3; i++) {
			assertThat(((i % 2 == 0) ? a : b).tryConsume(THREE_PER_MINUTE, "10.0.0.1").allowed()).isTrue();
		}
		assertThat(b.tryConsume(THREE_PER_MINUTE, "10.0.0.1").allowed()).isFalse();
		assertThat(a.tryConsume(THREE_PER_MINUTE, "10.0.0.1").allowed()).isFalse();
		assertThat(a.tryConsume(THREE_PER_MINUTE, "10.0.0.2").allowed()).as("another client").isTrue();
		StringRedisTemplate redis = new StringRedisTemplate(this.factories.get(0));
		assertThat(redis.hasKey(this.prefix + "rate-limit:test:10.0.0.1")).isTrue();
		RedisKeys.deleteUnder(redis, this.prefix);
	}

	@Test
	void refillsAsTheClockMovesAndKeysExpire() {
		RedisRateLimiter limiter = limiter(6379);
		for (int i = 0; i < 3; i++) {
			limiter.tryConsume(THREE_PER_MINUTE, "10.0.0.1");
		}
		assertThat(limiter.tryConsume(THREE_PER_MINUTE, "10.0.0.1").allowed()).isFalse();
		this.clock.advance(Duration.ofSeconds(20));
		assertThat(limiter.tryConsume(THREE_PER_MINUTE, "10.0.0.1").allowed()).isTrue();

		StringRedisTemplate redis = new StringRedisTemplate(this.factories.get(0));
		String key = this.prefix + "rate-limit:test:10.0.0.1";
		assertThat(redis.hasKey(key)).isTrue();
		assertThat(redis.getExpire(key)).as("seconds to live").isPositive().isLessThanOrEqualTo(60 + 10);
	}

	@Test
	void failsOpenWithOneWarningWhenRedisDoesNotAnswer(CapturedOutput output) throws IOException {
		RedisRateLimiter limiter = limiter(closedPort());
		for (int i = 0; i < 10; i++) {
			assertThat(limiter.tryConsume(THREE_PER_MINUTE, "10.0.0.1").allowed()).isTrue();
			this.clock.advance(Duration.ofSeconds(6));
		}
		assertThat(output.toString().split("Rate limits are not enforced while Redis does not answer", -1))
			.as("one warning per outage")
			.hasSize(2);
	}

	private RedisRateLimiter limiter(int port) {
		return limiter(new RedisStandaloneConfiguration("127.0.0.1", port));
	}

	private RedisRateLimiter limiter(RedisConfiguration configuration) {
		LettuceConnectionFactory factory = new LettuceConnectionFactory(configuration,
				LettuceClientConfiguration.builder().commandTimeout(Duration.ofSeconds(2)).build());
		factory.afterPropertiesSet();
		factory.start();
		this.factories.add(factory);
		RedisRateLimiter limiter = new RedisRateLimiter(factory, this.prefix, this.clock, Duration.ofSeconds(2));
		this.limiters.add(limiter);
		return limiter;
	}

	private static int closedPort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
