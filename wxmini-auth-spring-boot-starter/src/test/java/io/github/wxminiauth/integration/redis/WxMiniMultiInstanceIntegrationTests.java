package io.github.wxminiauth.integration.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.github.wxminiauth.accesstoken.AccessTokenCache;
import io.github.wxminiauth.integration.support.TestHttp;
import io.github.wxminiauth.integration.support.TestInstances;
import io.github.wxminiauth.integration.support.WeChatStub;
import io.github.wxminiauth.redis.RedisAccessTokenCache;
import io.github.wxminiauth.redis.RedisRefreshTokenStore;
import io.github.wxminiauth.session.WxSessionService;
import io.github.wxminiauth.test.Eventually;
import io.github.wxminiauth.test.RedisKeys;
import io.github.wxminiauth.token.RefreshTokenStore;
import io.github.wxminiauth.user.InMemoryWxUserDetailsService;
import io.github.wxminiauth.user.WxUserDetails;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.DataType;
import org.springframework.data.redis.core.StringRedisTemplate;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances of one application on one Redis, with WireMock as WeChat: whatever happens on one
 * instance holds on the other. {@link WxMiniClusterMultiInstanceIntegrationTests} runs the same on
 * Redis Cluster.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WxMiniMultiInstanceIntegrationTests {

	private static final String PREFIX = "wxmini-test:" + UUID.randomUUID() + ":";

	private final WeChatStub wechat = new WeChatStub();

	private final TestInstances instances = new TestInstances(new InMemoryWxUserDetailsService());

	private ConfigurableApplicationContext a;

	private ConfigurableApplicationContext b;

	private TestHttp httpA;

	private TestHttp httpB;

	/**
	 * Where the instances' Redis is.
	 */
	Map<String, Object> redisProperties() {
		return Map.of("spring.data.redis.host", "127.0.0.1");
	}

	@BeforeAll
	void startInstances() {
		this.wechat.start();
		Map<String, Object> properties = new HashMap<>(Map.of("wxmini.app-id", WeChatStub.APP_ID, "wxmini.app-secret",
				WeChatStub.APP_SECRET, "wxmini.api-base-url", this.wechat.baseUrl(), "wxmini.jwt.secret",
				"multi-instance-secret-of-32-bytes!", "wxmini.redis.key-prefix", PREFIX, "spring.data.redis.timeout",
				"2s"));
		properties.putAll(redisProperties());
		this.a = this.instances.start(properties);
		this.b = this.instances.start(properties);
	}

	@AfterAll
	void stopInstances() {
		RedisKeys.deleteUnder(TestInstances.redis(this.a), PREFIX);
		this.instances.close();
		this.wechat.stop();
	}

	@BeforeEach
	void setUp() {
		this.httpA = TestInstances.http(this.a);
		this.httpB = TestInstances.http(this.b);
	}

	@Test
	void bothInstancesUseTheRedisStores() {
		for (ConfigurableApplicationContext instance : List.of(this.a, this.b)) {
			assertThat(instance.getBean(RefreshTokenStore.class)).isInstanceOf(RedisRefreshTokenStore.class);
			assertThat(instance.getBean(AccessTokenCache.class)).isInstanceOf(RedisAccessTokenCache.class);
		}
	}

	@Test
	void accessTokenFromOneInstanceWorksOnTheOther() {
		String token = login(this.httpA, "openid-a1").text("access_token");
		TestHttp.Response me = this.httpB.get("/api/me", token);
		assertThat(me.status()).isEqualTo(200);
		assertThat(me.text("openid")).isEqualTo("openid-a1");
	}

	@Test
	void logoutOnOneInstanceRejectsTheAccessTokenOnTheOtherWithinASecond() {
		String token = login(this.httpA, "openid-a2").text("access_token");
		assertThat(this.httpB.get("/api/me", token).status()).isEqualTo(200);

		assertThat(this.httpA.postJson("/wx/logout", "", token).status()).isEqualTo(204);

		// The second is B's to learn of the logout; it is watched where B checks every request,
		// so that HTTP round trips on a loaded machine do not eat into it.
		RefreshTokenStore storeOfB = this.b.getBean(RefreshTokenStore.class);
		assertThat(Eventually.holds(() -> storeOfB.isSessionRevoked(sid(token)), Duration.ofSeconds(1))).isTrue();
		TestHttp.Response me = this.httpB.get("/api/me", token);
		assertThat(me.status()).isEqualTo(401);
		assertThat(me.text("error")).isEqualTo("invalid_token");
	}

	@Test
	void aSessionStartedOnOneInstanceIsListedAndEndedOnTheOther() {
		TestHttp.Response onA = login(this.httpA, "openid-sessions-ab");
		TestHttp.Response alsoOnA = login(this.httpA, "openid-sessions-ab");
		TestHttp.Response list = this.httpB.get("/wx/sessions", alsoOnA.text("access_token"));
		assertThat(list.status()).isEqualTo(200);
		assertThat(list.json().get("sessions").valueStream().map((session) -> session.get("sid").asString()))
			.containsExactly(sid(alsoOnA.text("access_token")), sid(onA.text("access_token")));

		String ended = onA.text("access_token");
		assertThat(this.httpB.send("DELETE", "/wx/sessions/" + sid(ended), alsoOnA.text("access_token")).status())
			.isEqualTo(204);
		RefreshTokenStore storeOfA = this.a.getBean(RefreshTokenStore.class);
		assertThat(Eventually.holds(() -> storeOfA.isSessionRevoked(sid(ended)), Duration.ofSeconds(1))).isTrue();
		assertThat(this.httpA.get("/api/me", ended).status()).isEqualTo(401);
		assertThat(this.httpA.get("/wx/sessions", alsoOnA.text("access_token")).json().get("sessions").size())
			.isEqualTo(1);
	}

	@Test
	void staleTokensAndADisabledUserAreRefusedOnTheOtherInstanceWithinASecond() {
		TestHttp.Response stale = login(this.httpA, "openid-stale-ab");
		TestHttp.Response banned = login(this.httpA, "openid-banned-ab");
		assertThat(this.httpB.get("/api/me", stale.text("access_token")).status()).isEqualTo(200);
		assertThat(this.httpB.get("/api/me", banned.text("access_token")).status()).isEqualTo(200);

		WxSessionService sessionsOfA = this.a.getBean(WxSessionService.class);
		sessionsOfA.refreshAuthorities(WeChatStub.APP_ID, "openid-stale-ab");
		sessionsOfA.disable(WeChatStub.APP_ID, "openid-banned-ab", WxUserDetails.DISABLED_INDEFINITELY);

		RefreshTokenStore storeOfB = this.b.getBean(RefreshTokenStore.class);
		assertThat(Eventually.holds(() -> storeOfB.staleBefore(WeChatStub.APP_ID, "openid-stale-ab") != null
				&& storeOfB.isSessionRevoked(sid(banned.text("access_token"))), Duration.ofSeconds(1)))
			.isTrue();
		assertThat(this.httpB.get("/api/me", stale.text("access_token")).text("error")).isEqualTo("invalid_token");
		assertThat(this.httpB.get("/api/me", banned.text("access_token")).text("error")).isEqualTo("invalid_token");
		TestHttp.Response refreshed = this.httpB.postJson("/wx/token/refresh", refreshBody(stale.text("refresh_token")));
		assertThat(refreshed.status()).isEqualTo(200);
		assertThat(this.httpB.get("/api/me", refreshed.text("access_token")).status()).isEqualTo(200);
		assertThat(this.httpA.get("/api/me", refreshed.text("access_token")).status()).isEqualTo(200);
	}

	@Test
	void refreshTokenIssuedByOneInstanceRotatesOnTheOtherAndOnlyOnce() {
		String refreshToken = login(this.httpA, "openid-a3").text("refresh_token");

		TestHttp.Response rotated = this.httpB.postJson("/wx/token/refresh", refreshBody(refreshToken));
		assertThat(rotated.status()).isEqualTo(200);
		assertThat(this.httpA.get("/api/me", rotated.text("access_token")).status()).isEqualTo(200);

		TestHttp.Response reused = this.httpA.postJson("/wx/token/refresh", refreshBody(refreshToken));
		assertThat(reused.status()).isEqualTo(401);
		assertThat(reused.text("error")).isEqualTo("invalid_grant");
		String revokedAccessToken = rotated.text("access_token");
		RefreshTokenStore storeOfB = this.b.getBean(RefreshTokenStore.class);
		assertThat(Eventually.holds(() -> storeOfB.isSessionRevoked(sid(revokedAccessToken)), Duration.ofSeconds(1)))
			.as("reuse revoked the session everywhere")
			.isTrue();
		assertThat(this.httpB.get("/api/me", revokedAccessToken).status()).isEqualTo(401);
	}

	@Test
	void redisHoldsNeitherTokensNorAnythingToLogInWith() {
		TestHttp.Response login = login(this.httpA, "openid-a4");
		String refreshToken = login.text("refresh_token");
		String accessToken = login.text("access_token");
		StringRedisTemplate redis = TestInstances.redis(this.a);

		String everything = dump(redis);
		assertThat(everything).contains("openid-a4")
			.doesNotContain(refreshToken)
			.doesNotContain(accessToken)
			.doesNotContain(WeChatStub.APP_SECRET);
		assertThat(redis.opsForValue().get(PREFIX + WeChatStub.APP_ID + ":session-key:openid-a4"))
			.as("the session key is kept for later features")
			.isEqualTo("c2Vzc2lvbi1rZXktTVVTVC1OT1QtTEVBSw==");
		assertThat(login.body()).doesNotContain("c2Vzc2lvbi1rZXk");
	}

	@Test
	void twoHundredConcurrentPhoneBindingsOnBothInstancesAtAColdStartFetchOneAccessToken() throws Exception {
		// Slow enough that the callers of both instances overlap the fetch.
		this.wechat.server.stubFor(post(urlPathEqualTo("/cgi-bin/stable_token")).willReturn(aResponse().withStatus(200)
			.withHeader("Content-Type", "text/plain")
			.withFixedDelay(300)
			.withBody("{\"access_token\":\"" + WeChatStub.ACCESS_TOKEN + "\",\"expires_in\":7200}")));
		this.wechat.phone("phone-code", "13800138000");
		int callers = 200;
		List<String> tokens = new ArrayList<>();
		for (int i = 0; i < callers; i++) {
			tokens.add(login((i % 2 == 0) ? this.httpA : this.httpB, "phone-user-" + i).text("access_token"));
		}
		assertThat(this.wechat.stableTokenCalls()).isZero();

		CountDownLatch go = new CountDownLatch(1);
		ExecutorService executor = Executors.newFixedThreadPool(callers);
		try {
			List<Future<Integer>> statuses = new ArrayList<>();
			for (int i = 0; i < callers; i++) {
				TestHttp http = (i % 2 == 0) ? TestInstances.http(this.a) : TestInstances.http(this.b);
				String token = tokens.get(i);
				Callable<Integer> bind = () -> {
					go.await();
					return http.postJson("/wx/phone", "{\"code\":\"phone-code\"}", token).status();
				};
				statuses.add(executor.submit(bind));
			}
			go.countDown();
			for (Future<Integer> status : statuses) {
				assertThat(status.get(30, TimeUnit.SECONDS)).isEqualTo(200);
			}
		}
		finally {
			executor.shutdownNow();
		}
		assertThat(this.wechat.stableTokenCalls()).isEqualTo(1);
	}

	private TestHttp.Response login(TestHttp http, String openid) {
		String code = "code-" + UUID.randomUUID();
		this.wechat.login(code, openid);
		TestHttp.Response login = http.postJson("/wx/login", "{\"code\":\"" + code + "\"}");
		assertThat(login.status()).as("login of %s", openid).isEqualTo(200);
		return login;
	}

	private static String refreshBody(String refreshToken) {
		return "{\"refresh_token\":\"" + refreshToken + "\"}";
	}

	/**
	 * Every key under the prefix with everything it holds, as text.
	 */
	private static String dump(StringRedisTemplate redis) {
		StringBuilder dump = new StringBuilder();
		for (String key : RedisKeys.under(redis, PREFIX)) {
			dump.append(key).append(" = ");
			DataType type = redis.type(key);
			if (type == DataType.STRING) {
				dump.append(redis.opsForValue().get(key));
			}
			else if (type == DataType.HASH) {
				dump.append(redis.opsForHash().entries(key));
			}
			else if (type == DataType.STREAM) {
				dump.append(redis.opsForStream().range(key, Range.unbounded()));
			}
			else {
				dump.append(type);
			}
			dump.append('\n');
		}
		return dump.toString();
	}

	private static String sid(String accessToken) {
		String payload = accessToken.split("\\.")[1];
		return JsonMapper.shared()
			.readTree(Base64.getUrlDecoder().decode(payload))
			.get("sid")
			.asString();
	}

}
