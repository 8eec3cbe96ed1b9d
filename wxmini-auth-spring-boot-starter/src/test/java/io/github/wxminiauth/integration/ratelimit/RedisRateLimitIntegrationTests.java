package io.github.wxminiauth.integration.ratelimit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.github.wxminiauth.accesstoken.InMemoryAccessTokenCache;
import io.github.wxminiauth.integration.support.TestApplication;
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

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.core.StringRedisTemplate;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The login rate limit counted in the shared test Redis at 127.0.0.1:6379 (under a key prefix of
 * this test's own): one limit for two instances, and requests let through when Redis is down.
 */
@ExtendWith(OutputCaptureExtension.class)
class RedisRateLimitIntegrationTests {

	private final String prefix = "wxmini-test:" + UUID.randomUUID() + ":";

	private final WeChatStub wechat = new WeChatStub();

	private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

	private final List<ConfigurableApplicationContext> instances = new ArrayList<>();

	private int codes;

	@BeforeEach
	void startWeChat() {
		this.wechat.start();
	}

	@AfterEach
	void stopEverything() {
		this.instances.forEach(ConfigurableApplicationContext::close);
		this.wechat.stop();
	}

	@Test
	void twoInstancesShareTheLoginLimit() {
		ConfigurableApplicationContext a = start(6379, false);
		ConfigurableApplicationContext b = start(6379, false);
		try {
			assertThat(a.getBean(RateLimiter.class)).isInstanceOf(RedisRateLimiter.class);
			assertThat(login(a).statusCode()).isEqualTo(200);
			assertThat(login(b).statusCode()).isEqualTo(200);
			assertThat(login(a).statusCode()).isEqualTo(200);

			HttpResponse<String> rejected = login(b);
			assertThat(rejected.statusCode()).isEqualTo(429);
			assertThat(rejected.headers().firstValue("Retry-After")).hasValue("20");
			assertThat(rejected.body()).contains("\"rate_limited\"");
			assertThat(login(a).statusCode()).isEqualTo(429);
			assertThat(code2SessionCalls()).isEqualTo(3);

			this.clock.advance(Duration.ofSeconds(20));
			assertThat(login(b).statusCode()).as("refilled for both").isEqualTo(200);
			assertThat(login(a).statusCode()).isEqualTo(429);
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
			assertThat(login(down).statusCode()).isEqualTo(200);
		}
		assertThat(code2SessionCalls()).isEqualTo(6);
		assertThat(output.toString().split("Rate limits are not enforced while Redis does not answer", -1))
			.as("one warning per outage")
			.hasSize(2);
	}

	/**
	 * An instance with the stores and the limiter in Redis; with {@code memoryStores}, the
	 * application keeps the other stores in memory itself, so that only the limiter needs Redis.
	 */
	private ConfigurableApplicationContext start(int redisPort, boolean memoryStores) {
		Map<String, Object> properties = new HashMap<>(Map.of("wxmini.app-id", WeChatStub.APP_ID,
				"wxmini.app-secret", WeChatStub.APP_SECRET, "wxmini.api-base-url", this.wechat.baseUrl(),
				"wxmini.jwt.secret", "redis-rate-limit-secret-of-32-bytes!", "wxmini.store", "redis",
				"wxmini.redis.key-prefix", this.prefix, "spring.data.redis.host", "127.0.0.1",
				"spring.data.redis.port", Integer.toString(redisPort), "spring.data.redis.timeout", "1s",
				"wxmini.rate-limit.login.per-ip", "3"));
		properties.put("wxmini.rate-limit.login.period", "1m");
		Clock testClock = this.clock;
		ConfigurableApplicationContext instance = new SpringApplicationBuilder(
				TestApplication.class).properties(properties)
			.properties("server.port=0", "spring.main.banner-mode=off")
			.initializers((context) -> {
				context.getBeanFactory().registerSingleton("testClock", testClock);
				context.getBeanFactory().registerSingleton("users", new InMemoryWxUserDetailsService());
				if (memoryStores) {
					context.getBeanFactory()
						.registerSingleton("refreshTokens", new InMemoryRefreshTokenStore(testClock));
					context.getBeanFactory()
						.registerSingleton("sessionKeys", new InMemorySessionKeyStore(testClock, Duration.ofDays(3)));
					context.getBeanFactory().registerSingleton("accessTokens", new InMemoryAccessTokenCache());
				}
			})
			.run();
		this.instances.add(instance);
		return instance;
	}

	private HttpResponse<String> login(ConfigurableApplicationContext context) {
		String code = "code-" + (++this.codes);
		this.wechat.login(code, "openid-" + this.codes);
		HttpRequest request = HttpRequest
			.newBuilder(URI.create(
					"http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port") + "/wx/login"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"code\":\"" + code + "\"}"))
			.build();
		try {
			return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private int code2SessionCalls() {
		return this.wechat.server
			.countRequestsMatching(getRequestedFor(urlPathEqualTo("/sns/jscode2session")).build())
			.getCount();
	}

	private static int closedPort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
