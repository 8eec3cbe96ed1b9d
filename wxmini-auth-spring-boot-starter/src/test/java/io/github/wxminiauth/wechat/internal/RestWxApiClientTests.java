package io.github.wxminiauth.wechat.internal;

import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.github.wxminiauth.test.MutableClock;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.github.wxminiauth.wechat.PhoneNumber;
import io.github.wxminiauth.wechat.WxAccessToken;
import io.github.wxminiauth.wechat.WxApp;
import io.github.wxminiauth.wechat.WxMisconfiguredException;
import io.github.wxminiauth.wechat.WxSession;
import io.github.wxminiauth.wechat.WxUnavailableException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.web.client.RestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link RestWxApiClient} against a fake WeChat.
 */
class RestWxApiClientTests {

	private static final WxApp APP = new WxApp("default", "wx0123456789abcdef", "app-secret-0123456789");

	private static final Instant NOW = Instant.parse("2025-01-01T00:00:00Z");

	private static final Duration READ_TIMEOUT = Duration.ofMillis(1500);

	/**
	 * What the time bound allows (read timeout + 1 s), plus generous slack for a busy build machine.
	 * A call that ignored the timeout would take the full 5 s delay of the stub.
	 */
	private static final Duration TIME_BOUND = READ_TIMEOUT.plusSeconds(1).plusMillis(1500);

	private final WireMockServer wireMock = new WireMockServer(wireMockConfig().dynamicPort());

	private final MutableClock clock = new MutableClock(NOW);

	private final List<Duration> sleeps = new ArrayList<>();

	private RestWxApiClient client;

	@BeforeEach
	void start() {
		this.wireMock.start();
		this.client = builder().build();
	}

	@AfterEach
	void stop() {
		this.client.close();
		this.wireMock.stop();
	}

	private RestWxApiClient.Builder builder() {
		return RestWxApiClient.builder(JsonMapper.builder().build())
			.baseUrl(this.wireMock.baseUrl())
			.connectTimeout(Duration.ofSeconds(1))
			.readTimeout(READ_TIMEOUT)
			.maxConnections(10)
			.busyRetries(2)
			.busyRetryBackoff(Duration.ofMillis(10))
			.clock(this.clock);
	}

	private void stubCode2Session(String body) {
		this.wireMock.stubFor(get(urlPathEqualTo("/sns/jscode2session"))
			.willReturn(aResponse().withHeader("Content-Type", "text/plain").withBody(body)));
	}

	@Test
	void code2SessionReturnsTheSessionFromAPlainTextReply() {
		stubCode2Session("{\"openid\":\"o-user\",\"session_key\":\"c2Vzc2lvbg==\"}");
		WxSession session = this.client.code2Session(APP, "the-code");
		assertThat(session.openid()).isEqualTo("o-user");
		assertThat(session.unionid()).isNull();
		assertThat(session.sessionKey()).isEqualTo("c2Vzc2lvbg==");
		this.wireMock.verify(1, getRequestedFor(urlPathEqualTo("/sns/jscode2session"))
			.withQueryParam("appid", equalTo(APP.appId()))
			.withQueryParam("secret", equalTo(APP.appSecret()))
			.withQueryParam("js_code", equalTo("the-code"))
			.withQueryParam("grant_type", equalTo("authorization_code"))
			.withQueryParam("access_token", absent()));
	}

	@Test
	void code2SessionReturnsTheUnionidWhenWeChatSendsOne() {
		stubCode2Session(
				"{\"openid\":\"o-user\",\"session_key\":\"c2Vzc2lvbg==\",\"unionid\":\"u-user\",\"errcode\":0}");
		assertThat(this.client.code2Session(APP, "the-code").unionid()).isEqualTo("u-user");
	}

	@Test
	void baseUrlWithTrailingSlashIsTolerated() {
		stubCode2Session("{\"openid\":\"o-user\",\"session_key\":\"c2Vzc2lvbg==\"}");
		try (RestWxApiClient slashed = builder().baseUrl(this.wireMock.baseUrl() + "/").build()) {
			assertThat(slashed.code2Session(APP, "the-code").openid()).isEqualTo("o-user");
		}
		this.wireMock.verify(1, getRequestedFor(urlPathEqualTo("/sns/jscode2session")));
	}

	@Test
	void givenRestClientBuilderIsUsedAndItsTracesCarryNoQueryString() {
		stubCode2Session("{\"openid\":\"o-user\",\"session_key\":\"c2Vzc2lvbg==\"}");
		List<String> urls = new ArrayList<>();
		ObservationRegistry registry = ObservationRegistry.create();
		registry.observationConfig().observationHandler(new ObservationHandler<>() {

			@Override
			public void onStop(Observation.Context context) {
				context.getHighCardinalityKeyValues().forEach((keyValue) -> urls.add(keyValue.getValue()));
			}

			@Override
			public boolean supportsContext(Observation.Context context) {
				return true;
			}

		});
		try (RestWxApiClient observed = builder().restClientBuilder(RestClient.builder().observationRegistry(registry))
			.build()) {
			assertThat(observed.code2Session(APP, "the-code").openid()).isEqualTo("o-user");
		}
		assertThat(urls).contains(this.wireMock.baseUrl() + "/sns/jscode2session")
			.noneMatch((url) -> url.contains(APP.appSecret()) || url.contains("the-code"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "a&b=c#d %+\"'", "x&secret=other&appid=wx1", "/../?code=1;%2B", "码 +" })
	void hostileCodesArriveUnchangedAsTheJsCodeValue(String code) {
		stubCode2Session("{\"openid\":\"o-user\",\"session_key\":\"c2Vzc2lvbg==\"}");
		this.client.code2Session(APP, code);
		this.wireMock.verify(1, getRequestedFor(urlPathEqualTo("/sns/jscode2session"))
			.withQueryParam("js_code", equalTo(code))
			.withQueryParam("appid", equalTo(APP.appId()))
			.withQueryParam("secret", equalTo(APP.appSecret()))
			.withQueryParam("grant_type", equalTo("authorization_code"))
			.withQueryParam("b", absent()));
	}

	@Test
	void code2SessionWithoutOpenidIsUnavailable() {
		stubCode2Session("{\"errcode\":0,\"session_key\":\"c2Vzc2lvbg==\"}");
		assertThatExceptionOfType(WxUnavailableException.class)
			.isThrownBy(() -> this.client.code2Session(APP, "the-code"))
			.withMessageContaining("openid");
	}

	@Test
	void code2SessionWithoutSessionKeyIsUnavailable() {
		stubCode2Session("{\"openid\":\"o-user\"}");
		assertThatExceptionOfType(WxUnavailableException.class)
			.isThrownBy(() -> this.client.code2Session(APP, "the-code"))
			.withMessageContaining("session_key");
	}

	@Test
	void stableTokenIsRequestedInNormalModeAndExpiresPerTheClock() {
		this.wireMock.stubFor(post(urlPathEqualTo("/cgi-bin/stable_token"))
			.withRequestBody(equalToJson("{\"grant_type\":\"client_credential\",\"appid\":\"" + APP.appId()
					+ "\",\"secret\":\"" + APP.appSecret() + "\",\"force_refresh\":false}"))
			.willReturn(aResponse().withHeader("Content-Type", "text/plain")
				.withBody("{\"access_token\":\"the-token\",\"expires_in\":7200}")));
		WxAccessToken token = this.client.fetchStableAccessToken(APP);
		assertThat(token.value()).isEqualTo("the-token");
		assertThat(token.obtainedAt()).isEqualTo(NOW);
		assertThat(token.expiresAt()).isEqualTo(NOW.plusSeconds(7200));
		this.wireMock.verify(1, postRequestedFor(urlPathEqualTo("/cgi-bin/stable_token"))
			.withHeader("Content-Type", equalTo("application/json")));
	}

	@Test
	void stableTokenWithoutExpiresInIsUnavailable() {
		this.wireMock.stubFor(post(urlPathEqualTo("/cgi-bin/stable_token"))
			.willReturn(aResponse().withBody("{\"access_token\":\"the-token\"}")));
		assertThatExceptionOfType(WxUnavailableException.class)
			.isThrownBy(() -> this.client.fetchStableAccessToken(APP))
			.withMessageContaining("expires_in");
	}

	private void stubPhone(String countryCode, String watermarkAppId) {
		this.wireMock.stubFor(post(urlPathEqualTo("/wxa/business/getuserphonenumber"))
			.willReturn(aResponse().withHeader("Content-Type", "text/plain")
				.withBody("{\"errcode\":0,\"errmsg\":\"ok\",\"phone_info\":{\"phoneNumber\":\"13800138000\","
						+ "\"purePhoneNumber\":\"13800138000\",\"countryCode\":" + countryCode
						+ ",\"watermark\":{\"timestamp\":1637744274,\"appid\":\"" + watermarkAppId + "\"}}}")));
	}

	@ParameterizedTest
	@ValueSource(strings = { "\"86\"", "86" })
	void phoneNumberAcceptsTheCountryCodeAsStringOrNumber(String countryCode) {
		stubPhone(countryCode, APP.appId());
		PhoneNumber phone = this.client.getPhoneNumber(APP, "token+/=&x", "phone-code", "o-user");
		assertThat(phone).isEqualTo(new PhoneNumber("13800138000", "13800138000", "86"));
		this.wireMock.verify(1, postRequestedFor(urlPathEqualTo("/wxa/business/getuserphonenumber"))
			.withQueryParam("access_token", equalTo("token+/=&x"))
			.withQueryParam("x", absent())
			.withRequestBody(equalToJson("{\"code\":\"phone-code\",\"openid\":\"o-user\"}")));
	}

	@Test
	void phoneNumberWithoutOpenidOmitsItFromTheBody() {
		stubPhone("\"86\"", APP.appId());
		this.client.getPhoneNumber(APP, "the-token", "phone-code", null);
		this.wireMock.verify(1, postRequestedFor(urlPathEqualTo("/wxa/business/getuserphonenumber"))
			.withRequestBody(equalToJson("{\"code\":\"phone-code\"}")));
	}

	@Test
	void phoneNumberForAnotherAppIsAMisconfiguration() {
		stubPhone("\"86\"", "wxanotherapp00000");
		assertThatExceptionOfType(WxMisconfiguredException.class)
			.isThrownBy(() -> this.client.getPhoneNumber(APP, "the-token", "phone-code", null))
			.satisfies((ex) -> assertThat(ex.getApi()).isEqualTo("getuserphonenumber"));
	}

	@Test
	void phoneNumberWithoutWatermarkIsUnavailable() {
		this.wireMock.stubFor(post(urlPathEqualTo("/wxa/business/getuserphonenumber"))
			.willReturn(aResponse().withBody("{\"errcode\":0,\"phone_info\":{\"phoneNumber\":\"13800138000\","
					+ "\"purePhoneNumber\":\"13800138000\",\"countryCode\":\"86\"}}")));
		assertThatExceptionOfType(WxUnavailableException.class)
			.isThrownBy(() -> this.client.getPhoneNumber(APP, "the-token", "phone-code", null));
	}

	private void stubCode2SessionBusyThen(String scenarioStateAfterBusy, String secondBody) {
		this.wireMock.stubFor(get(urlPathEqualTo("/sns/jscode2session")).inScenario("busy")
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(aResponse().withBody("{\"errcode\":-1,\"errmsg\":\"system error\"}"))
			.willSetStateTo(scenarioStateAfterBusy));
		this.wireMock.stubFor(get(urlPathEqualTo("/sns/jscode2session")).inScenario("busy")
			.whenScenarioStateIs(scenarioStateAfterBusy)
			.willReturn(aResponse().withBody(secondBody)));
	}

	@Test
	void busyOnceThenSuccessSucceedsWithTwoRequests() {
		stubCode2SessionBusyThen("recovered", "{\"openid\":\"o-user\",\"session_key\":\"c2Vzc2lvbg==\"}");
		assertThat(this.client.code2Session(APP, "the-code").openid()).isEqualTo("o-user");
		this.wireMock.verify(2, getRequestedFor(urlPathEqualTo("/sns/jscode2session")));
	}

	@Test
	void alwaysBusyIsUnavailableAfterTheConfiguredRetries() {
		stubCode2Session("{\"errcode\":-1,\"errmsg\":\"system error\"}");
		try (RestWxApiClient retrying = builder().busyRetries(3).sleeper(this::recordSleep).build()) {
			assertThatExceptionOfType(WxUnavailableException.class)
				.isThrownBy(() -> retrying.code2Session(APP, "the-code"))
				.satisfies((ex) -> assertThat(ex.getErrcode()).isEqualTo(-1));
		}
		this.wireMock.verify(4, getRequestedFor(urlPathEqualTo("/sns/jscode2session")));
		assertThat(this.sleeps).containsExactly(Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofMillis(40));
	}

	@Test
	void busyRetriesStopWhenTheNextBackoffWouldExceedTheOneSecondBudget() {
		stubCode2Session("{\"errcode\":-1,\"errmsg\":\"system error\"}");
		try (RestWxApiClient retrying = builder().busyRetries(10)
			.busyRetryBackoff(Duration.ofMillis(300))
			.sleeper(this::recordSleep)
			.build()) {
			assertThatExceptionOfType(WxUnavailableException.class)
				.isThrownBy(() -> retrying.code2Session(APP, "the-code"));
		}
		// 300 ms + 600 ms fit in the budget, another 1200 ms would not.
		assertThat(this.sleeps).containsExactly(Duration.ofMillis(300), Duration.ofMillis(600));
		this.wireMock.verify(3, getRequestedFor(urlPathEqualTo("/sns/jscode2session")));
	}

	@Test
	void busyPhoneNumberIsRetried() {
		this.wireMock.stubFor(post(urlPathEqualTo("/wxa/business/getuserphonenumber"))
			.willReturn(aResponse().withBody("{\"errcode\":-1,\"errmsg\":\"system error\"}")));
		assertThatExceptionOfType(WxUnavailableException.class)
			.isThrownBy(() -> this.client.getPhoneNumber(APP, "the-token", "phone-code", null));
		this.wireMock.verify(3, postRequestedFor(urlPathEqualTo("/wxa/business/getuserphonenumber")));
	}

	private void recordSleep(Duration duration) {
		this.sleeps.add(duration);
		this.clock.advance(duration);
	}

	@ParameterizedTest
	@ValueSource(ints = { 500, 502, 404, 302 })
	void httpErrorStatusIsUnavailable(int status) {
		this.wireMock.stubFor(get(urlPathEqualTo("/sns/jscode2session"))
			.willReturn(aResponse().withStatus(status)
				.withHeader("Location", "http://localhost:1/elsewhere")
				.withBody("{\"openid\":\"o-user\",\"session_key\":\"c2Vzc2lvbg==\"}")));
		assertThatExceptionOfType(WxUnavailableException.class)
			.isThrownBy(() -> this.client.code2Session(APP, "the-code"))
			.withMessageContaining(String.valueOf(status))
			.satisfies((ex) -> assertThat(ex.getErrcode()).isNull());
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "   ", "<html>busy</html>", "{\"openid\":", "[]", "\"text\"",
			"{\"errcode\":\"x\"}" })
	void unreadableReplyIsUnavailable(String body) {
		stubCode2Session(body);
		assertThatExceptionOfType(WxUnavailableException.class)
			.isThrownBy(() -> this.client.code2Session(APP, "the-code"));
	}

	@ParameterizedTest
	@EnumSource(value = Fault.class, names = { "CONNECTION_RESET_BY_PEER", "EMPTY_RESPONSE" })
	void connectionFaultIsUnavailableAfterOneImmediateResend(Fault fault) {
		this.wireMock.stubFor(get(urlPathEqualTo("/sns/jscode2session")).willReturn(aResponse().withFault(fault)));
		long start = System.nanoTime();
		assertThatExceptionOfType(WxUnavailableException.class)
			.isThrownBy(() -> this.client.code2Session(APP, "the-code"));
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TIME_BOUND);
		this.wireMock.verify(2, getRequestedFor(urlPathEqualTo("/sns/jscode2session")));
	}

	@Test
	void connectionClosedUnderAPooledRequestIsResentOnceForCode2Session() {
		this.wireMock.stubFor(get(urlPathEqualTo("/sns/jscode2session")).inScenario("stale")
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER))
			.willSetStateTo("fresh"));
		this.wireMock.stubFor(get(urlPathEqualTo("/sns/jscode2session")).inScenario("stale")
			.whenScenarioStateIs("fresh")
			.willReturn(aResponse().withBody("{\"openid\":\"o-user\",\"session_key\":\"c2Vzc2lvbg==\"}")));
		assertThat(this.client.code2Session(APP, "the-code").openid()).isEqualTo("o-user");
		this.wireMock.verify(2, getRequestedFor(urlPathEqualTo("/sns/jscode2session")));
	}

	@Test
	void connectionClosedUnderAStableTokenRequestIsResentOnce() {
		this.wireMock.stubFor(post(urlPathEqualTo("/cgi-bin/stable_token")).inScenario("stale")
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER))
			.willSetStateTo("fresh"));
		this.wireMock.stubFor(post(urlPathEqualTo("/cgi-bin/stable_token")).inScenario("stale")
			.whenScenarioStateIs("fresh")
			.willReturn(aResponse().withBody("{\"access_token\":\"the-token\",\"expires_in\":7200}")));
		assertThat(this.client.fetchStableAccessToken(APP).value()).isEqualTo("the-token");
		this.wireMock.verify(2, postRequestedFor(urlPathEqualTo("/cgi-bin/stable_token")));
	}

	@ParameterizedTest
	@EnumSource(value = Fault.class, names = { "CONNECTION_RESET_BY_PEER", "EMPTY_RESPONSE" })
	void phoneNumberCallIsNeverResentAfterAConnectionFault(Fault fault) {
		this.wireMock.stubFor(
				post(urlPathEqualTo("/wxa/business/getuserphonenumber")).willReturn(aResponse().withFault(fault)));
		assertThatExceptionOfType(WxUnavailableException.class)
			.isThrownBy(() -> this.client.getPhoneNumber(APP, "the-token", "phone-code", "o-user"));
		this.wireMock.verify(1, postRequestedFor(urlPathEqualTo("/wxa/business/getuserphonenumber")));
	}

	@Test
	void refusedConnectionIsUnavailable() throws Exception {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			closedPort = socket.getLocalPort();
		}
		try (RestWxApiClient unreachable = builder().baseUrl("http://localhost:" + closedPort).build()) {
			assertThatExceptionOfType(WxUnavailableException.class)
				.isThrownBy(() -> unreachable.fetchStableAccessToken(APP))
				.satisfies((ex) -> assertThat(ex.getApi()).isEqualTo("stable_token"));
		}
	}

	@Test
	void slowCode2SessionIsUnavailableWithinTheReadTimeoutAndNotRetried() {
		this.wireMock.stubFor(get(urlPathEqualTo("/sns/jscode2session"))
			.willReturn(aResponse().withFixedDelay(5000)
				.withBody("{\"openid\":\"o-user\",\"session_key\":\"c2Vzc2lvbg==\"}")));
		long start = System.nanoTime();
		assertThatExceptionOfType(WxUnavailableException.class)
			.isThrownBy(() -> this.client.code2Session(APP, "the-code"))
			.satisfies((ex) -> assertThat(ex.getErrcode()).isNull());
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TIME_BOUND);
		this.wireMock.verify(1, getRequestedFor(urlPathEqualTo("/sns/jscode2session")));
	}

	@Test
	void slowPhoneNumberIsUnavailableAndNeverCalledTwice() {
		this.wireMock.stubFor(post(urlPathEqualTo("/wxa/business/getuserphonenumber"))
			.willReturn(aResponse().withFixedDelay(5000).withBody("{\"errcode\":0}")));
		long start = System.nanoTime();
		assertThatExceptionOfType(WxUnavailableException.class)
			.isThrownBy(() -> this.client.getPhoneNumber(APP, "the-token", "phone-code", null));
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TIME_BOUND);
		this.wireMock.verify(1, postRequestedFor(urlPathEqualTo("/wxa/business/getuserphonenumber")));
	}

}
