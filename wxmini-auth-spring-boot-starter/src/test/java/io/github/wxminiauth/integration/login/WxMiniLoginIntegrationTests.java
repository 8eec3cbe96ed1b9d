package io.github.wxminiauth.integration.login;

import io.github.wxminiauth.integration.support.TestApplication;
import io.github.wxminiauth.integration.support.TestHttp;
import io.github.wxminiauth.integration.support.WeChatStub;
import io.github.wxminiauth.integration.support.WxMiniIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole flow through the default security filter chain, over real HTTP, with WireMock as
 * WeChat: what an application gets from two properties and a controller.
 */
@WxMiniIntegrationTest(classes = TestApplication.class,
		properties = { "wxmini.app-id=" + WeChatStub.APP_ID, "wxmini.app-secret=" + WeChatStub.APP_SECRET,
				"wxmini.jwt.secret=integration-test-secret-of-32-bytes!", "wxmini.http.busy-retry-backoff=10ms",
				"logging.level.io.github.wxminiauth=DEBUG", "wxmini.security.public-paths=/public/**" })
@ExtendWith(OutputCaptureExtension.class)
class WxMiniLoginIntegrationTests {

	static WeChatStub wechat;

	TestHttp http;

	@BeforeEach
	void setUp() {
		wechat.reset();
	}

	@Test
	void loginAnswersTheContractsTokenResponse() {
		wechat.login("code-1", "openid-1");
		TestHttp.Response login = this.http.postJson("/wx/login", "{\"code\":\"code-1\"}");
		assertThat(login.status()).isEqualTo(200);
		assertThat(login.header("Content-Type")).startsWith("application/json");
		assertThat(login.text("token_type")).isEqualTo("Bearer");
		assertThat(login.json().get("expires_in").asInt()).isEqualTo(7200);
		assertThat(login.json().get("refresh_expires_in").asInt()).isEqualTo(2592000);
		assertThat(login.text("openid")).isEqualTo("openid-1");
		assertThat(login.json().has("unionid")).isFalse();
		assertThat(login.json().get("new_user").asBoolean()).isTrue();
		assertThat(login.json().get("phone_bound").asBoolean()).isFalse();
		assertThat(login.body()).doesNotContain("session_key").doesNotContain("c2Vzc2lvbi1rZXk");

		TestHttp.Response again = this.http.postJson("/wx/login", "{\"code\":\"code-1\"}");
		assertThat(again.json().get("new_user").asBoolean()).as("second login of the same openid").isFalse();
	}

	@Test
	void loginAcceptsAFormField() {
		wechat.login("form-code", "openid-form");
		TestHttp.Response login = this.http.postForm("/wx/login", "code=form-code");
		assertThat(login.status()).isEqualTo(200);
		assertThat(login.text("openid")).isEqualTo("openid-form");
	}

	@Test
	void bearerTokenAuthenticatesAndPreAuthorizeDecides() {
		wechat.login("code-2", "openid-2");
		String token = this.http.postJson("/wx/login", "{\"code\":\"code-2\"}").text("access_token");

		TestHttp.Response me = this.http.get("/api/me", token);
		assertThat(me.status()).isEqualTo(200);
		assertThat(me.text("openid")).isEqualTo("openid-2");
		assertThat(me.text("appid")).isEqualTo(WeChatStub.APP_ID);

		TestHttp.Response vip = this.http.get("/api/vip", token);
		assertThat(vip.status()).isEqualTo(403);
		assertThat(vip.header("Content-Type")).startsWith("application/problem+json");
		assertThat(vip.text("error")).isEqualTo("access_denied");
	}

	@Test
	void requestWithoutTokenGets401WithABareBearerChallenge() {
		TestHttp.Response me = this.http.get("/api/me", null);
		assertThat(me.status()).isEqualTo(401);
		assertThat(me.header("WWW-Authenticate")).isEqualTo("Bearer");
		assertThat(me.text("error")).isEqualTo("unauthorized");
		assertThat(me.json().get("status").asInt()).isEqualTo(401);
		assertThat(me.json().has("type")).isTrue();
		assertThat(me.json().has("title")).isTrue();
		assertThat(me.json().has("detail")).isTrue();
	}

	@Test
	void publicPathsOfTheDefaultChainNeedNoToken() {
		TestHttp.Response hello = this.http.get("/public/hello", null);
		assertThat(hello.status()).isEqualTo(200);
		assertThat(hello.text("hello")).isEqualTo("world");
	}

	@Test
	void badTokenGets401InvalidToken() {
		TestHttp.Response me = this.http.get("/api/me", "not.a.jwt");
		assertThat(me.status()).isEqualTo(401);
		assertThat(me.header("WWW-Authenticate")).isEqualTo("Bearer error=\"invalid_token\"");
		assertThat(me.text("error")).isEqualTo("invalid_token");
	}

	@Test
	void refreshRotatesAndReuseRevokesTheChain() {
		wechat.login("code-3", "openid-3");
		TestHttp.Response login = this.http.postJson("/wx/login", "{\"code\":\"code-3\"}");
		String first = login.text("refresh_token");

		TestHttp.Response refreshed = this.http.postJson("/wx/token/refresh", "{\"refresh_token\":\"" + first + "\"}");
		assertThat(refreshed.status()).isEqualTo(200);
		String second = refreshed.text("refresh_token");
		assertThat(second).isNotEqualTo(first);
		assertThat(this.http.get("/api/me", refreshed.text("access_token")).status()).isEqualTo(200);

		TestHttp.Response reused = this.http.postJson("/wx/token/refresh", "{\"refresh_token\":\"" + first + "\"}");
		assertThat(reused.status()).isEqualTo(401);
		assertThat(reused.text("error")).isEqualTo("invalid_grant");
		TestHttp.Response descendant = this.http.postJson("/wx/token/refresh",
				"{\"refresh_token\":\"" + second + "\"}");
		assertThat(descendant.status()).as("the chain is revoked").isEqualTo(401);
		assertThat(this.http.get("/api/me", refreshed.text("access_token")).status()).isEqualTo(401);
	}

	@Test
	void logoutRejectsTheAccessTokenAndTheRefreshToken() {
		wechat.login("code-4", "openid-4");
		TestHttp.Response login = this.http.postJson("/wx/login", "{\"code\":\"code-4\"}");
		String token = login.text("access_token");

		assertThat(this.http.postJson("/wx/logout", "", token).status()).isEqualTo(204);
		TestHttp.Response me = this.http.get("/api/me", token);
		assertThat(me.status()).isEqualTo(401);
		assertThat(me.text("error")).isEqualTo("invalid_token");
		TestHttp.Response refresh = this.http.postJson("/wx/token/refresh",
				"{\"refresh_token\":\"" + login.text("refresh_token") + "\"}");
		assertThat(refresh.text("error")).isEqualTo("invalid_grant");
	}

	@Test
	void logoutWithoutTokenIsUnauthorized() {
		TestHttp.Response logout = this.http.postJson("/wx/logout", "", null);
		assertThat(logout.status()).isEqualTo(401);
		assertThat(logout.header("WWW-Authenticate")).isEqualTo("Bearer");
	}

	@Test
	void bindingAPhoneGrantsPhoneVerifiedInTheNewToken() {
		wechat.login("code-5", "openid-5");
		wechat.stableToken();
		wechat.phone("phone-code-5", "13800138005");
		String token = this.http.postJson("/wx/login", "{\"code\":\"code-5\"}").text("access_token");

		TestHttp.Response phone = this.http.postJson("/wx/phone", "{\"code\":\"phone-code-5\"}", token);
		assertThat(phone.status()).isEqualTo(200);
		assertThat(phone.text("pure_phone_number")).isEqualTo("13800138005");
		assertThat(phone.text("country_code")).isEqualTo("86");
		assertThat(phone.text("token_type")).isEqualTo("Bearer");
		assertThat(phone.body()).doesNotContain(WeChatStub.ACCESS_TOKEN);
		assertThat(this.http.get("/api/vip", phone.text("access_token")).status()).isEqualTo(200);
		assertThat(this.http.get("/api/vip", token).status()).as("the old token keeps its old authorities")
			.isEqualTo(403);
	}

	@ParameterizedTest(name = "errcode {0} -> {1} {2}")
	@CsvSource({ "40029, 401, invalid_code", "40163, 401, invalid_code", "40226, 403, user_blocked",
			"45011, 429, rate_limited", "40013, 500, server_misconfigured", "40125, 500, server_misconfigured",
			"40164, 500, server_misconfigured", "-1, 503, wechat_unavailable" })
	void weChatErrorsAnswerTheContractsProblem(int errcode, int status, String error, CapturedOutput output) {
		wechat.code2Session("bad-code", "{\"errcode\":" + errcode + ",\"errmsg\":\"simulated\"}");
		TestHttp.Response login = this.http.postJson("/wx/login", "{\"code\":\"bad-code\"}");
		assertThat(login.status()).isEqualTo(status);
		assertThat(login.header("Content-Type")).startsWith("application/problem+json");
		assertThat(login.text("error")).isEqualTo(error);
		assertThat(login.json().get("wx_errcode").asInt()).isEqualTo(errcode);
		if (status == 429 || status == 503) {
			assertThat(login.header("Retry-After")).isNotBlank();
		}
		assertThat(login.body()).doesNotContain(WeChatStub.APP_SECRET);
		assertThat(output).doesNotContain(WeChatStub.APP_SECRET);
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', value = { "empty body|", "not JSON|code=abc", "array|[\"abc\"]",
			"code is a number|{\"code\":123}", "code missing|{}", "code blank|{\"code\":\"  \"}",
			"duplicated key|{\"code\":\"a\",\"code\":\"b\"}", "control character|{\"code\":\"ab\\u0007c\"}",
			"unknown app|{\"code\":\"abc\",\"app_id\":\"wxunknown\"}" })
	void badLoginRequestsAnswer400InvalidRequest(String name, String body) {
		TestHttp.Response login = this.http.postJson("/wx/login", (body != null) ? body : "");
		assertThat(login.status()).isEqualTo(400);
		assertThat(login.text("error")).isEqualTo("invalid_request");
		assertThat(wechat.server.getAllServeEvents()).as("WeChat is not called").isEmpty();
	}

	@Test
	void codeLongerThan128CharactersIsRejected() {
		TestHttp.Response login = this.http.postJson("/wx/login", "{\"code\":\"" + "a".repeat(129) + "\"}");
		assertThat(login.status()).isEqualTo(400);
		assertThat(login.text("error")).isEqualTo("invalid_request");
	}

}
