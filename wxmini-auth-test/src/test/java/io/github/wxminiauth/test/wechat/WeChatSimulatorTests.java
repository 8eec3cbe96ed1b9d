package io.github.wxminiauth.test.wechat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link WeChatSimulator} with a fake clock: it must answer like WeChat, or the tests
 * that use it would teach the wrong lessons.
 */
class WeChatSimulatorTests {

	private static final String APP_ID = WeChatSimulator.APP_ID;

	private static final String SECRET = WeChatSimulator.APP_SECRET;

	private final MutableClock clock = new MutableClock(Instant.parse("2025-06-01T08:00:00Z"));

	private final JsonMapper jsonMapper = JsonMapper.builder().build();

	private final WeChatSimulator simulator = WeChatSimulator.builder().clock(this.clock).build();

	@Test
	void loginCodeForGivenOpenidAnswersSessionWithThatOpenid() {
		WeChatSimulator.MintedLoginCode minted = this.simulator.mintLoginCode("oAlice");
		assertThat(minted.openid()).isEqualTo("oAlice");
		JsonNode session = code2Session(APP_ID, SECRET, minted.code());
		assertThat(session.get("openid").stringValue()).isEqualTo("oAlice");
		assertThat(session.get("session_key").stringValue()).isNotBlank()
			.isEqualTo(this.simulator.sessionKey("oAlice"));
		assertThat(session.has("errcode")).isFalse();
		assertThat(session.has("unionid")).isFalse();
	}

	@Test
	void loginCodeWithoutOpenidMakesUpAnOpenidLikeWeChats() {
		WeChatSimulator.MintedLoginCode first = this.simulator.mintLoginCode();
		WeChatSimulator.MintedLoginCode second = this.simulator.mintLoginCode();
		assertThat(first.openid()).matches("o[A-Za-z0-9_-]{27}");
		assertThat(second.openid()).isNotEqualTo(first.openid());
		assertThat(first.code()).isNotEqualTo(second.code());
	}

	@Test
	void loginCodeWithUnionidAnswersSessionWithUnionid() {
		String code = this.simulator.mintLoginCode(null, "oBob", "uBob").code();
		assertThat(code2Session(APP_ID, SECRET, code).get("unionid").stringValue()).isEqualTo("uBob");
	}

	@Test
	void loginCodeIsSingleUseAndAnswers40163TheSecondTime() {
		String code = this.simulator.mintLoginCode().code();
		assertThat(code2Session(APP_ID, SECRET, code).has("openid")).isTrue();
		assertThat(errcode(code2Session(APP_ID, SECRET, code))).isEqualTo(40163);
	}

	@Test
	void loginCodeExpiresAfterFiveMinutesWith40029() {
		String code = this.simulator.mintLoginCode().code();
		this.clock.advance(Duration.ofMinutes(5));
		assertThat(errcode(code2Session(APP_ID, SECRET, code))).isEqualTo(40029);
	}

	@Test
	void loginCodeIsStillValidJustBeforeFiveMinutes() {
		String code = this.simulator.mintLoginCode().code();
		this.clock.advance(Duration.ofMinutes(5).minusSeconds(1));
		assertThat(code2Session(APP_ID, SECRET, code).has("openid")).isTrue();
	}

	@Test
	void unknownLoginCodeAnswers40029() {
		assertThat(errcode(code2Session(APP_ID, SECRET, "never-minted"))).isEqualTo(40029);
	}

	@Test
	void wrongSecretAnswers40125AndLeavesTheCodeUnused() {
		String code = this.simulator.mintLoginCode().code();
		assertThat(errcode(code2Session(APP_ID, "not-the-secret", code))).isEqualTo(40125);
		assertThat(code2Session(APP_ID, SECRET, code).has("openid")).isTrue();
	}

	@Test
	void wrongAppidAnswers40013() {
		String code = this.simulator.mintLoginCode().code();
		assertThat(errcode(code2Session("wx9999999999other", SECRET, code))).isEqualTo(40013);
	}

	@Test
	void missingCredentialsAnswer41002And41004() {
		assertThat(errcode(code2Session(null, SECRET, "x"))).isEqualTo(41002);
		assertThat(errcode(code2Session(APP_ID, null, "x"))).isEqualTo(41004);
	}

	@Test
	void repliesAreJsonSentAsTextPlainWithStatus200EvenForErrors() {
		WeChatReply reply = this.simulator.handle(code2SessionRequest(APP_ID, "wrong", "x"));
		assertThat(reply.status()).isEqualTo(200);
		assertThat(reply.contentType()).isEqualTo("text/plain");
		JsonNode body = this.jsonMapper.readTree(reply.body());
		assertThat(body.get("errcode").intValue()).isEqualTo(40125);
		assertThat(body.get("errmsg").stringValue()).startsWith("invalid appsecret, rid: ");
		assertThat(reply.body()).doesNotContain(SECRET);
		assertThat(this.simulator.handle(stableTokenRequest(SECRET, false)).contentType()).isEqualTo("text/plain");
		assertThat(this.simulator.handle(phoneRequest("x", "{\"code\": \"y\"}")).contentType())
			.isEqualTo("text/plain");
	}

	@Test
	void stableTokenReturnsTheSameTokenUntilItNearsExpiry() {
		JsonNode first = stableToken(SECRET, false);
		assertThat(first.get("expires_in").longValue()).isEqualTo(7200);
		this.clock.advance(Duration.ofMinutes(100));
		JsonNode later = stableToken(SECRET, false);
		assertThat(later.get("access_token").stringValue()).isEqualTo(first.get("access_token").stringValue());
		assertThat(later.get("expires_in").longValue()).isEqualTo(1200);
		this.clock.advance(Duration.ofMinutes(16));
		JsonNode renewed = stableToken(SECRET, false);
		assertThat(renewed.get("access_token").stringValue()).isNotEqualTo(first.get("access_token").stringValue());
		assertThat(renewed.get("expires_in").longValue()).isEqualTo(7200);
	}

	@Test
	void stableTokenWithWrongSecretAnswers40125() {
		assertThat(errcode(stableToken("wrong", false))).isEqualTo(40125);
	}

	@Test
	void stableTokenWithBodyThatIsNotJsonAnswers41002() {
		assertThat(errcode(read(this.simulator
			.handle(WeChatRequest.of("POST", "/cgi-bin/stable_token", null, "appid=" + APP_ID))))).isEqualTo(41002);
	}

	@Test
	void stableTokenWithGetAnswers43002() {
		assertThat(errcode(read(this.simulator.handle(WeChatRequest.of("GET", "/cgi-bin/stable_token", null, null)))))
			.isEqualTo(43002);
	}

	@Test
	void phoneCodeAnswersPhoneInfoWithWatermark() {
		String token = accessToken();
		String code = this.simulator.mintPhoneCode(null, "13800138000", "oAlice");
		JsonNode reply = phoneNumber(token, code, "oAlice");
		assertThat(errcode(reply)).isZero();
		JsonNode info = reply.get("phone_info");
		assertThat(info.get("phoneNumber").stringValue()).isEqualTo("13800138000");
		assertThat(info.get("purePhoneNumber").stringValue()).isEqualTo("13800138000");
		assertThat(info.get("countryCode").stringValue()).isEqualTo("86");
		assertThat(info.get("watermark").get("appid").stringValue()).isEqualTo(APP_ID);
		assertThat(info.get("watermark").get("timestamp").longValue()).isEqualTo(this.clock.instant().getEpochSecond());
	}

	@Test
	void phoneNumberOutsideMainlandChinaCarriesItsCountryCode() {
		String code = this.simulator.mintPhoneCode("+852 61234567");
		JsonNode info = phoneNumber(accessToken(), code, null).get("phone_info");
		assertThat(info.get("phoneNumber").stringValue()).isEqualTo("+852 61234567");
		assertThat(info.get("purePhoneNumber").stringValue()).isEqualTo("61234567");
		assertThat(info.get("countryCode").stringValue()).isEqualTo("852");
	}

	@Test
	void phoneCodeIsSingleUse() {
		String token = accessToken();
		String code = this.simulator.mintPhoneCode("13800138000");
		assertThat(errcode(phoneNumber(token, code, null))).isZero();
		assertThat(errcode(phoneNumber(token, code, null))).isEqualTo(40029);
	}

	@Test
	void phoneCodeMintedForAnotherOpenidAnswers40029() {
		String token = accessToken();
		String code = this.simulator.mintPhoneCode(null, "13800138000", "oAlice");
		assertThat(errcode(phoneNumber(token, code, "oMallory"))).isEqualTo(40029);
		assertThat(errcode(phoneNumber(token, code, "oAlice"))).isZero();
	}

	@Test
	void phoneCodeExpiresAfterFiveMinutes() {
		String token = accessToken();
		String code = this.simulator.mintPhoneCode("13800138000");
		this.clock.advance(Duration.ofMinutes(5));
		assertThat(errcode(phoneNumber(token, code, null))).isEqualTo(40029);
	}

	@Test
	void loginCodeIsNotAPhoneCode() {
		String loginCode = this.simulator.mintLoginCode().code();
		assertThat(errcode(phoneNumber(accessToken(), loginCode, null))).isEqualTo(40029);
	}

	@Test
	void wrongAccessTokenAnswers40001AndLeavesThePhoneCodeUnused() {
		accessToken();
		String code = this.simulator.mintPhoneCode("13800138000");
		assertThat(errcode(phoneNumber("not-a-token", code, null))).isEqualTo(40001);
		assertThat(errcode(phoneNumber(accessToken(), code, null))).isZero();
	}

	@Test
	void expiredAccessTokenAnswers42001() {
		String token = accessToken();
		this.clock.advance(Duration.ofHours(2));
		String code = this.simulator.mintPhoneCode("13800138000");
		assertThat(errcode(phoneNumber(token, code, null))).isEqualTo(42001);
	}

	@Test
	void previousTokenStaysValidUntilItExpiresAfterRenewal() {
		String old = accessToken();
		this.clock.advance(Duration.ofMinutes(116));
		String renewed = accessToken();
		assertThat(renewed).isNotEqualTo(old);
		String code = this.simulator.mintPhoneCode("13800138000");
		assertThat(errcode(phoneNumber(old, code, null))).isZero();
	}

	@Test
	void mintingPhoneCodeWithMalformedNumberIsRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.simulator.mintPhoneCode("call me"));
		assertThatIllegalArgumentException().isThrownBy(() -> this.simulator.mintPhoneCode(""));
	}

	@Test
	void mintingLoginCodeForUnknownAppIsRejected() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.simulator.mintLoginCode("wx9999999999other", null, null));
	}

	@Test
	void severalMiniProgramsEachHaveTheirOwnCodesAndSecrets() {
		WeChatSimulator two = WeChatSimulator.builder().app("wx1111111111111111", "secret-one")
			.app("wx2222222222222222", "secret-two")
			.build();
		assertThatIllegalArgumentException().isThrownBy(() -> two.mintLoginCode("oAlice"));
		String code = two.mintLoginCode("wx1111111111111111", "oAlice", null).code();
		assertThat(errcode(read(two.handle(code2SessionRequest("wx2222222222222222", "secret-two", code)))))
			.isEqualTo(40029);
		assertThat(read(two.handle(code2SessionRequest("wx1111111111111111", "secret-one", code))).get("openid")
			.stringValue()).isEqualTo("oAlice");
		assertThat(two.appIds()).containsExactly("wx1111111111111111", "wx2222222222222222");
	}

	@Test
	void miniProgramsOfTheSupplierComeAndGoWhileTheSimulatorRuns() {
		Map<String, String> table = new ConcurrentHashMap<>();
		WeChatSimulator simulator = WeChatSimulator.builder().apps(() -> Map.copyOf(table)).build();
		assertThatIllegalArgumentException()
			.isThrownBy(() -> simulator.mintLoginCode("wx3333333333333333", "oShopper", null));
		assertThat(errcode(read(simulator.handle(code2SessionRequest("wx3333333333333333", "shop-secret", "x")))))
			.isEqualTo(40013);

		table.put("wx3333333333333333", "shop-secret");
		String code = simulator.mintLoginCode("wx3333333333333333", "oShopper", null).code();
		assertThat(errcode(read(simulator.handle(code2SessionRequest("wx3333333333333333", "wrong", code)))))
			.isEqualTo(40125);
		assertThat(read(simulator.handle(code2SessionRequest("wx3333333333333333", "shop-secret", code)))
			.get("openid")
			.stringValue()).isEqualTo("oShopper");
		assertThat(simulator.appIds()).containsExactly(APP_ID, "wx3333333333333333");
		String defaultAppsCode = simulator.mintLoginCode("oAlice").code();
		assertThat(read(simulator.handle(code2SessionRequest(APP_ID, SECRET, defaultAppsCode))).get("openid")
			.stringValue()).as("a code minted without an AppID is still the default app's").isEqualTo("oAlice");

		table.put("wx3333333333333333", "new-secret");
		String rekeyed = simulator.mintLoginCode("wx3333333333333333", "oShopper", null).code();
		assertThat(errcode(read(simulator.handle(code2SessionRequest("wx3333333333333333", "shop-secret", rekeyed)))))
			.as("the old secret").isEqualTo(40125);
		table.clear();
		assertThat(errcode(read(simulator.handle(code2SessionRequest("wx3333333333333333", "new-secret", rekeyed)))))
			.as("removed").isEqualTo(40013);
		assertThat(simulator.appIds()).containsExactly(APP_ID);
	}

	@Test
	void injectedErrcodeAnswersTheNextCallOnlyAndRedeemsNothing() {
		String code = this.simulator.mintLoginCode("oAlice").code();
		this.simulator.failNext(WeChatApi.CODE2SESSION, WeChatFault.errcode(45011));
		assertThat(errcode(code2Session(APP_ID, SECRET, code))).isEqualTo(45011);
		assertThat(code2Session(APP_ID, SECRET, code).get("openid").stringValue()).isEqualTo("oAlice");
	}

	@Test
	void faultsOfOneApiLeaveTheOthersAlone() {
		this.simulator.failNext(WeChatApi.GET_USER_PHONE_NUMBER, WeChatFault.busy());
		assertThat(errcode(stableToken(SECRET, false))).isZero();
		assertThat(errcode(phoneNumber(accessToken(), this.simulator.mintPhoneCode("13800138000"), null)))
			.isEqualTo(-1);
	}

	@Test
	void repeatedFaultsAnswerThatManyCallsThenNormalRepliesResume() {
		this.simulator.failNext(WeChatApi.STABLE_TOKEN, 3, WeChatFault.busy());
		assertThat(errcode(stableToken(SECRET, false))).isEqualTo(-1);
		assertThat(errcode(stableToken(SECRET, false))).isEqualTo(-1);
		assertThat(errcode(stableToken(SECRET, false))).isEqualTo(-1);
		assertThat(stableToken(SECRET, false).has("access_token")).isTrue();
	}

	@Test
	void htmlPageMalformedBodyAndClosedConnectionFaults() {
		this.simulator.failNext(WeChatApi.CODE2SESSION, WeChatFault.htmlPage());
		this.simulator.failNext(WeChatApi.CODE2SESSION, WeChatFault.malformedBody());
		this.simulator.failNext(WeChatApi.CODE2SESSION, WeChatFault.httpStatus(502));
		this.simulator.failNext(WeChatApi.CODE2SESSION, WeChatFault.closeConnection());
		WeChatReply html = this.simulator.handle(code2SessionRequest(APP_ID, SECRET, "x"));
		assertThat(html.status()).isEqualTo(200);
		assertThat(html.contentType()).isEqualTo("text/html");
		assertThat(html.body()).startsWith("<html>");
		WeChatReply malformed = this.simulator.handle(code2SessionRequest(APP_ID, SECRET, "x"));
		assertThat(malformed.body()).startsWith("{").doesNotEndWith("}");
		assertThat(this.simulator.handle(code2SessionRequest(APP_ID, SECRET, "x")).status()).isEqualTo(502);
		assertThat(this.simulator.handle(code2SessionRequest(APP_ID, SECRET, "x")).isDisconnect()).isTrue();
	}

	@Test
	void delayAnswersNormallyAfterTheDelay() {
		String code = this.simulator.mintLoginCode("oAlice").code();
		this.simulator.failNext(WeChatApi.CODE2SESSION, WeChatFault.delay(Duration.ofMillis(200)));
		long start = System.nanoTime();
		JsonNode session = code2Session(APP_ID, SECRET, code);
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
		assertThat(session.get("openid").stringValue()).isEqualTo("oAlice");
	}

	@Test
	void clearFaultsForgetsFaultsNotYetAnswered() {
		this.simulator.failNext(WeChatApi.STABLE_TOKEN, 5, WeChatFault.busy());
		this.simulator.clearFaults();
		assertThat(stableToken(SECRET, false).has("access_token")).isTrue();
	}

	@Test
	void requestsAreCountedPerApiFaultsAndErrorsIncluded() {
		this.simulator.failNext(WeChatApi.CODE2SESSION, WeChatFault.busy());
		code2Session(APP_ID, SECRET, "x");
		code2Session(APP_ID, "wrong", "x");
		stableToken(SECRET, false);
		assertThat(this.simulator.requestCount(WeChatApi.CODE2SESSION)).isEqualTo(2);
		assertThat(this.simulator.requestCount(WeChatApi.STABLE_TOKEN)).isEqualTo(1);
		assertThat(this.simulator.requestCount(WeChatApi.GET_USER_PHONE_NUMBER)).isZero();
		this.simulator.resetRequestCounts();
		assertThat(this.simulator.requestCount(WeChatApi.CODE2SESSION)).isZero();
	}

	@Test
	void unknownPathAnswers404AndCountsNothing() {
		WeChatReply reply = this.simulator.handle(WeChatRequest.of("GET", "/cgi-bin/token", null, null));
		assertThat(reply.status()).isEqualTo(404);
		assertThat(WeChatApi.values()).allSatisfy((api) -> assertThat(this.simulator.requestCount(api)).isZero());
	}

	@Test
	void requestsAndRepliesNeverPrintTheirSecrets() {
		WeChatRequest request = code2SessionRequest(APP_ID, SECRET, "a-code");
		assertThat(request.toString()).doesNotContain(SECRET, "a-code").contains("/sns/jscode2session");
		WeChatReply reply = this.simulator.handle(code2SessionRequest(APP_ID, SECRET,
				this.simulator.mintLoginCode("oAlice").code()));
		assertThat(reply.toString()).doesNotContain(this.simulator.sessionKey("oAlice"));
		assertThat(this.simulator.toString()).doesNotContain(SECRET);
	}

	private JsonNode code2Session(@Nullable String appId, @Nullable String secret, String code) {
		return read(this.simulator.handle(code2SessionRequest(appId, secret, code)));
	}

	private static WeChatRequest code2SessionRequest(@Nullable String appId, @Nullable String secret, String code) {
		Map<String, String> query = new LinkedHashMap<>();
		if (appId != null) {
			query.put("appid", appId);
		}
		if (secret != null) {
			query.put("secret", secret);
		}
		query.put("js_code", code);
		query.put("grant_type", "authorization_code");
		StringBuilder raw = new StringBuilder();
		query.forEach((name, value) -> raw.append((raw.length() > 0) ? "&" : "")
			.append(name)
			.append('=')
			.append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
		return WeChatRequest.of("GET", "/sns/jscode2session", raw.toString(), null);
	}

	private String accessToken() {
		return stableToken(SECRET, false).get("access_token").stringValue();
	}

	private JsonNode stableToken(String secret, boolean forceRefresh) {
		return read(this.simulator.handle(stableTokenRequest(secret, forceRefresh)));
	}

	private WeChatRequest stableTokenRequest(String secret, boolean forceRefresh) {
		return WeChatRequest.of("POST", "/cgi-bin/stable_token", null, this.jsonMapper.writeValueAsString(
				Map.of("grant_type", "client_credential", "appid", APP_ID, "secret", secret, "force_refresh", forceRefresh)));
	}

	private JsonNode phoneNumber(String accessToken, String code, @Nullable String openid) {
		Map<String, String> body = (openid != null) ? Map.of("code", code, "openid", openid) : Map.of("code", code);
		return read(this.simulator.handle(phoneRequest(accessToken, this.jsonMapper.writeValueAsString(body))));
	}

	private static WeChatRequest phoneRequest(String accessToken, String body) {
		return WeChatRequest.of("POST", "/wxa/business/getuserphonenumber",
				"access_token=" + URLEncoder.encode(accessToken, StandardCharsets.UTF_8), body);
	}

	private JsonNode read(WeChatReply reply) {
		assertThat(reply.status()).isEqualTo(200);
		assertThat(reply.contentType()).isEqualTo("text/plain");
		return this.jsonMapper.readTree(reply.body());
	}

	private static int errcode(JsonNode reply) {
		return reply.path("errcode").asInt(0);
	}

}
