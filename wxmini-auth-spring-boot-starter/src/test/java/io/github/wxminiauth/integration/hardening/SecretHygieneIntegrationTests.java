package io.github.wxminiauth.integration.hardening;

import java.util.ArrayList;
import java.util.List;

import com.github.tomakehurst.wiremock.http.Fault;
import io.github.wxminiauth.integration.support.HardeningTestApplication;
import io.github.wxminiauth.integration.support.TestHttp;
import io.github.wxminiauth.integration.support.WeChatStub;
import io.github.wxminiauth.integration.support.WxMiniIntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * With TRACE logging for the whole application and nothing else configured, the full flow and
 * WeChat's faults leave no AppSecret, WeChat access token, session key, refresh token or JWT
 * secret in the log, in a response body or in an exception message.
 * <p>
 * Root TRACE would also turn on Apache HttpClient's request logging, which prints the request
 * line (for code2Session it carries the AppSecret in its query string, WeChat's API design; for
 * getuserphonenumber the access token), headers and bodies, and Tomcat's logging of every
 * request received (bearer and refresh tokens). The starter defaults
 * {@link #LOGGERS_THAT_MUST_STAY_ABOVE_DEBUG those loggers} to INFO unless the application sets
 * them itself. Only WireMock's own loggers and the JDK HTTP client's are quietened here: they
 * belong to the test double and the test's client, not to the application.
 */
@WxMiniIntegrationTest(classes = HardeningTestApplication.class,
		properties = { "wxmini.app-id=" + WeChatStub.APP_ID,
				// Many requests from one address: rate limits have their own tests (RateLimitIntegrationTests).
				"wxmini.rate-limit.enabled=false", "wxmini.http.read-timeout=5s",
				"wxmini.http.busy-retry-backoff=10ms", "logging.level.root=TRACE", "logging.level.wiremock=INFO",
				"logging.level.com.github.tomakehurst.wiremock=INFO", "logging.level.jdk.internal.httpclient=INFO" })
@ExtendWith(OutputCaptureExtension.class)
// Closing the context resets the logging system: root at TRACE must not outlive this class, or a
// later test class that checks its output sees the test framework tracing its configuration.
@DirtiesContext
class SecretHygieneIntegrationTests {

	/**
	 * The loggers that print raw HTTP traffic at DEBUG; with them at DEBUG this test fails
	 * (HttpClient's exec chain prints the code2Session URL with the AppSecret, its wire and header
	 * loggers print the access token and the stable_token body, Tomcat's request reader prints
	 * the refresh requests with their tokens).
	 */
	static final List<String> LOGGERS_THAT_MUST_STAY_ABOVE_DEBUG = List.of("org.apache.hc.client5.http.wire",
			"org.apache.hc.client5.http.headers", "org.apache.hc.client5.http.impl.classic",
			"org.apache.coyote.http11.Http11InputBuffer");

	private static final String JWT_SECRET = "secret-hygiene-test-secret-of-32-bytes";

	private static final String SESSION_KEY = "c2Vzc2lvbi1rZXktaHlnaWVuZS1TRUNSRVQ=";

	private static final String SECOND_ACCESS_TOKEN = "wechat-access-token-SECOND-MUST-NOT-LEAK-77";

	static WeChatStub wechat;

	TestHttp http;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		// Here rather than in @SpringBootTest: the test framework traces its own configuration,
		// inline properties included, which is not the application's output.
		registry.add("wxmini.app-secret", () -> WeChatStub.APP_SECRET);
		registry.add("wxmini.jwt.secret", () -> JWT_SECRET);
	}

	@Test
	void fullFlowAndFaultsLeakNoSecretAnywhere(CapturedOutput output) {
		List<String> secrets = new ArrayList<>(List.of(WeChatStub.APP_SECRET, WeChatStub.ACCESS_TOKEN,
				SECOND_ACCESS_TOKEN, SESSION_KEY, JWT_SECRET));
		List<TestHttp.Response> responses = new ArrayList<>();

		// The full flow: login, me, phone (its first try hits a rejected WeChat token), refresh, logout.
		wechat.code2Session("hygiene-code",
				"{\"openid\":\"openid-hygiene\",\"session_key\":\"" + SESSION_KEY + "\"}");
		wechat.server.stubFor(post(urlPathEqualTo("/cgi-bin/stable_token")).inScenario("token")
			.whenScenarioStateIs(STARTED)
			.willReturn(WeChatStub.text("{\"access_token\":\"" + SECOND_ACCESS_TOKEN + "\",\"expires_in\":7200}"))
			.willSetStateTo("second"));
		wechat.server.stubFor(post(urlPathEqualTo("/cgi-bin/stable_token")).inScenario("token")
			.whenScenarioStateIs("second")
			.willReturn(WeChatStub.text("{\"access_token\":\"" + WeChatStub.ACCESS_TOKEN + "\",\"expires_in\":7200}")));
		wechat.server.stubFor(post(urlPathEqualTo("/wxa/business/getuserphonenumber")).atPriority(10)
			.willReturn(WeChatStub.text("{\"errcode\":40001,\"errmsg\":\"invalid credential, access_token is "
					+ SECOND_ACCESS_TOKEN + "\"}")));
		wechat.phone("hygiene-phone", "13800138077");

		TestHttp.Response login = this.http.postJson("/wx/login", "{\"code\":\"hygiene-code\"}");
		assertThat(login.status()).isEqualTo(200);
		responses.add(login);
		String accessToken = login.text("access_token");
		secrets.add(login.text("refresh_token"));
		responses.add(this.http.get("/api/me", accessToken));
		TestHttp.Response phone = this.http.postJson("/wx/phone", "{\"code\":\"hygiene-phone\"}", accessToken);
		assertThat(phone.status()).isEqualTo(200);
		responses.add(phone);
		TestHttp.Response refreshed = this.http.postJson("/wx/token/refresh",
				"{\"refresh_token\":\"" + login.text("refresh_token") + "\"}");
		assertThat(refreshed.status()).isEqualTo(200);
		responses.add(refreshed);
		secrets.add(refreshed.text("refresh_token"));
		TestHttp.Response logout = this.http.postJson("/wx/logout", "", refreshed.text("access_token"));
		assertThat(logout.status()).isEqualTo(204);
		// Reuse of the spent token: theft detection, logged and answered.
		responses.add(this.http.postJson("/wx/token/refresh", "{\"refresh_token\":\"" + login.text("refresh_token") + "\"}"));

		// Faults, each with a reply that quotes a secret where a careless client would repeat it.
		String[] faultyReplies = { "{\"errcode\":-1,\"errmsg\":\"busy, secret " + WeChatStub.APP_SECRET + "\"}",
				"{\"errcode\":40125,\"errmsg\":\"invalid appsecret " + WeChatStub.APP_SECRET + "\"}",
				"{\"errcode\":45011,\"errmsg\":\"freq limit\"}",
				"{\"openid\":\"o\",\"session_key\":\"" + SESSION_KEY + "\",",
				"{\"session_key\":\"" + SESSION_KEY + "\"}",
				"{\"openid\":[\"" + SESSION_KEY + "\"],\"session_key\":\"" + SESSION_KEY + "\"}" };
		for (int i = 0; i < faultyReplies.length; i++) {
			wechat.code2Session("fault-" + i, faultyReplies[i]);
			responses.add(this.http.postJson("/wx/login", "{\"code\":\"fault-" + i + "\"}"));
		}
		wechat.server.stubFor(get(urlPathEqualTo("/sns/jscode2session")).atPriority(1)
			.willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
		responses.add(this.http.postJson("/wx/login", "{\"code\":\"reset\"}"));
		wechat.server.stubFor(get(urlPathEqualTo("/sns/jscode2session")).atPriority(1)
			.willReturn(aResponse().withStatus(500).withBody("{\"secret\":\"" + WeChatStub.APP_SECRET + "\"}")));
		responses.add(this.http.postJson("/wx/login", "{\"code\":\"http-500\"}"));

		assertThat(responses).allSatisfy((response) -> {
			for (String secret : secrets) {
				// A login or refresh answer carries its own refresh token, and only that one.
				if (response.status() >= 400 || !secret.equals(response.text("refresh_token"))) {
					assertThat(response.body()).doesNotContain(secret);
				}
			}
		});
		assertThat(responses.stream().filter((response) -> response.status() >= 400)).hasSizeGreaterThanOrEqualTo(8);
		assertThat(output.getAll()).as("TRACE logging is on").contains("TRACE");
		assertThat(LOGGERS_THAT_MUST_STAY_ABOVE_DEBUG).allSatisfy((logger) -> assertThat(
				LoggerFactory.getLogger(logger).isDebugEnabled()).as(logger).isFalse());
		for (String secret : secrets) {
			assertThat(output.getAll()).as("the output, stack traces included").doesNotContain(secret);
		}
	}

}
