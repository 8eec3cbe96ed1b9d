package io.github.wxminiauth.integration.ratelimit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import io.github.wxminiauth.integration.support.TestApplication;
import io.github.wxminiauth.integration.support.WeChatStub;
import io.github.wxminiauth.test.MutableClock;
import io.github.wxminiauth.user.InMemoryWxUserDetailsService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rate limits of {@code /wx/login} and {@code /wx/phone} over real HTTP, with WireMock as
 * WeChat and a clock the test moves, counted in memory.
 */
class RateLimitIntegrationTests {

	private static final WeChatStub wechat = new WeChatStub();

	private static final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

	private static ConfigurableApplicationContext app;

	private final Map<String, ConfigurableApplicationContext> others = new HashMap<>();

	private int codes;

	@BeforeAll
	static void start() {
		wechat.start();
		app = start(Map.of());
	}

	@AfterAll
	static void stop() {
		app.close();
		wechat.stop();
	}

	@BeforeEach
	void refillEveryBucket() {
		wechat.reset();
		wechat.stableToken();
		clock.advance(Duration.ofHours(1));
	}

	@AfterEach
	void closeOtherInstances() {
		this.others.values().forEach(ConfigurableApplicationContext::close);
	}

	@Test
	void loginOverThePerIpLimitAnswers429WithRetryAfterAndNeverReachesWeChat() {
		for (int i = 0; i < 3; i++) {
			assertThat(login(app, "openid-ip-" + i, null).statusCode()).isEqualTo(200);
		}
		for (int i = 0; i < 5; i++) {
			HttpResponse<String> rejected = login(app, "openid-ip-over-" + i, null);
			assertThat(rejected.statusCode()).isEqualTo(429);
			assertThat(rejected.headers().firstValue("Content-Type")).hasValueSatisfying(
					(type) -> assertThat(type).startsWith("application/problem+json"));
			// 3 per minute: one comes back every 20 seconds.
			assertThat(rejected.headers().firstValue("Retry-After")).hasValue("20");
			Map<String, Object> problem = problem(rejected);
			assertThat(problem.get("error")).isEqualTo("rate_limited");
			assertThat(problem.get("status")).isEqualTo(429);
			assertThat(problem).containsKeys("type", "title", "detail").doesNotContainKey("wx_errcode");
		}
		assertThat(code2SessionCalls()).as("WeChat saw only the allowed logins").isEqualTo(3);
	}

	@Test
	void theLoginBucketRefillsWithTime() {
		for (int i = 0; i < 3; i++) {
			login(app, "openid-refill-" + i, null);
		}
		assertThat(login(app, "openid-refill-3", null).statusCode()).isEqualTo(429);
		clock.advance(Duration.ofSeconds(20));
		assertThat(login(app, "openid-refill-4", null).statusCode()).isEqualTo(200);
		assertThat(login(app, "openid-refill-5", null).statusCode()).isEqualTo(429);
	}

	@Test
	void phoneOverThePerUserLimitAnswers429AndAnotherUserIsNotAffected() {
		String alice = accessToken(login(app, "openid-alice", null));
		String bob = accessToken(login(app, "openid-bob", null));
		for (int i = 0; i < 2; i++) {
			assertThat(phone(app, alice, "13800000000").statusCode()).isEqualTo(200);
		}
		HttpResponse<String> rejected = phone(app, alice, "13800000000");
		assertThat(rejected.statusCode()).isEqualTo(429);
		assertThat(rejected.body()).contains("\"rate_limited\"");
		// 2 per hour: one comes back every 30 minutes.
		assertThat(rejected.headers().firstValue("Retry-After")).hasValue("1800");
		assertThat(phoneCalls()).as("WeChat saw only the allowed verifications").isEqualTo(2);

		assertThat(phone(app, bob, "13900000000").statusCode()).isEqualTo(200);
		assertThat(phoneCalls()).isEqualTo(3);
	}

	@Test
	void oneTapLoginCountsAsALoginAndAsAPhoneBindingOfTheUser() {
		HttpResponse<String> first = oneTap(app, "openid-carol", "13800000001");
		assertThat(first.statusCode()).isEqualTo(200);
		assertThat(phone(app, accessToken(first), "13800000002").statusCode()).isEqualTo(200);

		HttpResponse<String> overThePhoneLimit = oneTap(app, "openid-carol", "13800000003");
		assertThat(overThePhoneLimit.statusCode()).isEqualTo(429);
		assertThat(overThePhoneLimit.body()).contains("\"rate_limited\"").doesNotContain("access_token");
		assertThat(overThePhoneLimit.headers().firstValue("Retry-After")).hasValue("1800");
		assertThat(phoneCalls()).as("the refused phone code never reached WeChat").isEqualTo(2);

		assertThat(login(app, "openid-dave", null).statusCode()).isEqualTo(200);
		HttpResponse<String> overTheLoginLimit = oneTap(app, "openid-erin", "13800000004");
		assertThat(overTheLoginLimit.statusCode()).as("the third login of the minute was a plain one")
			.isEqualTo(429);
		assertThat(overTheLoginLimit.headers().firstValue("Retry-After")).hasValue("20");
		assertThat(code2SessionCalls()).isEqualTo(3);
		assertThat(phoneCalls()).isEqualTo(2);
	}

	@Test
	void aSpoofedForwardedForHeaderDoesNotChangeTheBucketWhenForwardingIsNotConfigured() {
		for (int i = 0; i < 3; i++) {
			login(app, "openid-spoof-" + i, "203.0.113." + i);
		}
		assertThat(login(app, "openid-spoof-3", "203.0.113.99").statusCode()).isEqualTo(429);
	}

	@Test
	void forwardedForFromATrustedProxyGivesEachClientItsOwnBucket() {
		ConfigurableApplicationContext proxied = other("trusted", Map.of("server.forward-headers-strategy", "native",
				"server.tomcat.remoteip.internal-proxies", "127\\.0\\.0\\.1"));
		for (int i = 0; i < 3; i++) {
			assertThat(login(proxied, "openid-proxied-" + i, "203.0.113.1").statusCode()).isEqualTo(200);
		}
		assertThat(login(proxied, "openid-proxied-3", "203.0.113.1").statusCode()).isEqualTo(429);
		assertThat(login(proxied, "openid-proxied-4", "203.0.113.2").statusCode()).as("another client")
			.isEqualTo(200);
	}

	@Test
	void forwardedForFromAnUntrustedProxyIsIgnored() {
		ConfigurableApplicationContext proxied = other("untrusted", Map.of("server.forward-headers-strategy",
				"native", "server.tomcat.remoteip.internal-proxies", "10\\.9\\.9\\.9"));
		for (int i = 0; i < 3; i++) {
			login(proxied, "openid-untrusted-" + i, "203.0.113." + i);
		}
		assertThat(login(proxied, "openid-untrusted-3", "203.0.113.99").statusCode()).isEqualTo(429);
	}

	@Test
	void disabledRateLimitsLetEveryRequestThrough() {
		ConfigurableApplicationContext unlimited = other("disabled", Map.of("wxmini.rate-limit.enabled", "false"));
		for (int i = 0; i < 10; i++) {
			assertThat(login(unlimited, "openid-unlimited-" + i, null).statusCode()).isEqualTo(200);
		}
	}

	private ConfigurableApplicationContext other(String name, Map<String, Object> properties) {
		ConfigurableApplicationContext context = start(properties);
		this.others.put(name, context);
		return context;
	}

	private static ConfigurableApplicationContext start(Map<String, Object> properties) {
		Map<String, Object> all = new HashMap<>(Map.of("wxmini.app-id", WeChatStub.APP_ID, "wxmini.app-secret",
				WeChatStub.APP_SECRET, "wxmini.api-base-url", wechat.baseUrl(), "wxmini.jwt.secret",
				"rate-limit-test-secret-of-32-bytes!", "wxmini.store", "memory", "wxmini.rate-limit.login.per-ip",
				"3", "wxmini.rate-limit.login.period", "1m", "wxmini.rate-limit.phone.per-user", "2",
				"wxmini.rate-limit.phone.period", "1h"));
		all.putAll(properties);
		return new SpringApplicationBuilder(TestApplication.class).properties(all)
			.properties("server.port=0", "spring.main.banner-mode=off")
			.initializers((context) -> {
				context.getBeanFactory().registerSingleton("testClock", clock);
				context.getBeanFactory().registerSingleton("users", new InMemoryWxUserDetailsService());
			})
			.run();
	}

	private HttpResponse<String> login(ConfigurableApplicationContext context, String openid,
			String forwardedFor) {
		String code = "code-" + (++this.codes) + "-" + openid;
		wechat.login(code, openid);
		HttpRequest.Builder request = request(context, "/wx/login").header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"code\":\"" + code + "\"}"));
		if (forwardedFor != null) {
			request.header("X-Forwarded-For", forwardedFor);
		}
		return send(request);
	}

	private HttpResponse<String> oneTap(ConfigurableApplicationContext context, String openid, String number) {
		String code = "code-" + (++this.codes) + "-" + openid;
		String phoneCode = "phone-code-" + (++this.codes);
		wechat.login(code, openid);
		wechat.phone(phoneCode, number, openid);
		return send(request(context, "/wx/login").header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers
				.ofString("{\"code\":\"" + code + "\",\"phone_code\":\"" + phoneCode + "\"}")));
	}

	private HttpResponse<String> phone(ConfigurableApplicationContext context, String accessToken, String number) {
		String code = "phone-code-" + (++this.codes);
		wechat.phone(code, number);
		return send(request(context, "/wx/phone").header("Content-Type", "application/json")
			.header("Authorization", "Bearer " + accessToken)
			.POST(HttpRequest.BodyPublishers.ofString("{\"code\":\"" + code + "\"}")));
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> problem(HttpResponse<String> response) {
		return JsonMapper.shared().readValue(response.body(), Map.class);
	}

	private static String accessToken(HttpResponse<String> login) {
		assertThat(login.statusCode()).isEqualTo(200);
		return (String) JsonMapper.shared().readValue(login.body(), Map.class).get("access_token");
	}

	private static int code2SessionCalls() {
		return wechat.server.countRequestsMatching(getRequestedFor(urlPathEqualTo("/sns/jscode2session")).build())
			.getCount();
	}

	private static int phoneCalls() {
		return wechat.server
			.countRequestsMatching(postRequestedFor(urlPathEqualTo("/wxa/business/getuserphonenumber")).build())
			.getCount();
	}

	private static HttpRequest.Builder request(ConfigurableApplicationContext context, String path) {
		return HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port")
					+ path));
	}

	private static HttpResponse<String> send(HttpRequest.Builder request) {
		try {
			return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
