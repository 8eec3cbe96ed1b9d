package io.github.wxminiauth.integration.ratelimit;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.github.wxminiauth.accesstoken.InMemoryAccessTokenCache;
import io.github.wxminiauth.integration.support.TestHttp;
import io.github.wxminiauth.integration.support.TestInstances;
import io.github.wxminiauth.integration.support.WeChatStub;
import io.github.wxminiauth.ratelimit.RateLimiter;
import io.github.wxminiauth.redis.RedisRateLimiter;
import io.github.wxminiauth.sessionkey.InMemorySessionKeyStore;
import io.github.wxminiauth.test.MutableClock;
import io.github.wxminiauth.token.InMemoryRefreshTokenStore;
import io.github.wxminiauth.user.InMemoryWxUserDetailsService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The login rate limit counted in the shared test Redis at 127.0.0.1:6379 (under a key prefix of
 * this test's own): one limit for two instances, and requests let through when Redis is down.
 */
@ExtendWith(OutputCaptureExtension.class)
class RedisRateLimitIntegrationTests {

	@RegisterExtension
	static final WeChatStub wechat = new WeChatStub();

	private final String prefix = "wxmini-test:" + UUID.randomUUID() + ":";

	private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

	private final TestInstances instances = new TestInstances(new InMemoryWxUserDetailsService());

	private int logins;

	@BeforeEach
	void forgetEarlierLogins() {
		wechat.reset();
	}

	@AfterEach
	void stopInstances() {
		this.instances.close();
	}

	@Test
	void twoInstancesShareTheLoginLimit() {
		ConfigurableApplicationContext a = start(6379, false);
		ConfigurableApplicationContext b = start(6379, false);
		try {
			assertThat(a.getBean(RateLimiter.class)).isInstanceOf(RedisRateLimiter.class);
			assertThat(login(a).status()).isEqualTo(200);
			assertThat(login(b).status()).isEqualTo(200);
			assertThat(login(a).status()).isEqualTo(200);

			TestHttp.Response rejected = login(b);
			assertThat(rejected.status()).isEqualTo(429);
			assertThat(rejected.header("Retry-After")).isEqualTo("20");
			assertThat(rejected.body()).contains("\"rate_limited\"");
			assertThat(login(a).status()).isEqualTo(429);
			assertThat(wechat.code2SessionCalls()).isEqualTo(3);

			this.clock.advance(Duration.ofSeconds(20));
			assertThat(login(b).status()).as("refilled for both").isEqualTo(200);
			assertThat(login(a).status()).isEqualTo(429);
		}
		finally {
			StringRedisTemplate redis = TestInstances.redis(a);
			Set<String> keys = redis.keys(this.prefix + "*");
			assertThat(keys).anyMatch((key) -> key.startsWith(this.prefix + "rate-limit:login-ip:"));
			redis.delete(keys);
		}
	}

	@Test
	void loginsGoThroughWhenTheLimiterCannotReachRedis(CapturedOutput output) throws IOException {
		ConfigurableApplicationContext down = start(closedPort(), true);
		assertThat(down.getBean(RateLimiter.class)).isInstanceOf(RedisRateLimiter.class);
		for (int i = 0; i < 6; i++) {
			assertThat(login(down).status()).isEqualTo(200);
		}
		assertThat(wechat.code2SessionCalls()).isEqualTo(6);
		assertThat(output.toString().split("Rate limits are not enforced while Redis does not answer", -1))
			.as("one warning per outage")
			.hasSize(2);
	}

	/**
	 * An instance with the stores and the limiter in Redis; with {@code memoryStores}, the
	 * application keeps the other stores in memory itself, so that only the limiter needs Redis.
	 */
	private ConfigurableApplicationContext start(int redisPort, boolean memoryStores) {
		Map<String, Object> properties = new HashMap<>(wechat.properties());
		properties.putAll(Map.of("wxmini.jwt.secret", "redis-rate-limit-secret-of-32-bytes!", "wxmini.store", "redis",
				"wxmini.redis.key-prefix", this.prefix, "spring.data.redis.host", "127.0.0.1",
				"spring.data.redis.port", Integer.toString(redisPort), "spring.data.redis.timeout", "1s",
				"wxmini.rate-limit.login.per-ip", "3", "wxmini.rate-limit.login.period", "1m"));
		Map<String, Object> beans = new HashMap<>(Map.of("testClock", this.clock));
		if (memoryStores) {
			beans.putAll(Map.of("refreshTokens", new InMemoryRefreshTokenStore(this.clock), "sessionKeys",
					new InMemorySessionKeyStore(this.clock, Duration.ofDays(3)), "accessTokens",
					new InMemoryAccessTokenCache()));
		}
		return this.instances.start(properties, beans);
	}

	private TestHttp.Response login(ConfigurableApplicationContext context) {
		return TestInstances.http(context).login(wechat.code("openid-" + (++this.logins)));
	}

	private static int closedPort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
