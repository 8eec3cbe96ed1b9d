package io.github.wxminiauth.integration.redis;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import io.github.wxminiauth.event.WxLoginEvent;
import io.github.wxminiauth.event.WxLogoutEvent;
import io.github.wxminiauth.event.WxRefreshTokenReusedEvent;
import io.github.wxminiauth.event.WxSessionEvent;
import io.github.wxminiauth.event.WxSessionRevokedEvent;
import io.github.wxminiauth.event.WxSessionRevokedEvent.Reason;
import io.github.wxminiauth.event.WxTokenRefreshedEvent;
import io.github.wxminiauth.integration.support.TestHttp;
import io.github.wxminiauth.integration.support.TestInstances;
import io.github.wxminiauth.integration.support.WeChatStub;
import io.github.wxminiauth.session.WxSessionService;
import io.github.wxminiauth.test.Eventually;
import io.github.wxminiauth.token.RefreshTokenStore;
import io.github.wxminiauth.user.InMemoryWxUserDetailsService;
import io.github.wxminiauth.user.WxUserDetails;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.PayloadApplicationEvent;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every session operation of contract §7, done on one of two instances sharing Redis: it is honoured
 * on the other within a second, its events are published exactly once (on the instance that acted),
 * and a third instance started after 150,000 other revocations honours every one of them too.
 */
class WxMiniSessionControlAcrossInstancesIntegrationTests {

	private static final String PREFIX = "wxmini-test:" + UUID.randomUUID() + ":";

	private static final int OTHER_REVOCATIONS = 150_000;

	private static final WeChatStub wechat = new WeChatStub();

	private static final TestInstances instances = new TestInstances(new InMemoryWxUserDetailsService());

	private static final List<WxSessionEvent> eventsOfA = new CopyOnWriteArrayList<>();

	private static final List<WxSessionEvent> eventsOfB = new CopyOnWriteArrayList<>();

	private static ConfigurableApplicationContext a;

	private static ConfigurableApplicationContext b;

	@BeforeAll
	static void startInstances() {
		wechat.start();
		a = instances.start(properties(), recorder(eventsOfA));
		b = instances.start(properties(), recorder(eventsOfB));
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

	@Test
	void everyOperationIsHonouredOnTheOtherInstanceAndOnOneStartedAfter150000OtherRevocations() throws Exception {
		TestHttp httpA = TestInstances.http(a);
		TestHttp httpB = TestInstances.http(b);

		// One user for each way a session can end, and one whose tokens are made stale.
		TestHttp.Response loggedOut = login(httpA, "openid-logout");
		TestHttp.Response endedByTheUser = login(httpA, "openid-end-one");
		TestHttp.Response keptByTheUser = login(httpA, "openid-end-one");
		TestHttp.Response kicked = login(httpA, "openid-kicked");
		TestHttp.Response banned = login(httpA, "openid-banned");
		TestHttp.Response stale = login(httpA, "openid-stale");
		TestHttp.Response displaced = login(httpA, "openid-limited");
		login(httpA, "openid-limited");
		TestHttp.Response reusedChain = login(httpA, "openid-reused");
		TestHttp.Response rotated = httpB.postJson("/wx/token/refresh", refreshBody(reusedChain.text("refresh_token")));
		assertThat(rotated.status()).isEqualTo(200);

		// The operations, all on A.
		WxSessionService sessionsOfA = a.getBean(WxSessionService.class);
		assertThat(httpA.postJson("/wx/logout", "", loggedOut.text("access_token")).status()).isEqualTo(204);
		assertThat(httpA.send("DELETE", "/wx/sessions/" + sid(endedByTheUser), keptByTheUser.text("access_token"))
			.status()).isEqualTo(204);
		assertThat(sessionsOfA.revokeAll(WeChatStub.APP_ID, "openid-kicked", Reason.KICK)).isEqualTo(1);
		assertThat(sessionsOfA.disable(WeChatStub.APP_ID, "openid-banned", WxUserDetails.DISABLED_INDEFINITELY))
			.isEqualTo(1);
		sessionsOfA.refreshAuthorities(WeChatStub.APP_ID, "openid-stale");
		TestHttp.Response thirdLogin = login(httpA, "openid-limited");
		assertThat(httpA.postJson("/wx/token/refresh", refreshBody(reusedChain.text("refresh_token"))).status())
			.as("the spent refresh token presented again")
			.isEqualTo(401);

		List<String> revoked = List.of(loggedOut.text("access_token"), endedByTheUser.text("access_token"),
				kicked.text("access_token"), banned.text("access_token"), displaced.text("access_token"),
				rotated.text("access_token"));
		List<String> refused = new ArrayList<>(revoked);
		refused.add(stale.text("access_token"));
		List<String> working = List.of(keptByTheUser.text("access_token"), thirdLogin.text("access_token"));

		RefreshTokenStore storeOfB = b.getBean(RefreshTokenStore.class);
		assertThat(Eventually.holds(() -> knowsEveryOperation(storeOfB, revoked), Duration.ofSeconds(1)))
			.as("B learns of every operation within a second")
			.isTrue();
		assertHonoured(httpB, refused, working);

		// Each action was published once, on the instance that did it, and never on the other.
		assertThat(eventsOfB).as("B only rotated a refresh token")
			.singleElement()
			.isInstanceOf(WxTokenRefreshedEvent.class);
		assertThat(count(WxLoginEvent.class, (event) -> event.newUser())).isEqualTo(7);
		assertThat(count(WxLoginEvent.class, (event) -> !event.newUser())).isEqualTo(3);
		assertThat(count(WxLogoutEvent.class, (event) -> event.sessionId().equals(sid(loggedOut)))).isEqualTo(1);
		assertThat(revoked(Reason.LOGOUT)).containsExactlyInAnyOrder(sid(loggedOut), sid(endedByTheUser));
		assertThat(revoked(Reason.KICK)).containsExactly(sid(kicked));
		assertThat(revoked(Reason.BAN)).containsExactly(sid(banned));
		assertThat(revoked(Reason.LIMIT)).containsExactly(sid(displaced));
		assertThat(revoked(Reason.REUSE)).containsExactly(sid(reusedChain));
		assertThat(count(WxRefreshTokenReusedEvent.class, (event) -> event.sessionId().equals(sid(reusedChain))))
			.isEqualTo(1);
		assertThat(eventsOfA).as("10 logins, a logout, 6 revocations and a reuse").hasSize(18);

		// Many other sessions end before a third instance starts; the stream has long dropped the
		// entries of the operations above.
		revokeOtherSessions(a.getBean(RefreshTokenStore.class));
		assertThat(TestInstances.redis(a).opsForStream().size(PREFIX + "{revocations}"))
			.as("the capped stream no longer holds the operations above")
			.isPositive()
			.isLessThan(OTHER_REVOCATIONS);

		ConfigurableApplicationContext c = instances.start(properties(), recorder(new CopyOnWriteArrayList<>()));
		RefreshTokenStore storeOfC = c.getBean(RefreshTokenStore.class);
		assertThat(knowsEveryOperation(storeOfC, revoked)).as("C knows every operation as soon as it has started")
			.isTrue();
		TestHttp httpC = TestInstances.http(c);
		assertHonoured(httpC, refused, working);
		TestHttp.Response bannedLogin = httpC.postJson("/wx/login", loginBody("openid-banned"));
		assertThat(bannedLogin.status()).isEqualTo(403);
		assertThat(bannedLogin.text("error")).isEqualTo("account_disabled");
		TestHttp.Response refreshedOnC = httpC.postJson("/wx/token/refresh", refreshBody(stale.text("refresh_token")));
		assertThat(refreshedOnC.status()).as("the stale session refreshes without a new wx.login").isEqualTo(200);
		assertThat(httpA.get("/api/me", refreshedOnC.text("access_token")).status()).isEqualTo(200);
	}

	/**
	 * Whether the store has learnt of every revoked session and of the stale mark.
	 */
	private static boolean knowsEveryOperation(RefreshTokenStore store, List<String> revoked) {
		for (String token : revoked) {
			if (!store.isSessionRevoked(sid(token))) {
				return false;
			}
		}
		return store.staleBefore(WeChatStub.APP_ID, "openid-stale") != null;
	}

	private static void assertHonoured(TestHttp http, List<String> refused, List<String> working) {
		for (String token : refused) {
			TestHttp.Response me = http.get("/api/me", token);
			assertThat(me.status()).as("a token of %s", openid(token)).isEqualTo(401);
			assertThat(me.text("error")).isEqualTo("invalid_token");
		}
		for (String token : working) {
			assertThat(http.get("/api/me", token).status()).as("a token of %s", openid(token)).isEqualTo(200);
		}
	}

	/**
	 * Ends {@link #OTHER_REVOCATIONS} sessions of other users through the store, as as many logouts
	 * on the instances would.
	 */
	private static void revokeOtherSessions(RefreshTokenStore store) throws Exception {
		Instant until = Clock.systemUTC().instant().plus(Duration.ofHours(2));
		int threads = 8;
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		try {
			List<Future<?>> done = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				int first = t;
				done.add(executor.submit(() -> {
					for (int i = first; i < OTHER_REVOCATIONS; i += threads) {
						store.revokeSession("other-session-" + i, until);
					}
				}));
			}
			for (Future<?> future : done) {
				future.get(5, TimeUnit.MINUTES);
			}
		}
		finally {
			executor.shutdownNow();
		}
	}

	private static <E extends WxSessionEvent> long count(Class<E> type, Predicate<E> matching) {
		return eventsOfA.stream().filter(type::isInstance).map(type::cast).filter(matching).count();
	}

	private static List<String> revoked(Reason reason) {
		return eventsOfA.stream()
			.filter(WxSessionRevokedEvent.class::isInstance)
			.map(WxSessionRevokedEvent.class::cast)
			.filter((event) -> event.reason() == reason)
			.map(WxSessionRevokedEvent::sessionId)
			.toList();
	}

	private static ApplicationListener<PayloadApplicationEvent<WxSessionEvent>> recorder(List<WxSessionEvent> events) {
		return (event) -> events.add(event.getPayload());
	}

	private static Map<String, Object> properties() {
		return Map.of("wxmini.app-id", WeChatStub.APP_ID, "wxmini.app-secret", WeChatStub.APP_SECRET,
				"wxmini.api-base-url", wechat.baseUrl(), "wxmini.jwt.secret", "session-control-secret-of-32-bytes",
				"wxmini.redis.key-prefix", PREFIX, "wxmini.session.max-per-user", "2", "spring.data.redis.host",
				"127.0.0.1", "spring.data.redis.timeout", "5s");
	}

	private static TestHttp.Response login(TestHttp http, String openid) {
		TestHttp.Response login = http.postJson("/wx/login", loginBody(openid));
		assertThat(login.status()).as("login of %s", openid).isEqualTo(200);
		return login;
	}

	private static String loginBody(String openid) {
		String code = "code-" + UUID.randomUUID();
		wechat.login(code, openid);
		return "{\"code\":\"" + code + "\"}";
	}

	private static String refreshBody(String refreshToken) {
		return "{\"refresh_token\":\"" + refreshToken + "\"}";
	}

	private static String sid(TestHttp.Response login) {
		return sid(login.text("access_token"));
	}

	private static String sid(String accessToken) {
		return claim(accessToken, "sid");
	}

	private static String openid(String accessToken) {
		return claim(accessToken, "openid");
	}

	private static String claim(String accessToken, String name) {
		String payload = accessToken.split("\\.")[1];
		return JsonMapper.shared().readTree(Base64.getUrlDecoder().decode(payload)).get(name).asString();
	}

}
