package io.github.wxminiauth.integration.login;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

import io.github.wxminiauth.event.WxLoginEvent;
import io.github.wxminiauth.integration.support.HardeningTestApplication;
import io.github.wxminiauth.integration.support.HardeningTestApplication.RecordingRefreshTokenStore;
import io.github.wxminiauth.integration.support.HardeningTestApplication.RecordingSessionKeyStore;
import io.github.wxminiauth.integration.support.HardeningTestApplication.RecordingUserDetailsService;
import io.github.wxminiauth.integration.support.TestHttp;
import io.github.wxminiauth.integration.support.WeChatStub;
import io.github.wxminiauth.integration.support.WxMiniIntegrationTest;
import io.github.wxminiauth.session.WxSessionService;
import io.github.wxminiauth.user.WxIdentity;
import io.github.wxminiauth.user.WxUserDetails;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.event.EventListener;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * One-tap phone login ({@code phone_code} beside {@code code} on {@code /wx/login}) over real
 * HTTP, with WireMock as WeChat and stores that tell whether anything was written.
 */
@WxMiniIntegrationTest(classes = { HardeningTestApplication.class, OneTapPhoneLoginIntegrationTests.Events.class },
		properties = { "wxmini.app-id=" + WeChatStub.APP_ID, "wxmini.app-secret=" + WeChatStub.APP_SECRET,
				"wxmini.jwt.secret=integration-test-secret-of-32-bytes!", "wxmini.rate-limit.enabled=false",
				"wxmini.http.busy-retry-backoff=5ms" })
class OneTapPhoneLoginIntegrationTests {

	static WeChatStub wechat;

	@Autowired
	RecordingUserDetailsService users;

	@Autowired
	RecordingRefreshTokenStore refreshTokens;

	@Autowired
	RecordingSessionKeyStore sessionKeys;

	@Autowired
	WxSessionService sessions;

	@Autowired
	Events events;

	TestHttp http;

	@BeforeEach
	void setUp() {
		wechat.reset();
		wechat.stableToken();
	}

	@Test
	void oneTapLoginOfANewUserRegistersThemWithTheNumberAndAnswersBothBodies() {
		String openid = newOpenid();
		wechat.login("code-new", openid);
		wechat.phone("phone-new", "13800138001", openid);

		TestHttp.Response login = this.http.postJson("/wx/login",
				"{\"code\":\"code-new\",\"phone_code\":\"phone-new\",\"device\":\"iPhone 15\"}");

		assertThat(login.status()).as(login.body()).isEqualTo(200);
		assertThat(login.text("token_type")).isEqualTo("Bearer");
		assertThat(login.json().get("expires_in").asInt()).isEqualTo(7200);
		assertThat(login.text("refresh_token")).isNotBlank();
		assertThat(login.text("openid")).isEqualTo(openid);
		assertThat(login.json().get("new_user").asBoolean()).isTrue();
		assertThat(login.json().get("phone_bound").asBoolean()).isTrue();
		assertThat(login.text("phone_number")).isEqualTo("13800138001");
		assertThat(login.text("pure_phone_number")).isEqualTo("13800138001");
		assertThat(login.text("country_code")).isEqualTo("86");
		assertThat(login.body()).doesNotContain("session_key").doesNotContain(WeChatStub.ACCESS_TOKEN);
		assertThat(authorities(login.text("access_token"))).contains("PHONE_VERIFIED", "ROLE_USER");
		assertThat(this.users.loadUser(WeChatStub.APP_ID, openid).phoneNumber()).isEqualTo("13800138001");
		assertThat(this.sessionKeys.find(WeChatStub.APP_ID, openid)).isNotNull();
		assertThat(this.sessions.sessions(WeChatStub.APP_ID, openid)).singleElement()
			.satisfies((session) -> assertThat(session.device()).isEqualTo("iPhone 15"));
		assertThat(this.http.get("/api/me", login.text("access_token")).status()).isEqualTo(200);
		// WeChat was told whose code it is, so it checked that both codes belong to one user.
		wechat.server.verify(1, postRequestedFor(urlPathEqualTo("/wxa/business/getuserphonenumber"))
			.withRequestBody(matchingJsonPath("$.openid", equalTo(openid))));
		assertThat(this.events.logins).filteredOn((event) -> event.session().openid().equals(openid))
			.singleElement()
			.satisfies((event) -> assertThat(event.newUser()).isTrue());
	}

	@Test
	void oneTapLoginOfAKnownUserBindsTheNumberAndTheRefreshedTokenKeepsTheAuthority() {
		String openid = newOpenid();
		wechat.login("code-plain", openid);
		TestHttp.Response plain = this.http.postJson("/wx/login", "{\"code\":\"code-plain\"}");
		assertThat(plain.json().get("phone_bound").asBoolean()).isFalse();
		assertThat(authorities(plain.text("access_token"))).doesNotContain("PHONE_VERIFIED");

		wechat.login("code-known", openid);
		wechat.phone("phone-known", "13800138002", openid);
		TestHttp.Response login = this.http.postJson("/wx/login",
				"{\"code\":\"code-known\",\"phone_code\":\"phone-known\"}");

		assertThat(login.status()).as(login.body()).isEqualTo(200);
		assertThat(login.json().get("new_user").asBoolean()).isFalse();
		assertThat(login.json().get("phone_bound").asBoolean()).isTrue();
		assertThat(login.text("pure_phone_number")).isEqualTo("13800138002");
		assertThat(authorities(login.text("access_token"))).contains("PHONE_VERIFIED");
		TestHttp.Response refreshed = this.http.postJson("/wx/token/refresh",
				"{\"refresh_token\":\"" + login.text("refresh_token") + "\"}");
		assertThat(authorities(refreshed.text("access_token"))).contains("PHONE_VERIFIED");
		assertThat(this.sessions.sessions(WeChatStub.APP_ID, openid)).hasSize(2);
	}

	@Test
	void formEncodedOneTapLoginWorksLikeJson() {
		String openid = newOpenid();
		wechat.login("form-code", openid);
		wechat.phone("form-phone", "13800138003", openid);

		TestHttp.Response login = this.http.postForm("/wx/login", "code=form-code&phone_code=form-phone");

		assertThat(login.status()).as(login.body()).isEqualTo(200);
		assertThat(login.json().get("phone_bound").asBoolean()).isTrue();
		assertThat(login.text("pure_phone_number")).isEqualTo("13800138003");
		assertThat(authorities(login.text("access_token"))).contains("PHONE_VERIFIED");
	}

	@Test
	void aBadPhoneCodeAnswers401InvalidCodeAndWritesNothing() {
		String openid = newOpenid();
		wechat.login("code-bad-phone", openid);
		wechat.phoneReply("{\"errcode\":40029,\"errmsg\":\"invalid code\"}");
		int userWrites = this.users.writes();
		int tokenWrites = this.refreshTokens.writes();
		int keyWrites = this.sessionKeys.writes();

		TestHttp.Response login = this.http.postJson("/wx/login",
				"{\"code\":\"code-bad-phone\",\"phone_code\":\"not-a-phone-code\"}");

		assertThat(login.status()).isEqualTo(401);
		assertThat(login.header("Content-Type")).startsWith("application/problem+json");
		assertThat(login.text("error")).isEqualTo("invalid_code");
		assertThat(login.json().get("wx_errcode").asInt()).isEqualTo(40029);
		assertThat(login.body()).doesNotContain("access_token").doesNotContain("refresh_token");
		assertNothingWritten(openid, userWrites, tokenWrites, keyWrites);
	}

	@Test
	void aPhoneCodeOfAnotherUserIsRefusedByWeChatsCrossCheckAndWritesNothing() {
		String openid = newOpenid();
		wechat.login("code-mine", openid);
		wechat.phone("phone-of-someone-else", "13800138004", "openid-someone-else");
		int userWrites = this.users.writes();
		int tokenWrites = this.refreshTokens.writes();
		int keyWrites = this.sessionKeys.writes();

		TestHttp.Response login = this.http.postJson("/wx/login",
				"{\"code\":\"code-mine\",\"phone_code\":\"phone-of-someone-else\"}");

		assertThat(login.status()).isEqualTo(401);
		assertThat(login.text("error")).isEqualTo("invalid_code");
		assertNothingWritten(openid, userWrites, tokenWrites, keyWrites);
	}

	@ParameterizedTest(name = "errcode {0} -> {1} {2}")
	@CsvSource({ "40163, 401, invalid_code", "45011, 429, rate_limited", "40013, 500, server_misconfigured",
			"-1, 503, wechat_unavailable" })
	void otherPhoneStepErrorsAnswerTheirProblemAndWriteNothing(int errcode, int status, String error) {
		String openid = newOpenid();
		String code = "code-" + UUID.randomUUID();
		wechat.login(code, openid);
		wechat.phoneReply("{\"errcode\":" + errcode + ",\"errmsg\":\"simulated\"}");
		int userWrites = this.users.writes();
		int tokenWrites = this.refreshTokens.writes();
		int keyWrites = this.sessionKeys.writes();

		TestHttp.Response login = this.http.postJson("/wx/login",
				"{\"code\":\"" + code + "\",\"phone_code\":\"phone-code\"}");

		assertThat(login.status()).isEqualTo(status);
		assertThat(login.text("error")).isEqualTo(error);
		assertThat(login.json().get("wx_errcode").asInt()).isEqualTo(errcode);
		assertThat(login.body()).doesNotContain(WeChatStub.APP_SECRET).doesNotContain(WeChatStub.ACCESS_TOKEN);
		assertNothingWritten(openid, userWrites, tokenWrites, keyWrites);
	}

	@Test
	void aBadLoginCodeNeverReachesThePhoneStep() {
		wechat.code2Session("code-used", "{\"errcode\":40163,\"errmsg\":\"code been used\"}");

		TestHttp.Response login = this.http.postJson("/wx/login",
				"{\"code\":\"code-used\",\"phone_code\":\"phone-code\"}");

		assertThat(login.status()).isEqualTo(401);
		assertThat(login.json().get("wx_errcode").asInt()).isEqualTo(40163);
		assertThat(wechat.phoneCalls()).isZero();
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', value = { "blank|{\"code\":\"c\",\"phone_code\":\"  \"}",
			"empty|{\"code\":\"c\",\"phone_code\":\"\"}", "a number|{\"code\":\"c\",\"phone_code\":42}",
			"an object|{\"code\":\"c\",\"phone_code\":{}}",
			"control character|{\"code\":\"c\",\"phone_code\":\"ab\\u0000c\"}",
			"line separator|{\"code\":\"c\",\"phone_code\":\"ab\\u2028c\"}",
			"duplicated|{\"code\":\"c\",\"phone_code\":\"a\",\"phone_code\":\"b\"}",
			"without a login code|{\"phone_code\":\"abc\"}" })
	void badPhoneCodesAnswer400InvalidRequestWithoutCallingWeChat(String name, String body) {
		TestHttp.Response login = this.http.postJson("/wx/login", body);
		assertThat(login.status()).isEqualTo(400);
		assertThat(login.text("error")).isEqualTo("invalid_request");
		assertThat(wechat.calls()).as("WeChat is not called").isZero();
	}

	@Test
	void aPhoneCodeLongerThan128CharactersIsRejectedInJsonAndInAForm() {
		String longCode = "p".repeat(129);
		TestHttp.Response json = this.http.postJson("/wx/login",
				"{\"code\":\"c\",\"phone_code\":\"" + longCode + "\"}");
		TestHttp.Response form = this.http.postForm("/wx/login", "code=c&phone_code=" + longCode);
		TestHttp.Response blankForm = this.http.postForm("/wx/login", "code=c&phone_code=");
		for (TestHttp.Response login : List.of(json, form, blankForm)) {
			assertThat(login.status()).isEqualTo(400);
			assertThat(login.text("error")).isEqualTo("invalid_request");
		}
		assertThat(wechat.calls()).as("WeChat is not called").isZero();
		wechat.login("c", newOpenid());
		wechat.phoneReply("{\"errcode\":40029,\"errmsg\":\"invalid code\"}");
		assertThat(this.http.postJson("/wx/login", "{\"code\":\"c\",\"phone_code\":\"" + "p".repeat(128) + "\"}")
			.status()).as("128 characters are allowed, WeChat then refuses the unknown code").isEqualTo(401);
	}

	@Test
	void aDisabledUserGets403AccountDisabledAndTheirPhoneCodeIsNotSpent() {
		String openid = newOpenid();
		this.users.loadOrRegister(new WxIdentity(WeChatStub.APP_ID, openid, null));
		this.sessions.disable(WeChatStub.APP_ID, openid, WxUserDetails.DISABLED_INDEFINITELY);
		wechat.login("code-disabled", openid);
		wechat.phone("phone-disabled", "13800138005", openid);
		int tokenWrites = this.refreshTokens.writes();
		int keyWrites = this.sessionKeys.writes();

		TestHttp.Response login = this.http.postJson("/wx/login",
				"{\"code\":\"code-disabled\",\"phone_code\":\"phone-disabled\"}");

		assertThat(login.status()).isEqualTo(403);
		assertThat(login.text("error")).isEqualTo("account_disabled");
		assertThat(login.body()).doesNotContain("access_token");
		assertThat(wechat.phoneCalls()).isZero();
		assertThat(this.users.loadUser(WeChatStub.APP_ID, openid).phoneNumber()).isNull();
		assertThat(this.refreshTokens.writes()).isEqualTo(tokenWrites);
		assertThat(this.sessionKeys.writes()).isEqualTo(keyWrites);
	}

	private void assertNothingWritten(String openid, int userWrites, int tokenWrites, int keyWrites) {
		assertThat(this.users.loadUser(WeChatStub.APP_ID, openid)).as("no user").isNull();
		assertThat(this.users.writes()).as("writes to the user store").isEqualTo(userWrites);
		assertThat(this.sessions.sessions(WeChatStub.APP_ID, openid)).as("no session").isEmpty();
		assertThat(this.refreshTokens.writes()).as("writes to the refresh-token store").isEqualTo(tokenWrites);
		assertThat(this.sessionKeys.find(WeChatStub.APP_ID, openid)).as("no session key").isNull();
		assertThat(this.sessionKeys.writes()).as("writes to the session-key store").isEqualTo(keyWrites);
		assertThat(this.events.logins).noneMatch((event) -> event.session().openid().equals(openid));
	}

	private static String newOpenid() {
		return "openid-" + UUID.randomUUID();
	}

	static List<String> authorities(String accessToken) {
		assertThat(accessToken).isNotBlank();
		String payload = new String(Base64.getUrlDecoder().decode(accessToken.split("\\.")[1]), StandardCharsets.UTF_8);
		JsonNode claims = JsonMapper.shared().readTree(payload);
		List<String> authorities = new ArrayList<>();
		claims.get("authorities").forEach((authority) -> authorities.add(authority.asString()));
		return authorities;
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Events {

		final List<WxLoginEvent> logins = Collections.synchronizedList(new ArrayList<>());

		@EventListener
		void onLogin(WxLoginEvent event) {
			this.logins.add(event);
		}

	}

}
