package io.github.wxminiauth.integration.wechat;

import java.time.Duration;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import io.github.wxminiauth.accesstoken.AccessTokenCache;
import io.github.wxminiauth.integration.support.HardeningTestApplication;
import io.github.wxminiauth.integration.support.TestHttp;
import io.github.wxminiauth.integration.support.WeChatStub;
import io.github.wxminiauth.integration.support.WxMiniIntegrationTest;
import io.github.wxminiauth.wechat.WxAccessToken;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * WeChat misbehaving, end to end through the application (WireMock fault injection): each fault
 * gets the contract's answer within the time budget (read timeout + the 1 s busy-retry budget),
 * calls WeChat a known number of times, and leaves nothing poisoned behind: the next call after
 * each fault succeeds.
 */
@WxMiniIntegrationTest(classes = HardeningTestApplication.class,
		properties = { "wxmini.app-id=" + WeChatStub.APP_ID,
				// Many requests from one address: rate limits have their own tests (RateLimitIntegrationTests).
				"wxmini.rate-limit.enabled=false", "wxmini.app-secret=" + WeChatStub.APP_SECRET,
				"wxmini.jwt.secret=upstream-fault-test-secret-of-32-bytes", "wxmini.http.read-timeout=1500ms",
				"wxmini.http.connect-timeout=1s", "wxmini.http.busy-retries=2", "wxmini.http.busy-retry-backoff=10ms" })
class UpstreamFaultIntegrationTests {

	static final Duration READ_TIMEOUT = Duration.ofMillis(1500);

	/** Read timeout + the busy-retry budget, with room for a slow, shared build machine. */
	static final Duration TIME_BUDGET = READ_TIMEOUT.plusSeconds(1).plusSeconds(2);

	private static final String PHONE_PATH = "/wxa/business/getuserphonenumber";

	/**
	 * Plenty of server threads: delayed and trickling replies of earlier tests hold theirs
	 * for seconds, and must not starve the next test's WeChat. {@link WxMiniIntegrationTest} starts
	 * and stops it.
	 */
	private static final WeChatStub wechat = new WeChatStub(wireMockConfig().dynamicPort().containerThreads(100));

	@Autowired
	AccessTokenCache accessTokenCache;

	TestHttp http;

	@BeforeEach
	void setUp() {
		wechat.reset();
		// Every test starts without a cached WeChat access token, so upstream calls can be counted.
		WxAccessToken cached = this.accessTokenCache.get(WeChatStub.APP_ID);
		if (cached != null) {
			this.accessTokenCache.expireIfCurrent(WeChatStub.APP_ID, cached.value());
		}
	}

	@Test
	void busyOnceThenSuccessLogsIn() {
		wechat.server.stubFor(code2Session().inScenario("busy").whenScenarioStateIs(STARTED)
			.willReturn(WeChatStub.text("{\"errcode\":-1,\"errmsg\":\"system busy\"}"))
			.willSetStateTo("recovered"));
		wechat.server.stubFor(code2Session().inScenario("busy").whenScenarioStateIs("recovered")
			.willReturn(WeChatStub.text("{\"openid\":\"openid-busy-once\",\"session_key\":\"c2Vzc2lvbg==\"}")));

		TestHttp.Response login = this.http.postJson("/wx/login", "{\"code\":\"busy-once\"}");

		assertThat(login.status()).isEqualTo(200);
		assertThat(login.text("openid")).isEqualTo("openid-busy-once");
		assertThat(wechat.code2SessionCalls()).isEqualTo(2);
	}

	@Test
	void busyAlwaysAnswers503WithinTheTimeBudgetAfterBoundedRetries() {
		wechat.server.stubFor(code2Session().willReturn(WeChatStub.text("{\"errcode\":-1,\"errmsg\":\"system busy\"}")));

		TestHttp.Response login = timed(() -> this.http.postJson("/wx/login", "{\"code\":\"busy-always\"}"));

		assertWeChatUnavailable(login);
		assertThat(login.json().get("wx_errcode").asInt()).isEqualTo(-1);
		assertThat(wechat.code2SessionCalls()).as("one call and two retries").isEqualTo(3);
	}

	@Test
	void minuteQuotaAnswers429WithRetryAfter() {
		wechat.server.stubFor(code2Session().willReturn(WeChatStub.text("{\"errcode\":45011,\"errmsg\":\"freq limit\"}")));

		TestHttp.Response login = this.http.postJson("/wx/login", "{\"code\":\"quota\"}");

		assertThat(login.status()).isEqualTo(429);
		assertThat(login.text("error")).isEqualTo("rate_limited");
		assertThat(Long.parseLong(login.header("Retry-After"))).isPositive();
		assertThat(wechat.code2SessionCalls()).isEqualTo(1);
	}

	/** The faults in which the connection dies before a complete response. */
	private static final Set<String> CONNECTION_DEATHS = Set.of("connection reset", "empty reply",
			"garbage then close");

	static Stream<Arguments> faults() {
		return Stream.of(Arguments.of("HTTP 500", aResponse().withStatus(500).withBody("oops")),
				Arguments.of("HTTP 502", aResponse().withStatus(502)),
				Arguments.of("HTTP 404 with JSON", aResponse().withStatus(404).withBody("{\"errcode\":0}")),
				Arguments.of("connection reset", aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)),
				Arguments.of("empty reply", aResponse().withFault(Fault.EMPTY_RESPONSE)),
				Arguments.of("garbage then close", aResponse().withFault(Fault.RANDOM_DATA_THEN_CLOSE)),
				Arguments.of("malformed chunk", aResponse().withFault(Fault.MALFORMED_RESPONSE_CHUNK)),
				Arguments.of("empty body", WeChatStub.text("")),
				Arguments.of("malformed JSON", WeChatStub.text("{\"openid\":\"o\",")),
				Arguments.of("JSON array", WeChatStub.text("[]")),
				Arguments.of("HTML error page", aResponse().withStatus(200).withHeader("Content-Type", "text/html")
					.withBody("<html><body>502 Bad Gateway</body></html>")),
				Arguments.of("errcode not a number", WeChatStub.text("{\"errcode\":\"x\",\"openid\":\"o\"}")),
				// Valid JSON beyond the client's 64 KiB cap on a reply.
				Arguments.of("reply larger than 64 KiB", WeChatStub.text("{\"openid\":\"big\",\"session_key\":\"c2Vzc2lvbg==\","
						+ "\"errcode\":0,\"padding\":\"" + "x".repeat(65 * 1024) + "\"}")),
				Arguments.of("reply slower than the read timeout",
						WeChatStub.text("{\"openid\":\"late\",\"session_key\":\"c2Vzc2lvbg==\"}").withFixedDelay(3000)),
				// Each piece arrives well within the read timeout, the whole takes five times as long.
				Arguments.of("reply that trickles for 5 s",
						WeChatStub.text("{\"openid\":\"trickle\",\"session_key\":\"" + "c2Vzc2lvbg".repeat(20) + "\"}")
							.withChunkedDribbleDelay(10, 5000)));
	}

	@ParameterizedTest(name = "login: {0}")
	@MethodSource("faults")
	void faultOnCode2SessionAnswers503WithinTheReadTimeout(String name, ResponseDefinitionBuilder fault) {
		wechat.server.stubFor(code2Session().willReturn(fault));

		TestHttp.Response login = timed(() -> this.http.postJson("/wx/login", "{\"code\":\"fault-code\"}"));

		assertWeChatUnavailable(login);
		// A connection that dies without a response may have been a stale pooled one that the
		// request never reached: code2Session (read-only) is then resent once, at once. Every
		// other fault, and above all a timeout, is never resent.
		int expectedCalls = CONNECTION_DEATHS.contains(name) ? 2 : 1;
		assertThat(wechat.code2SessionCalls()).as("calls to code2Session").isEqualTo(expectedCalls);

		// Nothing is poisoned: the pool, the client and the next login are fine.
		wechat.reset();
		assertThat(login("after-" + name.replace(' ', '-'))).isNotBlank();
	}

	@ParameterizedTest(name = "phone: {0}")
	@MethodSource("faults")
	void faultOnThePhoneApiAnswers503AndTheBilledCallIsNeverRetried(String name, ResponseDefinitionBuilder fault) {
		String token = login("phone-fault");
		wechat.stableToken();
		wechat.server.stubFor(post(urlPathEqualTo(PHONE_PATH)).willReturn(fault));

		TestHttp.Response phone = timed(() -> this.http.postJson("/wx/phone", "{\"code\":\"phone-fault\"}", token));

		assertWeChatUnavailable(phone);
		assertThat(wechat.phoneCalls()).as("WeChat may have verified (and billed) it").isEqualTo(1);

		// Nothing is poisoned: the cached access token and the pool serve the next binding.
		wechat.reset();
		wechat.stableToken();
		wechat.phone("phone-after-fault", "13800138099");
		TestHttp.Response next = this.http.postJson("/wx/phone", "{\"code\":\"phone-after-fault\"}", token);
		assertThat(next.status()).as(next.body()).isEqualTo(200);
		assertThat(next.text("pure_phone_number")).isEqualTo("13800138099");
	}

	@ParameterizedTest(name = "errcode {0}")
	@ValueSource(ints = { 40001, 42001, 40014 })
	void invalidOrExpiredAccessTokenOnThePhoneApiIsReFetchedOnceAndRetriedOnce(int errcode) {
		String token = login("phone-" + errcode + "-once");
		wechat.stableToken();
		wechat.server.stubFor(post(urlPathEqualTo(PHONE_PATH)).inScenario("40001").whenScenarioStateIs(STARTED)
			.willReturn(WeChatStub.text("{\"errcode\":" + errcode + ",\"errmsg\":\"access_token expired or invalid\"}"))
			.willSetStateTo("fresh token"));
		wechat.server.stubFor(post(urlPathEqualTo(PHONE_PATH)).inScenario("40001").whenScenarioStateIs("fresh token")
			.willReturn(WeChatStub.text(phoneReply("13800138040"))));

		TestHttp.Response phone = this.http.postJson("/wx/phone", "{\"code\":\"phone-40001\"}", token);

		assertThat(phone.status()).isEqualTo(200);
		assertThat(phone.text("pure_phone_number")).isEqualTo("13800138040");
		assertThat(wechat.phoneCalls()).isEqualTo(2);
		assertThat(wechat.stableTokenCalls()).as("the first fetch and one re-fetch").isEqualTo(2);
	}

	@Test
	void invalidAccessTokenTwiceAnswers503WithoutLooping() {
		String token = login("phone-40001-always");
		wechat.stableToken();
		wechat.server.stubFor(post(urlPathEqualTo(PHONE_PATH))
			.willReturn(WeChatStub.text("{\"errcode\":40001,\"errmsg\":\"invalid credential\"}")));

		TestHttp.Response phone = timed(() -> this.http.postJson("/wx/phone", "{\"code\":\"phone-40001\"}", token));

		assertWeChatUnavailable(phone);
		assertThat(wechat.phoneCalls()).isEqualTo(2);
		assertThat(wechat.stableTokenCalls()).isEqualTo(2);
	}

	@Test
	void failingStableTokenEndpointAnswers503AndTheNextCallTriesAgain() {
		String token = login("stable-token-down");
		wechat.server.stubFor(post(urlPathEqualTo("/cgi-bin/stable_token")).willReturn(aResponse().withStatus(502)));

		TestHttp.Response first = timed(() -> this.http.postJson("/wx/phone", "{\"code\":\"stable-down\"}", token));

		assertWeChatUnavailable(first);
		assertThat(wechat.phoneCalls()).as("no phone call without a token").isZero();

		wechat.reset();
		wechat.stableToken();
		wechat.phone("stable-up", "13800138041");
		TestHttp.Response second = this.http.postJson("/wx/phone", "{\"code\":\"stable-up\"}", token);
		assertThat(second.status()).as("no failure was cached").isEqualTo(200);
		assertThat(wechat.stableTokenCalls()).isEqualTo(1);
	}

	@Test
	void stableTokenBusyAlwaysAnswers503WithinTheTimeBudget() {
		String token = login("stable-token-busy");
		wechat.server.stubFor(post(urlPathEqualTo("/cgi-bin/stable_token"))
			.willReturn(WeChatStub.text("{\"errcode\":-1,\"errmsg\":\"system busy\"}")));

		TestHttp.Response phone = timed(() -> this.http.postJson("/wx/phone", "{\"code\":\"stable-busy\"}", token));

		assertWeChatUnavailable(phone);
		assertThat(wechat.phoneCalls()).isZero();
	}

	@Test
	void secondBindingOfTheSameNumberStillSucceeds() {
		String token = login("same-number");
		wechat.stableToken();
		wechat.phone("same-number-1", "13800138042");
		wechat.phone("same-number-2", "13800138042");

		TestHttp.Response first = this.http.postJson("/wx/phone", "{\"code\":\"same-number-1\"}", token);
		TestHttp.Response second = this.http.postJson("/wx/phone", "{\"code\":\"same-number-2\"}", token);

		assertThat(first.status()).isEqualTo(200);
		assertThat(second.status()).isEqualTo(200);
		assertThat(second.text("pure_phone_number")).isEqualTo("13800138042");
		assertThat(wechat.phoneCalls()).as("one billed call per request").isEqualTo(2);
	}

	private String login(String name) {
		wechat.login("code-" + name, "openid-" + name);
		TestHttp.Response login = this.http.postJson("/wx/login", "{\"code\":\"code-" + name + "\"}");
		assertThat(login.status()).as(login.body()).isEqualTo(200);
		return login.text("access_token");
	}

	private static MappingBuilder code2Session() {
		return get(urlPathEqualTo("/sns/jscode2session"));
	}

	private static String phoneReply(String pure) {
		return "{\"errcode\":0,\"errmsg\":\"ok\",\"phone_info\":{\"phoneNumber\":\"" + pure + "\",\"purePhoneNumber\":\""
				+ pure + "\",\"countryCode\":\"86\",\"watermark\":{\"timestamp\":1700000000,\"appid\":\""
				+ WeChatStub.APP_ID + "\"}}}";
	}

	/**
	 * Runs the request and checks it was answered within the time budget: a bound on how long a
	 * request thread can be held by WeChat, not a performance measurement.
	 */
	private static TestHttp.Response timed(Supplier<TestHttp.Response> request) {
		long start = System.nanoTime();
		TestHttp.Response response = request.get();
		Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
		assertThat(elapsed).as("answered within read timeout + 1 s (+ slack)").isLessThan(TIME_BUDGET);
		return response;
	}

	private static void assertWeChatUnavailable(TestHttp.Response response) {
		assertThat(response.status()).as(response.body()).isEqualTo(503);
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
		assertThat(response.text("error")).isEqualTo("wechat_unavailable");
		assertThat(Long.parseLong(response.header("Retry-After"))).isPositive();
		assertThat(response.body()).doesNotContain(WeChatStub.APP_SECRET).doesNotContain(WeChatStub.ACCESS_TOKEN);
	}

}
