package io.github.wxminiauth.integration.ratelimit;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import io.github.wxminiauth.integration.support.TestHttp;
import io.github.wxminiauth.integration.support.TestInstances;
import io.github.wxminiauth.integration.support.WeChatStub;
import io.github.wxminiauth.test.MutableClock;
import io.github.wxminiauth.user.InMemoryWxUserDetailsService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rate limits of {@code /wx/login} and {@code /wx/phone} over real HTTP, with WireMock as
 * WeChat and a clock the test moves, counted in memory. One instance for most tests; those of
 * another configuration start one more.
 */
class RateLimitIntegrationTests {

	@RegisterExtension
	static final WeChatStub wechat = new WeChatStub();

	private static final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

	private static final TestInstances instances = new TestInstances(new InMemoryWxUserDetailsService());

	private static TestHttp app;

	private ConfigurableApplicationContext other;

	private int codes;

	@BeforeAll
	static void start() {
		app = TestInstances.http(start(Map.of()));
	}

	@AfterAll
	static void stop() {
		instances.close();
	}

	@BeforeEach
	void refillEveryBucket() {
		wechat.reset();
		wechat.stableToken();
		clock.advance(Duration.ofHours(1));
	}

	@AfterEach
	void closeTheOtherInstance() {
		if (this.other != null) {
			this.other.close();
		}
	}

	@Test
	void loginOverThePerIpLimitAnswers429WithRetryAfterAndNeverReachesWeChat() {
		for (int i = 0; i < 3; i++) {
			assertThat(login(app, "openid-ip-" + i).status()).isEqualTo(200);
		}
		for (int i = 0; i < 5; i++) {
			TestHttp.Response rejected = login(app, "openid-ip-over-" + i);
			assertThat(rejected.status()).isEqualTo(429);
			assertThat(rejected.header("Content-Type")).startsWith("application/problem+json");
			// 3 per minute: one comes back every 20 seconds.
			assertThat(rejected.header("Retry-After")).isEqualTo("20");
			assertThat(rejected.text("error")).isEqualTo("rate_limited");
			assertThat(rejected.json().get("status").asInt()).isEqualTo(429);
			assertThat(rejected.json().has("type") && rejected.json().has("title") && rejected.json().has("detail"))
				.isTrue();
			assertThat(rejected.json().has("wx_errcode")).isFalse();
		}
		assertThat(wechat.code2SessionCalls()).as("WeChat saw only the allowed logins").isEqualTo(3);
	}

	@Test
	void theLoginBucketRefillsWithTime() {
		for (int i = 0; i < 3; i++) {
			login(app, "openid-refill-" + i);
		}
		assertThat(login(app, "openid-refill-3").status()).isEqualTo(429);
		clock.advance(Duration.ofSeconds(20));
		assertThat(login(app, "openid-refill-4").status()).isEqualTo(200);
		assertThat(login(app, "openid-refill-5").status()).isEqualTo(429);
	}

	@Test
	void phoneOverThePerUserLimitAnswers429AndAnotherUserIsNotAffected() {
		String alice = accessToken(login(app, "openid-alice"));
		String bob = accessToken(login(app, "openid-bob"));
		for (int i = 0; i < 2; i++) {
			assertThat(phone(alice, "13800000000").status()).isEqualTo(200);
		}
		TestHttp.Response rejected = phone(alice, "13800000000");
		assertThat(rejected.status()).isEqualTo(429);
		assertThat(rejected.body()).contains("\"rate_limited\"");
		// 2 per hour: one comes back every 30 minutes.
		assertThat(rejected.header("Retry-After")).isEqualTo("1800");
		assertThat(wechat.phoneCalls()).as("WeChat saw only the allowed verifications").isEqualTo(2);

		assertThat(phone(bob, "13900000000").status()).isEqualTo(200);
		assertThat(wechat.phoneCalls()).isEqualTo(3);
	}

	@Test
	void oneTapLoginCountsAsALoginAndAsAPhoneBindingOfTheUser() {
		TestHttp.Response first = oneTap("openid-carol", "13800000001");
		assertThat(first.status()).isEqualTo(200);
		assertThat(phone(accessToken(first), "13800000002").status()).isEqualTo(200);

		TestHttp.Response overThePhoneLimit = oneTap("openid-carol", "13800000003");
		assertThat(overThePhoneLimit.status()).isEqualTo(429);
		assertThat(overThePhoneLimit.body()).contains("\"rate_limited\"").doesNotContain("access_token");
		assertThat(overThePhoneLimit.header("Retry-After")).isEqualTo("1800");
		assertThat(wechat.phoneCalls()).as("the refused phone code never reached WeChat").isEqualTo(2);

		assertThat(login(app, "openid-dave").status()).isEqualTo(200);
		TestHttp.Response overTheLoginLimit = oneTap("openid-erin", "13800000004");
		assertThat(overTheLoginLimit.status()).as("the third login of the minute was a plain one").isEqualTo(429);
		assertThat(overTheLoginLimit.header("Retry-After")).isEqualTo("20");
		assertThat(wechat.code2SessionCalls()).isEqualTo(3);
		assertThat(wechat.phoneCalls()).isEqualTo(2);
	}

	@Test
	void aSpoofedForwardedForHeaderDoesNotChangeTheBucketWhenForwardingIsNotConfigured() {
		for (int i = 0; i < 3; i++) {
			login(app.withHeader("X-Forwarded-For", "203.0.113." + i), "openid-spoof-" + i);
		}
		assertThat(login(app.withHeader("X-Forwarded-For", "203.0.113.99"), "openid-spoof-3").status())
			.isEqualTo(429);
	}

	@Test
	void forwardedForFromATrustedProxyGivesEachClientItsOwnBucket() {
		TestHttp proxied = other(Map.of("server.forward-headers-strategy", "native",
				"server.tomcat.remoteip.internal-proxies", "127\\.0\\.0\\.1"));
		TestHttp client = proxied.withHeader("X-Forwarded-For", "203.0.113.1");
		for (int i = 0; i < 3; i++) {
			assertThat(login(client, "openid-proxied-" + i).status()).isEqualTo(200);
		}
		assertThat(login(client, "openid-proxied-3").status()).isEqualTo(429);
		assertThat(login(proxied.withHeader("X-Forwarded-For", "203.0.113.2"), "openid-proxied-4").status())
			.as("another client")
			.isEqualTo(200);
	}

	@Test
	void forwardedForFromAnUntrustedProxyIsIgnored() {
		TestHttp proxied = other(Map.of("server.forward-headers-strategy", "native",
				"server.tomcat.remoteip.internal-proxies", "10\\.9\\.9\\.9"));
		for (int i = 0; i < 3; i++) {
			login(proxied.withHeader("X-Forwarded-For", "203.0.113." + i), "openid-untrusted-" + i);
		}
		assertThat(login(proxied.withHeader("X-Forwarded-For", "203.0.113.99"), "openid-untrusted-3").status())
			.isEqualTo(429);
	}

	@Test
	void disabledRateLimitsLetEveryRequestThrough() {
		TestHttp unlimited = other(Map.of("wxmini.rate-limit.enabled", "false"));
		for (int i = 0; i < 10; i++) {
			assertThat(login(unlimited, "openid-unlimited-" + i).status()).isEqualTo(200);
		}
	}

	private TestHttp other(Map<String, Object> properties) {
		this.other = start(properties);
		return TestInstances.http(this.other);
	}

	private static ConfigurableApplicationContext start(Map<String, Object> properties) {
		Map<String, Object> all = new HashMap<>(wechat.properties());
		all.putAll(Map.of("wxmini.jwt.secret", "rate-limit-test-secret-of-32-bytes!", "wxmini.store", "memory",
				"wxmini.rate-limit.login.per-ip", "3", "wxmini.rate-limit.login.period", "1m",
				"wxmini.rate-limit.phone.per-user", "2", "wxmini.rate-limit.phone.period", "1h"));
		all.putAll(properties);
		return instances.start(all, Map.of("testClock", clock));
	}

	private static TestHttp.Response login(TestHttp http, String openid) {
		return http.login(wechat.code(openid));
	}

	private TestHttp.Response oneTap(String openid, String number) {
		String code = wechat.code(openid);
		String phoneCode = "phone-code-" + (++this.codes);
		wechat.phone(phoneCode, number, openid);
		return app.postJson("/wx/login", "{\"code\":\"" + code + "\",\"phone_code\":\"" + phoneCode + "\"}");
	}

	private TestHttp.Response phone(String accessToken, String number) {
		String code = "phone-code-" + (++this.codes);
		wechat.phone(code, number);
		return app.postJson("/wx/phone", "{\"code\":\"" + code + "\"}", accessToken);
	}

	private static String accessToken(TestHttp.Response login) {
		assertThat(login.status()).isEqualTo(200);
		return login.text("access_token");
	}

}
