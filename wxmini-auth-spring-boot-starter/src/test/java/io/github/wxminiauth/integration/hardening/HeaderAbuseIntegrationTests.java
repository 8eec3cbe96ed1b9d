package io.github.wxminiauth.integration.hardening;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import io.github.wxminiauth.integration.support.HardeningTestApplication;
import io.github.wxminiauth.integration.support.HardeningTestApplication.RecordingRefreshTokenStore;
import io.github.wxminiauth.integration.support.HardeningTestApplication.RecordingSessionKeyStore;
import io.github.wxminiauth.integration.support.HardeningTestApplication.RecordingUserDetailsService;
import io.github.wxminiauth.integration.support.TestHttp;
import io.github.wxminiauth.integration.support.WeChatStub;
import io.github.wxminiauth.integration.support.WxMiniIntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Abuse of the request head over a plain socket: oversized and repeated {@code Authorization}
 * headers, and a body length declared twice over (request smuggling). None of them authenticates,
 * reaches WeChat or writes to a store, and the server serves the next valid request.
 */
@WxMiniIntegrationTest(classes = HardeningTestApplication.class,
		properties = { "wxmini.app-id=" + WeChatStub.APP_ID, "wxmini.app-secret=" + WeChatStub.APP_SECRET,
				"wxmini.jwt.secret=header-abuse-test-secret-of-32-bytes!" })
class HeaderAbuseIntegrationTests {

	static WeChatStub wechat;

	@Value("${local.server.port}")
	int port;

	@Autowired
	RecordingUserDetailsService users;

	@Autowired
	RecordingRefreshTokenStore refreshTokens;

	@Autowired
	RecordingSessionKeyStore sessionKeys;

	TestHttp http;

	String accessToken;

	List<Integer> writesBefore;

	@BeforeEach
	void logIn() {
		wechat.reset();
		wechat.login("header-abuse-code", "openid-header-abuse");
		TestHttp.Response login = this.http.postJson("/wx/login", "{\"code\":\"header-abuse-code\"}");
		assertThat(login.status()).isEqualTo(200);
		this.accessToken = login.text("access_token");
		wechat.reset();
		this.writesBefore = storeWrites();
	}

	@AfterEach
	void nothingWrittenNothingCalledAndTheServerStillServes() {
		assertThat(storeWrites()).as("writes to every store").isEqualTo(this.writesBefore);
		assertThat(wechat.calls()).as("WeChat calls").isZero();
		assertThat(this.http.get("/api/me", this.accessToken).status()).as("a valid request afterwards").isEqualTo(200);
	}

	@Test
	void authorizationHeaderBeyondTheServersHeaderLimitIsRefusedWith400() {
		String answer = exchange("GET /api/me HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + "a".repeat(16 * 1024)
				+ "\r\nConnection: close\r\n\r\n");
		// Tomcat refuses the head itself, before any filter (its own error page: out of the starter's reach).
		assertThat(answer).startsWith("HTTP/1.1 400 ");
	}

	@Test
	void oversizedTokenWithinTheHeaderLimitAnswers401InvalidToken() {
		String answer = exchange("GET /api/me HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + this.accessToken
				+ "A".repeat(6000) + "\r\nConnection: close\r\n\r\n");
		assertInvalidToken(answer);
	}

	@Test
	void repeatedAuthorizationHeaderWithAValidTokenLastDoesNotAuthenticate() {
		String answer = exchange("GET /api/me HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer not-a-jwt\r\n"
				+ "Authorization: Bearer " + this.accessToken + "\r\nConnection: close\r\n\r\n");
		assertInvalidToken(answer);
	}

	@Test
	void repeatedAuthorizationHeaderWithAValidTokenFirstDoesNotAuthenticateEither() {
		String answer = exchange("GET /api/me HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + this.accessToken
				+ "\r\nAuthorization: Bearer not-a-jwt\r\nConnection: close\r\n\r\n");
		assertInvalidToken(answer);
	}

	@Test
	void contentLengthTogetherWithChunkedTransferEncodingSmugglesNoSecondRequest() {
		wechat.login("smuggled-code", "openid-smuggled");
		String smuggled = "POST /wx/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
				+ "Content-Length: 24\r\n\r\n{\"code\":\"smuggled-code\"}";
		String answer = exchange("POST /wx/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
				+ "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n" + smuggled);
		assertThat(answer).as("at most one answer, and no login")
			.doesNotContain("access_token")
			.satisfies((text) -> assertThat(text.split("HTTP/1.1 ", -1)).hasSizeLessThanOrEqualTo(2));
		wechat.reset();
	}

	@Test
	void twoDifferentContentLengthsAreRefusedWith400() {
		String answer = exchange("POST /wx/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
				+ "Content-Length: 16\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{\"code\":\"abcd\"}");
		assertThat(answer).startsWith("HTTP/1.1 400 ");
	}

	private List<Integer> storeWrites() {
		return List.of(this.users.registrations.get(), this.users.phoneBindings.get(), this.refreshTokens.writes(),
				this.sessionKeys.writes());
	}

	private static void assertInvalidToken(String answer) {
		assertThat(answer).startsWith("HTTP/1.1 401 ")
			.containsIgnoringCase("WWW-Authenticate: Bearer error=\"invalid_token\"")
			.contains("\"error\":\"invalid_token\"");
	}

	/** Sends raw bytes and reads everything until the server closes the connection. */
	private String exchange(String request) {
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), this.port)) {
			socket.setSoTimeout(10_000);
			socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
			socket.getOutputStream().flush();
			socket.shutdownOutput();
			ByteArrayOutputStream answer = new ByteArrayOutputStream();
			InputStream in = socket.getInputStream();
			byte[] buffer = new byte[8192];
			try {
				int n;
				while ((n = in.read(buffer)) != -1) {
					answer.write(buffer, 0, n);
				}
			}
			catch (SocketException ex) {
				// Reset after the answer: what arrived is what counts.
			}
			return answer.toString(StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
