package io.github.wxminiauth.integration.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.github.wxminiauth.accesstoken.AccessTokenCache;
import io.github.wxminiauth.integration.support.TestHttp;
import io.github.wxminiauth.integration.support.TestInstances;
import io.github.wxminiauth.integration.support.WeChatStub;
import io.github.wxminiauth.redis.RedisAccessTokenCache;
import io.github.wxminiauth.test.Eventually;
import io.github.wxminiauth.user.InMemoryWxUserDetailsService;
import io.github.wxminiauth.wechat.internal.ReloadingWxAppRegistry;
import io.github.wxminiauth.wechat.WxApp;
import io.github.wxminiauth.wechat.WxAppRegistry;
import io.github.wxminiauth.wechat.WxAppSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances of one application on one Redis and one store of apps (as a database table
 * would be shared), with WireMock as WeChat: an app added, given a new secret or removed on one
 * instance holds there at once (it reloads its registry) and on the other within its refresh
 * interval, without the bearer path ever asking the store.
 */
class AppsFromAStoreMultiInstanceIntegrationTests {

	private static final String PREFIX = "wxmini-test:" + UUID.randomUUID() + ":";

	private static final Duration REFRESH_INTERVAL = Duration.ofMillis(300);

	/** How long the other instance may take: its refresh interval, and time for a slow machine. */
	private static final Duration WITHIN = REFRESH_INTERVAL.plusSeconds(2);

	private static final WeChatStub wechat = new WeChatStub();

	private static final TableOfApps table = new TableOfApps();

	private static final TestInstances instances = new TestInstances(new InMemoryWxUserDetailsService());

	private static ConfigurableApplicationContext a;

	private static ConfigurableApplicationContext b;

	private TestHttp httpA;

	private TestHttp httpB;

	@BeforeAll
	static void startInstances() {
		wechat.start();
		Map<String, Object> properties = Map.of("wxmini.api-base-url", wechat.baseUrl(), "wxmini.jwt.secret",
				"apps-from-a-store-secret-32-bytes!", "wxmini.redis.key-prefix", PREFIX, "spring.data.redis.host",
				"127.0.0.1", "spring.data.redis.timeout", "2s", "wxmini.app-source.refresh-interval",
				REFRESH_INTERVAL.toMillis() + "ms", "wxmini.rate-limit.enabled", "false");
		// No app in wxmini.*: every app comes from the application's store, which starts empty.
		a = instances.start(properties, Map.of("tableOfApps", table));
		b = instances.start(properties, Map.of("tableOfApps", table));
	}

	@AfterAll
	static void stopInstances() {
		StringRedisTemplate redis = TestInstances.redis(a);
		List<String> keys = new ArrayList<>();
		try (Cursor<String> cursor = redis.scan(ScanOptions.scanOptions().match(PREFIX + "*").count(1000).build())) {
			cursor.forEachRemaining(keys::add);
		}
		if (!keys.isEmpty()) {
			redis.delete(keys);
		}
		instances.close();
		wechat.stop();
	}

	@BeforeEach
	void setUp() {
		this.httpA = TestInstances.http(a);
		this.httpB = TestInstances.http(b);
	}

	@Test
	void bothInstancesServeTheStoresAppsThroughAReloadingRegistryAndShareTheAccessTokenCache() {
		for (ConfigurableApplicationContext instance : List.of(a, b)) {
			assertThat(instance.getBean(WxAppRegistry.class)).isInstanceOf(ReloadingWxAppRegistry.class);
			assertThat(instance.getBean(AccessTokenCache.class)).isInstanceOf(RedisAccessTokenCache.class);
		}
	}

	@Test
	void anAppAddedOnOneInstanceLogsInThereAtOnceAndOnTheOtherWithinTheRefreshInterval() {
		String appId = newAppId();
		stubApp(appId, "secret-1", "token-of-secret-1");
		TestHttp.Response unknown = loginResponse(this.httpA, appId, "openid-early");
		assertThat(unknown.status()).isEqualTo(400);
		assertThat(unknown.text("error")).isEqualTo("invalid_request");

		add(new WxApp("shop", appId, "secret-1", Duration.ofMinutes(15), Duration.ofDays(7)));
		TestHttp.Response onA = loginResponse(this.httpA, appId, "openid-a");
		assertThat(onA.status()).isEqualTo(200);
		assertThat(onA.json().get("expires_in").asLong()).as("the app's own lifetimes").isEqualTo(900);
		assertThat(onA.json().get("refresh_expires_in").asLong()).isEqualTo(Duration.ofDays(7).toSeconds());

		assertThat(Eventually.holds(() -> registry(b).find(appId) != null, WITHIN)).isTrue();
		TestHttp.Response onB = loginResponse(this.httpB, appId, "openid-b");
		assertThat(onB.status()).isEqualTo(200);
		assertThat(onB.json().get("expires_in").asLong()).isEqualTo(900);
		assertThat(this.httpB.get("/api/me", onA.text("access_token")).status()).isEqualTo(200);
		TestHttp.Response refreshedOnB = this.httpB.postJson("/wx/token/refresh",
				"{\"refresh_token\":\"" + onA.text("refresh_token") + "\"}");
		assertThat(refreshedOnB.status()).isEqualTo(200);
		assertThat(refreshedOnB.json().get("refresh_expires_in").asLong()).isEqualTo(Duration.ofDays(7).toSeconds());
		assertThat(exp(refreshedOnB.text("access_token")) - iat(refreshedOnB.text("access_token"))).isEqualTo(900);
	}

	@Test
	void aNewSecretIsUsedFromTheNextWeChatCallOnBothInstancesAndTheOldTokenIsDropped() {
		String appId = newAppId();
		stubApp(appId, "old-secret", "token-of-old-secret");
		stubApp(appId, "new-secret", "token-of-new-secret");
		add(new WxApp("game", appId, "old-secret"));
		assertThat(Eventually.holds(() -> registry(b).find(appId) != null, WITHIN)).isTrue();
		String playerA = login(this.httpA, appId, "openid-player-a");
		String playerB = login(this.httpB, appId, "openid-player-b");
		assertThat(bindPhone(this.httpA, playerA, appId, "token-of-old-secret").status()).isEqualTo(200);
		assertThat(bindPhone(this.httpB, playerB, appId, "token-of-old-secret").status()).isEqualTo(200);

		change(appId, "new-secret");
		int loginsWithOldSecret = wechat.server
			.countRequestsMatching(getRequestedFor(urlPathEqualTo("/sns/jscode2session"))
				.withQueryParam("appid", equalTo(appId))
				.withQueryParam("secret", equalTo("old-secret"))
				.build())
			.getCount();
		assertThat(login(this.httpA, appId, "openid-player-c")).isNotNull();
		assertThat(bindPhone(this.httpA, playerA, appId, "token-of-new-secret").status())
			.as("the token obtained with the old secret is dropped")
			.isEqualTo(200);
		wechat.server.verify(1, postRequestedFor(urlPathEqualTo("/cgi-bin/stable_token"))
			.withRequestBody(matchingJsonPath("$.appid", equalTo(appId)))
			.withRequestBody(matchingJsonPath("$.secret", equalTo("new-secret"))));

		assertThat(Eventually.holds(() -> "new-secret".equals(registry(b).find(appId).appSecret()), WITHIN)).isTrue();
		assertThat(login(this.httpB, appId, "openid-player-d")).isNotNull();
		assertThat(bindPhone(this.httpB, playerB, appId, "token-of-new-secret").status()).isEqualTo(200);
		wechat.server.verify(loginsWithOldSecret, getRequestedFor(urlPathEqualTo("/sns/jscode2session"))
			.withQueryParam("appid", equalTo(appId))
			.withQueryParam("secret", equalTo("old-secret")));
		// Sessions of the app go on through the change.
		assertThat(this.httpB.get("/api/me", playerA).status()).isEqualTo(200);
	}

	@Test
	void anAppRemovedOnOneInstanceHasItsTokensAndLoginsRefusedOnBoth() {
		String appId = newAppId();
		String other = newAppId();
		stubApp(appId, "secret", "token");
		stubApp(other, "other-secret", "other-token");
		add(new WxApp("leaving", appId, "secret"));
		add(new WxApp("staying", other, "other-secret"));
		assertThat(Eventually.holds(() -> registry(b).find(appId) != null && registry(b).find(other) != null, WITHIN))
			.isTrue();
		TestHttp.Response onA = loginResponse(this.httpA, appId, "openid-leaving-a");
		TestHttp.Response onB = loginResponse(this.httpB, appId, "openid-leaving-b");
		String staying = login(this.httpB, other, "openid-staying");

		remove(appId);
		assertRefused(this.httpA, appId, onA, onB);
		assertThat(Eventually.holds(() -> registry(b).find(appId) == null, WITHIN)).isTrue();
		assertRefused(this.httpB, appId, onB, onA);
		assertThat(this.httpA.get("/api/me", staying).status()).as("other apps go on").isEqualTo(200);
		assertThat(this.httpB.get("/api/me", staying).status()).isEqualTo(200);
	}

	@Test
	void eachAppFetchesItsOwnWeChatAccessTokenOncePerClusterHoweverManyCallersOnBothInstances() throws Exception {
		String shop = newAppId();
		String game = newAppId();
		stubApp(shop, "shop-secret", "shop-token");
		stubApp(game, "game-secret", "game-token");
		// Slow fetches, so that the callers on both instances overlap.
		for (String appId : List.of(shop, game)) {
			wechat.server.stubFor(post(urlPathEqualTo("/cgi-bin/stable_token"))
				.withRequestBody(matchingJsonPath("$.appid", equalTo(appId)))
				.willReturn(WeChatStub.text("{\"access_token\":\"" + (appId.equals(shop) ? "shop-token" : "game-token")
						+ "\",\"expires_in\":7200}")
					.withFixedDelay(500)));
		}
		add(new WxApp("shop", shop, "shop-secret"));
		add(new WxApp("game", game, "game-secret"));
		assertThat(Eventually.holds(() -> registry(b).find(shop) != null && registry(b).find(game) != null, WITHIN))
			.isTrue();
		List<Callable<TestHttp.Response>> binds = new ArrayList<>();
		for (String appId : List.of(shop, game)) {
			for (TestHttp http : List.of(this.httpA, this.httpB)) {
				for (int i = 0; i < 4; i++) {
					String token = login(http, appId, "openid-" + i);
					binds.add(() -> http.postJson("/wx/phone", "{\"code\":\"phone-code\"}", token));
				}
			}
		}
		ExecutorService executor = Executors.newFixedThreadPool(binds.size());
		try {
			for (Future<TestHttp.Response> bind : executor.invokeAll(binds)) {
				assertThat(bind.get().status()).as(bind.get().body()).isEqualTo(200);
			}
		}
		finally {
			executor.shutdownNow();
		}
		for (String appId : List.of(shop, game)) {
			wechat.server.verify(1, postRequestedFor(urlPathEqualTo("/cgi-bin/stable_token"))
				.withRequestBody(matchingJsonPath("$.appid", equalTo(appId))));
		}
	}

	private void assertRefused(TestHttp http, String appId, TestHttp.Response... logins) {
		for (TestHttp.Response login : logins) {
			TestHttp.Response me = http.get("/api/me", login.text("access_token"));
			assertThat(me.status()).isEqualTo(401);
			assertThat(me.text("error")).isEqualTo("invalid_token");
			assertThat(me.header("WWW-Authenticate")).contains("invalid_token");
		}
		TestHttp.Response refresh = http.postJson("/wx/token/refresh",
				"{\"refresh_token\":\"" + logins[0].text("refresh_token") + "\"}");
		assertThat(refresh.status()).isEqualTo(401);
		assertThat(refresh.text("error")).isEqualTo("invalid_grant");
		TestHttp.Response login = loginResponse(http, appId, "openid-after-removal");
		assertThat(login.status()).isEqualTo(400);
		assertThat(login.text("error")).isEqualTo("invalid_request");
	}

	/** What an admin page does: writes the store, then reloads this instance's registry. */
	private static void add(WxApp app) {
		table.rows.put(app.appId(), app);
		registry(a).reload();
	}

	private static void change(String appId, String secret) {
		table.rows.computeIfPresent(appId, (id, app) -> app.withSecret(secret));
		registry(a).reload();
	}

	private static void remove(String appId) {
		table.rows.remove(appId);
		registry(a).reload();
	}

	private static WxAppRegistry registry(ConfigurableApplicationContext instance) {
		return instance.getBean(WxAppRegistry.class);
	}

	private static String newAppId() {
		return "wx" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
	}

	/** WeChat for one app and secret: logins with any code {@code code-…}, a token per secret. */
	private static void stubApp(String appId, String secret, String accessToken) {
		wechat.server.stubFor(get(urlPathEqualTo("/sns/jscode2session")).withQueryParam("appid", equalTo(appId))
			.withQueryParam("secret", equalTo(secret))
			.withQueryParam("js_code", matching("code-.*"))
			.willReturn(WeChatStub.text("{\"openid\":\"openid-of-" + appId + "\",\"session_key\":\"c2Vzc2lvbi1rZXk=\"}")));
		wechat.server.stubFor(post(urlPathEqualTo("/cgi-bin/stable_token"))
			.withRequestBody(equalToJson("{\"grant_type\":\"client_credential\",\"appid\":\"" + appId
					+ "\",\"secret\":\"" + secret + "\",\"force_refresh\":false}", true, true))
			.willReturn(WeChatStub.text("{\"access_token\":\"" + accessToken + "\",\"expires_in\":7200}")));
		wechat.server.stubFor(post(urlPathEqualTo("/wxa/business/getuserphonenumber"))
			.withQueryParam("access_token", equalTo(accessToken))
			.willReturn(WeChatStub.text("{\"errcode\":0,\"errmsg\":\"ok\",\"phone_info\":{\"phoneNumber\":"
					+ "\"13800000009\",\"purePhoneNumber\":\"13800000009\",\"countryCode\":\"86\",\"watermark\":"
					+ "{\"timestamp\":1700000000,\"appid\":\"" + appId + "\"}}}")));
	}

	private static TestHttp.Response loginResponse(TestHttp http, String appId, String user) {
		return http.postJson("/wx/login",
				"{\"code\":\"code-" + user + "-" + UUID.randomUUID() + "\",\"app_id\":\"" + appId + "\"}");
	}

	private static String login(TestHttp http, String appId, String user) {
		TestHttp.Response login = loginResponse(http, appId, user);
		assertThat(login.status()).as("login of %s to %s: %s", user, appId, login.body()).isEqualTo(200);
		return login.text("access_token");
	}

	private static TestHttp.Response bindPhone(TestHttp http, String accessToken, String appId, String expectedToken) {
		TestHttp.Response phone = http.postJson("/wx/phone", "{\"code\":\"phone-code\"}", accessToken);
		assertThat(phone.status()).as("phone binding with %s: %s", expectedToken, phone.body()).isEqualTo(200);
		return phone;
	}

	private static long exp(String jwt) {
		return claims(jwt).get("exp").asLong();
	}

	private static long iat(String jwt) {
		return claims(jwt).get("iat").asLong();
	}

	private static JsonNode claims(String jwt) {
		String payload = jwt.split("\\.")[1];
		return JsonMapper.shared().readTree(new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8));
	}

	/** The application's table of apps, shared by both instances as a database would be. */
	static final class TableOfApps implements WxAppSource {

		final Map<String, WxApp> rows = new ConcurrentHashMap<>();

		@Override
		public Collection<WxApp> loadApps() {
			return List.copyOf(this.rows.values());
		}

	}

}
