package io.github.wxminiauth.integration.chain;

import java.util.LinkedHashMap;
import java.util.Map;

import io.github.wxminiauth.integration.support.TestHttp;
import io.github.wxminiauth.integration.support.WeChatStub;
import io.github.wxminiauth.integration.support.WxMiniIntegrationTest;
import io.github.wxminiauth.security.web.WxErrorResponseWriter;
import io.github.wxminiauth.user.WxPrincipal;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application whose clients expect {@code {code, msg, data}} plugs one
 * {@link WxErrorResponseWriter} bean: every error of the starter takes that shape, and the status,
 * {@code WWW-Authenticate} and {@code Retry-After} stay.
 */
@WxMiniIntegrationTest(properties = { "wxmini.app-id=" + WeChatStub.APP_ID, "wxmini.app-secret=" + WeChatStub.APP_SECRET,
				"wxmini.jwt.secret=integration-test-secret-of-32-bytes!",
				"wxmini.rate-limit.login.per-ip=3", "wxmini.rate-limit.login.period=1h" })
// The rate-limit scenario uses up the address's login allowance: it runs last.
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WxErrorResponseWriterIntegrationTests {

	static WeChatStub wechat;

	TestHttp http;

	@Test
	void aRequestWithoutCredentialsGetsTheApplicationsShapeAndTheBearerChallenge() {
		TestHttp.Response response = this.http.get("/api/me", null);
		assertThat(response.status()).isEqualTo(401);
		assertThat(response.header("WWW-Authenticate")).isEqualTo("Bearer");
		assertThat(response.header("Content-Type")).startsWith("application/json");
		assertThat(response.text("code")).isEqualTo("unauthorized");
		assertThat(response.text("msg")).isNotBlank();
		assertThat(response.json().has("data")).isTrue();
		assertThat(response.json().has("type")).isFalse();
	}

	@Test
	void aBadTokenAFailedLoginABadRefreshAndADenialGetTheApplicationsShape() {
		TestHttp.Response badToken = this.http.get("/api/me", "not-a-token");
		assertThat(badToken.status()).isEqualTo(401);
		assertThat(badToken.header("WWW-Authenticate")).isEqualTo("Bearer error=\"invalid_token\"");
		assertThat(badToken.text("code")).isEqualTo("invalid_token");

		wechat.code2Session("used-code", "{\"errcode\":40163,\"errmsg\":\"code been used\"}");
		TestHttp.Response usedCode = this.http.postJson("/wx/login", "{\"code\":\"used-code\"}");
		assertThat(usedCode.status()).isEqualTo(401);
		assertThat(usedCode.text("code")).isEqualTo("invalid_code");
		assertThat(usedCode.json().get("data").get("wx_errcode").asInt()).isEqualTo(40163);

		TestHttp.Response refresh = this.http.postJson("/wx/token/refresh",
				"{\"refresh_token\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\"}");
		assertThat(refresh.status()).isEqualTo(401);
		assertThat(refresh.text("code")).isEqualTo("invalid_grant");

		wechat.login("writer-code", "openid-writer");
		String token = this.http.postJson("/wx/login", "{\"code\":\"writer-code\"}").text("access_token");
		TestHttp.Response denied = this.http.get("/api/admin", token);
		assertThat(denied.status()).isEqualTo(403);
		assertThat(denied.text("code")).isEqualTo("access_denied");
	}

	@Test
	@Order(Integer.MAX_VALUE)
	void aRateLimitedLoginKeepsItsRetryAfter() {
		TestHttp.Response last = null;
		for (int i = 0; i < 5; i++) {
			last = this.http.postJson("/wx/login", "{\"code\":\"rate-" + i + "\"}");
		}
		assertThat(last.status()).isEqualTo(429);
		assertThat(last.header("Retry-After")).isNotBlank();
		assertThat(last.text("code")).isEqualTo("rate_limited");
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class CodeMsgApplication {

		@Bean
		WxErrorResponseWriter codeMsgErrors(JsonMapper jsonMapper) {
			return (request, response, error) -> {
				Map<String, Object> data = new LinkedHashMap<>();
				if (error.wxErrcode() != null) {
					data.put("wx_errcode", error.wxErrcode());
				}
				Map<String, Object> body = new LinkedHashMap<>();
				body.put("code", error.code());
				body.put("msg", error.detail());
				body.put("data", data);
				response.setContentType("application/json;charset=UTF-8");
				jsonMapper.writeValue(response.getOutputStream(), body);
			};
		}

		@RestController
		static class Api {

			@GetMapping("/api/me")
			Map<String, Object> me(@AuthenticationPrincipal WxPrincipal principal) {
				return Map.of("openid", principal.openid());
			}

			@GetMapping("/api/admin")
			@PreAuthorize("hasRole('ADMIN')")
			Map<String, Object> admin() {
				return Map.of("secret", "admins only");
			}

		}

	}

}
