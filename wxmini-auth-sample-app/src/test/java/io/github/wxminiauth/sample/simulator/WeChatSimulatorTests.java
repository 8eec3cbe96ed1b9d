package io.github.wxminiauth.sample.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.github.wxminiauth.sample.MutableClock;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the WeChat simulator, driven through {@link WeChatSimulatorController} with a fake
 * clock: it must answer like WeChat, or the sample would teach the wrong lessons.
 *
 * @author wxmini-auth
 */
class WeChatSimulatorTests {

	private static final String APP_ID = "wx0000000000sample";

	private static final String SECRET = "FAKE0sample0secret0not0for0prod0";

	private final MutableClock clock = new MutableClock(Instant.parse("2025-06-01T08:00:00Z"));

	private final JsonMapper jsonMapper = JsonMapper.builder().build();

	private final WeChatSimulatorController controller = new WeChatSimulatorController(
			new WeChatSimulator(Map.of(APP_ID, SECRET), this.clock), this.jsonMapper);

	@Test
	void loginCodeForGivenOpenidAnswersSessionWithThatOpenid() {
		JsonNode minted = mintLoginCode("{\"openid\": \"oAlice\"}");
		assertThat(minted.get("openid").stringValue()).isEqualTo("oAlice");
		JsonNode session = code2Session(APP_ID, SECRET, minted.get("code").stringValue());
		assertThat(session.get("openid").stringValue()).isEqualTo("oAlice");
		assertThat(session.get("session_key").stringValue()).isNotBlank();
		assertThat(session.has("errcode")).isFalse();
		assertThat(session.has("unionid")).isFalse();
	}

	@Test
	void loginCodeWithoutOpenidMakesUpAnOpenidLikeWeChats() {
		JsonNode first = mintLoginCode(null);
		JsonNode second = mintLoginCode("");
		assertThat(first.get("openid").stringValue()).matches("o[A-Za-z0-9_-]{27}");
		assertThat(second.get("openid").stringValue()).isNotEqualTo(first.get("openid").stringValue());
		assertThat(first.get("code").stringValue()).isNotEqualTo(second.get("code").stringValue());
	}

	@Test
	void loginCodeWithUnionidAnswersSessionWithUnionid() {
		String code = mintLoginCode("{\"openid\": \"oBob\", \"unionid\": \"uBob\"}").get("code").stringValue();
		assertThat(code2Session(APP_ID, SECRET, code).get("unionid").stringValue()).isEqualTo("uBob");
	}

	@Test
	void loginCodeIsSingleUseAndAnswers40163TheSecondTime() {
		String code = mintLoginCode("{}").get("code").stringValue();
		assertThat(code2Session(APP_ID, SECRET, code).has("openid")).isTrue();
		assertThat(errcode(code2Session(APP_ID, SECRET, code))).isEqualTo(40163);
	}

	@Test
	void loginCodeExpiresAfterFiveMinutesWith40029() {
		String code = mintLoginCode("{}").get("code").stringValue();
		this.clock.advance(Duration.ofMinutes(5));
		assertThat(errcode(code2Session(APP_ID, SECRET, code))).isEqualTo(40029);
	}

	@Test
	void loginCodeIsStillValidJustBeforeFiveMinutes() {
		String code = mintLoginCode("{}").get("code").stringValue();
		this.clock.advance(Duration.ofMinutes(5).minusSeconds(1));
		assertThat(code2Session(APP_ID, SECRET, code).has("openid")).isTrue();
	}

	@Test
	void unknownLoginCodeAnswers40029() {
		assertThat(errcode(code2Session(APP_ID, SECRET, "never-minted"))).isEqualTo(40029);
	}

	@Test
	void wrongSecretAnswers40125AndLeavesTheCodeUnused() {
		String code = mintLoginCode("{}").get("code").stringValue();
		assertThat(errcode(code2Session(APP_ID, "not-the-secret", code))).isEqualTo(40125);
		assertThat(code2Session(APP_ID, SECRET, code).has("openid")).isTrue();
	}

	@Test
	void wrongAppidAnswers40013() {
		String code = mintLoginCode("{}").get("code").stringValue();
		assertThat(errcode(code2Session("wx9999999999other", SECRET, code))).isEqualTo(40013);
	}

	@Test
	void missingCredentialsAnswer41002And41004() {
		assertThat(errcode(code2Session(null, SECRET, "x"))).isEqualTo(41002);
		assertThat(errcode(code2Session(APP_ID, null, "x"))).isEqualTo(41004);
	}

	@Test
	void repliesAreJsonSentAsTextPlainWithStatus200EvenForErrors() {
		ResponseEntity<String> reply = this.controller.code2Session(APP_ID, "wrong", "x", "authorization_code");
		assertThat(reply.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(reply.getHeaders().getContentType()).isEqualTo(MediaType.TEXT_PLAIN);
		JsonNode body = this.jsonMapper.readTree(reply.getBody());
		assertThat(body.get("errcode").intValue()).isEqualTo(40125);
		assertThat(body.get("errmsg").stringValue()).startsWith("invalid appsecret, rid: ");
		assertThat(reply.getBody()).doesNotContain(SECRET);
		ResponseEntity<String> token = this.controller.stableToken(stableTokenRequest(SECRET, false));
		assertThat(token.getHeaders().getContentType()).isEqualTo(MediaType.TEXT_PLAIN);
		ResponseEntity<String> phone = this.controller.phoneNumber("x", "{\"code\": \"y\"}");
		assertThat(phone.getHeaders().getContentType()).isEqualTo(MediaType.TEXT_PLAIN);
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
		assertThat(errcode(readJson(this.controller.stableToken("appid=" + APP_ID)))).isEqualTo(41002);
	}

	@Test
	void phoneCodeAnswersPhoneInfoWithWatermark() {
		String token = accessToken();
		String code = mintPhoneCode("{\"phone_number\": \"13800138000\", \"openid\": \"oAlice\"}");
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
		String code = mintPhoneCode("{\"phone_number\": \"+852 61234567\"}");
		JsonNode info = phoneNumber(accessToken(), code, null).get("phone_info");
		assertThat(info.get("phoneNumber").stringValue()).isEqualTo("+852 61234567");
		assertThat(info.get("purePhoneNumber").stringValue()).isEqualTo("61234567");
		assertThat(info.get("countryCode").stringValue()).isEqualTo("852");
	}

	@Test
	void phoneCodeIsSingleUse() {
		String token = accessToken();
		String code = mintPhoneCode("{\"phone_number\": \"13800138000\"}");
		assertThat(errcode(phoneNumber(token, code, null))).isZero();
		assertThat(errcode(phoneNumber(token, code, null))).isEqualTo(40029);
	}

	@Test
	void phoneCodeMintedForAnotherOpenidAnswers40029() {
		String token = accessToken();
		String code = mintPhoneCode("{\"phone_number\": \"13800138000\", \"openid\": \"oAlice\"}");
		assertThat(errcode(phoneNumber(token, code, "oMallory"))).isEqualTo(40029);
		assertThat(errcode(phoneNumber(token, code, "oAlice"))).isZero();
	}

	@Test
	void phoneCodeExpiresAfterFiveMinutes() {
		String token = accessToken();
		String code = mintPhoneCode("{\"phone_number\": \"13800138000\"}");
		this.clock.advance(Duration.ofMinutes(5));
		assertThat(errcode(phoneNumber(token, code, null))).isEqualTo(40029);
	}

	@Test
	void loginCodeIsNotAPhoneCode() {
		String loginCode = mintLoginCode("{}").get("code").stringValue();
		assertThat(errcode(phoneNumber(accessToken(), loginCode, null))).isEqualTo(40029);
	}

	@Test
	void wrongAccessTokenAnswers40001AndLeavesThePhoneCodeUnused() {
		accessToken();
		String code = mintPhoneCode("{\"phone_number\": \"13800138000\"}");
		assertThat(errcode(phoneNumber("not-a-token", code, null))).isEqualTo(40001);
		assertThat(errcode(phoneNumber(accessToken(), code, null))).isZero();
	}

	@Test
	void expiredAccessTokenAnswers42001() {
		String token = accessToken();
		this.clock.advance(Duration.ofHours(2));
		String code = mintPhoneCode("{\"phone_number\": \"13800138000\"}");
		assertThat(errcode(phoneNumber(token, code, null))).isEqualTo(42001);
	}

	@Test
	void previousTokenStaysValidUntilItExpiresAfterRenewal() {
		String old = accessToken();
		this.clock.advance(Duration.ofMinutes(116));
		String renewed = accessToken();
		assertThat(renewed).isNotEqualTo(old);
		String code = mintPhoneCode("{\"phone_number\": \"13800138000\"}");
		assertThat(errcode(phoneNumber(old, code, null))).isZero();
	}

	@Test
	void mintingPhoneCodeWithMalformedNumberIsRejected() {
		ResponseEntity<?> reply = this.controller.mintPhoneCode("{\"phone_number\": \"call me\"}");
		assertThat(reply.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(reply.getBody()).isInstanceOf(ProblemDetail.class);
		assertThat(this.controller.mintPhoneCode("{}").getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(this.controller.mintPhoneCode(null).getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
	}

	@Test
	void mintingLoginCodeForUnknownAppIsRejected() {
		ResponseEntity<?> reply = this.controller.mintLoginCode("{\"app_id\": \"wx9999999999other\"}");
		assertThat(reply.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
	}

	private JsonNode mintLoginCode(String body) {
		ResponseEntity<?> reply = this.controller.mintLoginCode(body);
		assertThat(reply.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(reply.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_JSON);
		return this.jsonMapper.valueToTree(reply.getBody());
	}

	private String mintPhoneCode(String body) {
		ResponseEntity<?> reply = this.controller.mintPhoneCode(body);
		assertThat(reply.getStatusCode()).isEqualTo(HttpStatus.OK);
		JsonNode minted = this.jsonMapper.valueToTree(reply.getBody());
		return minted.get("code").stringValue();
	}

	private JsonNode code2Session(String appId, String secret, String code) {
		return readJson(this.controller.code2Session(appId, secret, code, "authorization_code"));
	}

	private String accessToken() {
		return stableToken(SECRET, false).get("access_token").stringValue();
	}

	private JsonNode stableToken(String secret, boolean forceRefresh) {
		return readJson(this.controller.stableToken(stableTokenRequest(secret, forceRefresh)));
	}

	private String stableTokenRequest(String secret, boolean forceRefresh) {
		return this.jsonMapper.writeValueAsString(Map.of("grant_type", "client_credential", "appid", APP_ID,
				"secret", secret, "force_refresh", forceRefresh));
	}

	private JsonNode phoneNumber(String accessToken, String code, String openid) {
		Map<String, String> body = (openid != null) ? Map.of("code", code, "openid", openid) : Map.of("code", code);
		return readJson(this.controller.phoneNumber(accessToken, this.jsonMapper.writeValueAsString(body)));
	}

	private JsonNode readJson(ResponseEntity<String> reply) {
		assertThat(reply.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(reply.getHeaders().getContentType()).isEqualTo(MediaType.TEXT_PLAIN);
		return this.jsonMapper.readTree(reply.getBody());
	}

	private static int errcode(JsonNode reply) {
		return reply.path("errcode").asInt(0);
	}


}
