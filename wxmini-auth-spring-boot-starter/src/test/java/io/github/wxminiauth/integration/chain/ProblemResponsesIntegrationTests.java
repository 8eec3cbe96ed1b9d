package io.github.wxminiauth.integration.chain;

import io.github.wxminiauth.integration.support.HardeningTestApplication;
import io.github.wxminiauth.integration.support.TestHttp;
import io.github.wxminiauth.integration.support.WeChatStub;
import io.github.wxminiauth.integration.support.WxMiniIntegrationTest;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Value;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * In an application whose security is the starter's alone, every answer of the security layer is
 * in the contract's shape (§3): firewall rejections, a method an endpoint does not take, a request
 * made straight to the error page.
 */
@WxMiniIntegrationTest(classes = HardeningTestApplication.class,
		properties = { "wxmini.app-id=" + WeChatStub.APP_ID, "wxmini.app-secret=" + WeChatStub.APP_SECRET,
				"wxmini.jwt.secret=integration-test-secret-of-32-bytes!", "wxmini.rate-limit.enabled=false" })
class ProblemResponsesIntegrationTests {

	static WeChatStub wechat;

	@Value("${local.server.port}")
	int port;

	TestHttp http;

	@ParameterizedTest
	@ValueSource(strings = { "//api/me", "/api/me;x", "/api%2Fme", "/api/%2e%2e/me" })
	void aPathTheFirewallRejectsIsAnInvalidRequestProblem(String path) {
		String answer = raw("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
		assertThat(answer).startsWith("HTTP/1.1 400");
		assertThat(answer).containsIgnoringCase("Content-Type: application/problem+json");
		assertThat(answer).contains("\"error\":\"invalid_request\"").doesNotContain("timestamp");
	}

	@ParameterizedTest
	@ValueSource(strings = { "GET /wx/login", "PUT /wx/logout", "DELETE /wx/phone", "PATCH /wx/token/refresh" })
	void aMethodAnEndpointDoesNotTakeIsMethodNotAllowedWithAllow(String request) {
		String answer = raw(request + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
		assertThat(answer).startsWith("HTTP/1.1 405");
		assertThat(answer).containsIgnoringCase("Allow: POST");
		assertThat(answer).contains("\"error\":\"method_not_allowed\"");
	}

	@Test
	void aWrongMethodWithATokenIsStillMethodNotAllowed() {
		wechat.login("method-code", "openid-method");
		String token = this.http.postJson("/wx/login", "{\"code\":\"method-code\"}").text("access_token");
		String answer = raw("GET /wx/logout HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token
				+ "\r\nConnection: close\r\n\r\n");
		assertThat(answer).startsWith("HTTP/1.1 405");
		String bad = raw("GET /wx/logout HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer expired.or.bad"
				+ "\r\nConnection: close\r\n\r\n");
		assertThat(bad).startsWith("HTTP/1.1 405");
	}

	@Test
	void aRequestStraightToTheErrorPageIsNotFound() {
		TestHttp.Response response = this.http.get("/error", null);
		assertThat(response.status()).isEqualTo(404);
		assertThat(response.text("error")).isEqualTo("not_found");
		assertThat(response.body()).doesNotContain("999");
	}

	@Test
	void anUnknownPathStillNeedsAToken() {
		TestHttp.Response response = this.http.get("/no/such/path", null);
		assertThat(response.status()).isEqualTo(401);
		assertThat(response.text("error")).isEqualTo("unauthorized");
	}

	private String raw(String request) {
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			out.write(request.getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
