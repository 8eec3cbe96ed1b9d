package io.github.wxminiauth.integration.hardening;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import io.github.wxminiauth.integration.support.HardeningTestApplication;
import io.github.wxminiauth.integration.support.HardeningTestApplication.RecordingRefreshTokenStore;
import io.github.wxminiauth.integration.support.HardeningTestApplication.RecordingSessionKeyStore;
import io.github.wxminiauth.integration.support.HardeningTestApplication.RecordingUserDetailsService;
import io.github.wxminiauth.integration.support.TestHttp;
import io.github.wxminiauth.integration.support.WeChatStub;
import io.github.wxminiauth.integration.support.WxMiniIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile request bodies against every endpoint of the contract, over real HTTP: each one is
 * answered 400 {@code invalid_request} as problem+json, writes nothing, never reaches WeChat, and
 * leaves the server able to serve the next valid request.
 */
@WxMiniIntegrationTest(classes = HardeningTestApplication.class,
		properties = { "wxmini.app-id=" + WeChatStub.APP_ID,
				// Many requests from one address: rate limits have their own tests (RateLimitIntegrationTests).
				"wxmini.rate-limit.enabled=false", "wxmini.app-secret=" + WeChatStub.APP_SECRET,
				"wxmini.jwt.secret=hostile-input-test-secret-of-32-bytes!" })
class HostileInputIntegrationTests {

	private static final String JSON = "application/json";

	static WeChatStub wechat;

	@Autowired
	RecordingUserDetailsService users;

	@Autowired
	RecordingRefreshTokenStore refreshTokens;

	@Autowired
	RecordingSessionKeyStore sessionKeys;

	TestHttp http;

	String accessToken;

	String refreshToken;

	@BeforeEach
	void logIn() {
		wechat.reset();
		wechat.login("setup-code", "openid-hostile");
		wechat.stableToken();
		TestHttp.Response login = this.http.postJson("/wx/login", "{\"code\":\"setup-code\"}");
		assertThat(login.status()).isEqualTo(200);
		this.accessToken = login.text("access_token");
		this.refreshToken = login.text("refresh_token");
		wechat.reset();
	}

	static Stream<Arguments> hostileBodies() {
		List<Arguments> cases = new ArrayList<>();
		for (String endpoint : List.of("/wx/login", "/wx/token/refresh", "/wx/phone")) {
			String field = endpoint.equals("/wx/token/refresh") ? "refresh_token" : "code";
			cases.add(hostile(endpoint, "empty body", JSON, bytes("")));
			cases.add(hostile(endpoint, "whitespace body", JSON, bytes("  \n ")));
			cases.add(hostile(endpoint, "no content type", null, bytes("{\"" + field + "\":\"abc\"}")));
			cases.add(hostile(endpoint, "text/plain", "text/plain", bytes("{\"" + field + "\":\"abc\"}")));
			cases.add(hostile(endpoint, "application/xml", "application/xml",
					bytes("<" + field + ">abc</" + field + ">")));
			cases.add(hostile(endpoint, "unparseable content type", "application/", bytes("{\"" + field + "\":\"a\"}")));
			cases.add(hostile(endpoint, "not JSON", JSON, bytes(field + "=abc")));
			cases.add(hostile(endpoint, "truncated JSON", JSON, bytes("{\"" + field + "\":\"abc")));
			cases.add(hostile(endpoint, "trailing garbage", JSON, bytes("{\"" + field + "\":\"abc\"} x")));
			cases.add(hostile(endpoint, "two documents", JSON, bytes("{\"" + field + "\":\"a\"}{\"" + field + "\":\"b\"}")));
			cases.add(hostile(endpoint, "array", JSON, bytes("[\"abc\"]")));
			cases.add(hostile(endpoint, "string", JSON, bytes("\"abc\"")));
			cases.add(hostile(endpoint, "number", JSON, bytes("42")));
			cases.add(hostile(endpoint, "JSON null", JSON, bytes("null")));
			cases.add(hostile(endpoint, "empty object", JSON, bytes("{}")));
			cases.add(hostile(endpoint, "field null", JSON, bytes("{\"" + field + "\":null}")));
			cases.add(hostile(endpoint, "field number", JSON, bytes("{\"" + field + "\":123}")));
			cases.add(hostile(endpoint, "field boolean", JSON, bytes("{\"" + field + "\":true}")));
			cases.add(hostile(endpoint, "field array", JSON, bytes("{\"" + field + "\":[\"abc\"]}")));
			cases.add(hostile(endpoint, "field object", JSON, bytes("{\"" + field + "\":{\"a\":\"b\"}}")));
			cases.add(hostile(endpoint, "field blank", JSON, bytes("{\"" + field + "\":\"   \"}")));
			cases.add(hostile(endpoint, "duplicated key", JSON, bytes("{\"" + field + "\":\"a\",\"" + field + "\":\"b\"}")));
			cases.add(hostile(endpoint, "field name case", JSON, bytes("{\"" + field.toUpperCase() + "\":\"abc\"}")));
			cases.add(hostile(endpoint, "deeply nested JSON", JSON,
					bytes("{\"" + field + "\":\"a\",\"x\":" + "[".repeat(3000) + "]".repeat(3000) + "}")));
			cases.add(hostile(endpoint, "deeply nested objects", JSON,
					bytes("{\"" + field + "\":\"a\",\"x\":" + "{\"a\":".repeat(1000) + "1" + "}".repeat(1000) + "}")));
			cases.add(hostile(endpoint, "1 MB body", JSON,
					bytes("{\"" + field + "\":\"a\",\"x\":\"" + "x".repeat(1024 * 1024) + "\"}")));
			cases.add(hostile(endpoint, "invalid UTF-8 byte", JSON, concat("{\"" + field + "\":\"ab", new byte[] { (byte) 0xff }, "\"}")));
			cases.add(hostile(endpoint, "truncated UTF-8 sequence", JSON, concat("{\"" + field + "\":\"ab", new byte[] { (byte) 0xe4, (byte) 0xb8 }, "\"}")));
			cases.add(hostile(endpoint, "overlong UTF-8", JSON, concat("{\"" + field + "\":\"ab", new byte[] { (byte) 0xc0, (byte) 0xaf }, "\"}")));
			cases.add(hostile(endpoint, "UTF-8 encoded surrogate", JSON, concat("{\"" + field + "\":\"ab", new byte[] { (byte) 0xed, (byte) 0xa0, (byte) 0x80 }, "\"}")));
			cases.add(hostile(endpoint, "invalid UTF-8 in a key", JSON, concat("{\"x", new byte[] { (byte) 0xfe }, "\":1,\"" + field + "\":\"abc\"}")));
			cases.add(hostile(endpoint, "raw control character", JSON, bytes("{\"" + field + "\":\"ab\u0001c\"}")));
			cases.add(hostile(endpoint, "raw newline", JSON, bytes("{\"" + field + "\":\"ab\nc\"}")));
			cases.add(hostile(endpoint, "escaped NUL", JSON, bytes("{\"" + field + "\":\"ab\\u0000c\"}")));
			cases.add(hostile(endpoint, "escaped CR LF", JSON, bytes("{\"" + field + "\":\"ab\\r\\nc\"}")));
			cases.add(hostile(endpoint, "escaped DEL", JSON, bytes("{\"" + field + "\":\"ab\\u007fc\"}")));
			cases.add(hostile(endpoint, "escaped C1 control", JSON, bytes("{\"" + field + "\":\"ab\\u0085c\"}")));
			cases.add(hostile(endpoint, "line separator", JSON, bytes("{\"" + field + "\":\"ab\\u2028c\"}")));
			cases.add(hostile(endpoint, "lone surrogate escape", JSON, bytes("{\"" + field + "\":\"ab\\ud800c\"}")));
			cases.add(hostile(endpoint, "single quotes", JSON, bytes("{'" + field + "':'abc'}")));
			cases.add(hostile(endpoint, "comment", JSON, bytes("{/*x*/\"" + field + "\":\"abc\"}")));
			cases.add(hostile(endpoint, "NaN", JSON, bytes("{\"" + field + "\":NaN}")));
		}
		String tooLongRefreshToken = "r".repeat(4097);
		cases.add(hostile("/wx/token/refresh", "refresh token too long", JSON,
				bytes("{\"refresh_token\":\"" + tooLongRefreshToken + "\"}")));
		for (String endpoint : List.of("/wx/login", "/wx/phone")) {
			cases.add(hostile(endpoint, "code of 129 characters", JSON, bytes("{\"code\":\"" + "c".repeat(129) + "\"}")));
			cases.add(hostile(endpoint, "code of 8000 characters", JSON, bytes("{\"code\":\"" + "c".repeat(8000) + "\"}")));
			cases.add(hostile(endpoint, "code of 129 characters with escapes", JSON,
					bytes("{\"code\":\"" + "\\u0063".repeat(129) + "\"}")));
		}
		cases.add(hostile("/wx/login", "unknown app_id", JSON, bytes("{\"code\":\"abc\",\"app_id\":\"wx0000000000000bad\"}")));
		cases.add(hostile("/wx/login", "app_id differs in case", JSON,
				bytes("{\"code\":\"abc\",\"app_id\":\"" + WeChatStub.APP_ID.toUpperCase() + "\"}")));
		cases.add(hostile("/wx/login", "app_id with padding", JSON,
				bytes("{\"code\":\"abc\",\"app_id\":\" " + WeChatStub.APP_ID + "\"}")));
		cases.add(hostile("/wx/login", "very long app_id", JSON, bytes("{\"code\":\"abc\",\"app_id\":\"" + "w".repeat(6000) + "\"}")));
		cases.add(hostile("/wx/login", "app_id with control characters", JSON,
				bytes("{\"code\":\"abc\",\"app_id\":\"" + WeChatStub.APP_ID + "\\r\\nX-Injected: 1\"}")));
		cases.add(hostile("/wx/login", "app_id with NUL", JSON, bytes("{\"code\":\"abc\",\"app_id\":\"" + WeChatStub.APP_ID + "\\u0000\"}")));
		cases.add(hostile("/wx/login", "app_id number", JSON, bytes("{\"code\":\"abc\",\"app_id\":12345}")));
		cases.add(hostile("/wx/login", "app_id array", JSON, bytes("{\"code\":\"abc\",\"app_id\":[\"" + WeChatStub.APP_ID + "\"]}")));
		cases.add(hostile("/wx/login", "app_id object", JSON, bytes("{\"code\":\"abc\",\"app_id\":{}}")));
		cases.add(hostile("/wx/login", "app_id boolean", JSON, bytes("{\"code\":\"abc\",\"app_id\":false}")));
		cases.add(hostile("/wx/login", "app_id empty", JSON, bytes("{\"code\":\"abc\",\"app_id\":\"\"}")));
		cases.add(hostile("/wx/login", "duplicated app_id", JSON,
				bytes("{\"code\":\"abc\",\"app_id\":\"" + WeChatStub.APP_ID + "\",\"app_id\":\"wx0000000000000bad\"}")));
		String form = "application/x-www-form-urlencoded";
		cases.add(hostile("/wx/login", "form: empty", form, bytes("")));
		cases.add(hostile("/wx/login", "form: no code", form, bytes("other=1")));
		cases.add(hostile("/wx/login", "form: blank code", form, bytes("code=+++")));
		cases.add(hostile("/wx/login", "form: duplicated code", form, bytes("code=a&code=b")));
		cases.add(hostile("/wx/login", "form: code of 129 characters", form, bytes("code=" + "c".repeat(129))));
		cases.add(hostile("/wx/login", "form: encoded control character", form, bytes("code=ab%00c")));
		cases.add(hostile("/wx/login", "form: encoded CR LF", form, bytes("code=ab%0D%0Ac")));
		cases.add(hostile("/wx/login", "form: bad percent escape", form, bytes("code=ab%zzc")));
		cases.add(hostile("/wx/login", "form: truncated percent escape", form, bytes("code=abc%4")));
		cases.add(hostile("/wx/login", "form: invalid UTF-8 escape", form, bytes("code=ab%FFc")));
		cases.add(hostile("/wx/login", "form: raw invalid UTF-8", form, concat("code=ab", new byte[] { (byte) 0xc0, (byte) 0xaf }, "")));
		cases.add(hostile("/wx/login", "form: unknown app_id", form, bytes("code=abc&app_id=wx0000000000000bad")));
		cases.add(hostile("/wx/login", "form: very long app_id", form, bytes("code=abc&app_id=" + "w".repeat(6000))));
		cases.add(hostile("/wx/login", "form: 1 MB", form, bytes("code=abc&x=" + "x".repeat(1024 * 1024))));
		// Only login takes a form; the other endpoints take JSON alone.
		cases.add(hostile("/wx/token/refresh", "form", form, bytes("refresh_token=abc")));
		cases.add(hostile("/wx/phone", "form", form, bytes("code=abc")));
		cases.add(hostile("/wx/token/refresh", "form with a JSON body", form, bytes("{\"refresh_token\":\"abc\"}")));
		cases.add(hostile("/wx/phone", "form with a JSON body", form, bytes("{\"code\":\"abc\"}")));
		return cases.stream();
	}

	@ParameterizedTest(name = "{0} {1}")
	@MethodSource("hostileBodies")
	void hostileBodyAnswers400InvalidRequestWritesNothingAndLeavesTheServerHealthy(String endpoint, String name,
			String contentType, byte[] body) {
		List<Integer> writes = storeWrites();

		TestHttp.Response response = this.http.post(endpoint, contentType, body, bearerFor(endpoint));

		assertInvalidRequest(response);
		assertThat(storeWrites()).as("writes to every store").isEqualTo(writes);
		assertThat(wechat.calls()).as("WeChat calls").isZero();
		assertServerStillServes();
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "/wx/login", "/wx/token/refresh", "/wx/phone" })
	void fiftyMegabytesStreamedChunkedAreAnswered400BeforeTheUploadEnds(String endpoint) {
		List<Integer> writes = storeWrites();
		long fiftyMegabytes = 50L * 1024 * 1024;

		TestHttp.Upload upload = this.http.streamChunked(endpoint, JSON, bearerFor(endpoint), fiftyMegabytes,
				(byte) ' ');

		assertThat(upload.status()).isEqualTo(400);
		assertThat(upload.head()).containsIgnoringCase("Content-Type: application/problem+json");
		assertThat(upload.bytesSent()).as("bytes sent before the answer").isLessThan(fiftyMegabytes);
		assertThat(storeWrites()).as("writes to every store").isEqualTo(writes);
		assertThat(wechat.calls()).isZero();
		assertServerStillServes();
	}

	@Test
	void fiftyMegabytesStreamedAsAFormAreAnswered400BeforeTheUploadEnds() {
		long fiftyMegabytes = 50L * 1024 * 1024;
		TestHttp.Upload upload = this.http.streamChunked("/wx/login", "application/x-www-form-urlencoded", null,
				fiftyMegabytes, (byte) 'x');
		assertThat(upload.status()).isEqualTo(400);
		assertThat(upload.bytesSent()).isLessThan(fiftyMegabytes);
		assertThat(wechat.calls()).isZero();
		assertServerStillServes();
	}

	@Test
	void fiftyMegabytesDeclaredInContentLengthAreAnswered400WithoutBeingSent() {
		byte[] head = ("POST /wx/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
				+ "Content-Length: " + (50L * 1024 * 1024) + "\r\n\r\n{\"code\":\"").getBytes(StandardCharsets.US_ASCII);
		TestHttp.Upload upload = this.http.sendRaw(head);
		assertThat(upload.status()).isEqualTo(400);
		assertThat(wechat.calls()).isZero();
		assertServerStillServes();
	}

	@Test
	void logoutIgnoresItsBodyButNeverBuffersAHugeOne() {
		long fiftyMegabytes = 50L * 1024 * 1024;
		TestHttp.Upload upload = this.http.streamChunked("/wx/logout", JSON, this.accessToken, fiftyMegabytes,
				(byte) ' ');
		assertThat(upload.bytesSent()).isLessThan(fiftyMegabytes);
		assertThat(upload.status()).isEqualTo(204);
		assertThat(this.http.get("/api/me", this.accessToken).status()).isEqualTo(401);
	}

	@ParameterizedTest(name = "{0} -> {1}")
	// Trailing whitespace is not part of a header value (RFC 9110): "Bearer " carries no credentials.
	@CsvSource(delimiter = '|', value = { "Bearer|unauthorized", "'Bearer '|unauthorized", "'Bearer  '|unauthorized",
			"Bearer a.b|invalid_token", "Bearer a.b.c.d|invalid_token", "Bearer ....|invalid_token",
			"Bearer \u00e9\u00e9|invalid_token", "Bearer x\ty|invalid_token", "bearer not-a-jwt|invalid_token",
			"Basic dXNlcjpwYXNzd29yZA==|unauthorized" })
	void malformedOrForeignAuthorizationOnLogoutAndPhoneAnswers401WithItsExactCodeAndWritesNothing(
			String authorization, String error) {
		List<Integer> writes = storeWrites();
		for (String endpoint : List.of("/wx/logout", "/wx/phone")) {
			TestHttp.Response response = this.http.postWithAuthorization(endpoint, authorization);
			assertThat(response.status()).as(endpoint).isEqualTo(401);
			assertThat(response.header("Content-Type")).startsWith("application/problem+json");
			assertThat(response.text("error")).as(endpoint).isEqualTo(error);
			assertThat(response.header("WWW-Authenticate")).as(endpoint)
				.isEqualTo(error.equals("invalid_token") ? "Bearer error=\"invalid_token\"" : "Bearer");
		}
		assertThat(storeWrites()).as("writes to every store").isEqualTo(writes);
		assertThat(wechat.calls()).isZero();
		assertThat(this.http.get("/api/me", this.accessToken).status()).isEqualTo(200);
	}

	@ParameterizedTest(name = "code of {0} characters")
	@ValueSource(ints = { 1, 32, 127, 128 })
	void codesUpTo128CharactersAreAccepted(int length) {
		String code = "k".repeat(length);
		wechat.login(code, "openid-length-" + length);
		TestHttp.Response login = this.http.postJson("/wx/login", "{\"code\":\"" + code + "\"}");
		assertThat(login.status()).isEqualTo(200);
		assertThat(login.text("openid")).isEqualTo("openid-length-" + length);

		wechat.stableToken();
		wechat.phone(code, "1380013" + String.format("%04d", length));
		TestHttp.Response phone = this.http.postJson("/wx/phone", "{\"code\":\"" + code + "\"}", this.accessToken);
		assertThat(phone.status()).isEqualTo(200);
	}

	@Test
	void appIdOfTheConfiguredAppIsAccepted() {
		wechat.login("app-id-code", "openid-app-id");
		TestHttp.Response login = this.http.postJson("/wx/login",
				"{\"code\":\"app-id-code\",\"app_id\":\"" + WeChatStub.APP_ID + "\"}");
		assertThat(login.status()).isEqualTo(200);
	}

	/** Writes to every store so far: the user store, the refresh-token store, the session-key store. */
	private List<Integer> storeWrites() {
		return List.of(this.users.registrations.get(), this.users.phoneBindings.get(), this.refreshTokens.writes(),
				this.sessionKeys.writes());
	}

	private String bearerFor(String endpoint) {
		return endpoint.equals("/wx/phone") ? this.accessToken : null;
	}

	private void assertServerStillServes() {
		wechat.login("healthy-code", "openid-healthy");
		TestHttp.Response login = this.http.postJson("/wx/login", "{\"code\":\"healthy-code\"}");
		assertThat(login.status()).as("a valid login afterwards").isEqualTo(200);
		assertThat(this.http.get("/api/me", this.accessToken).status()).isEqualTo(200);
	}

	static void assertInvalidRequest(TestHttp.Response response) {
		assertThat(response.status()).as(response.body()).isEqualTo(400);
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
		assertThat(response.text("error")).isEqualTo("invalid_request");
		assertThat(response.json().get("status").asInt()).isEqualTo(400);
		assertThat(response.text("type")).isNotNull();
		assertThat(response.text("title")).isNotNull();
		assertThat(response.text("detail")).isNotNull();
		assertThat(response.json().has("wx_errcode")).isFalse();
	}

	private static Arguments hostile(String endpoint, String name, String contentType, byte[] body) {
		return Arguments.of(endpoint, name, contentType, body);
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private static byte[] concat(String head, byte[] middle, String tail) {
		byte[] start = bytes(head);
		byte[] end = bytes(tail);
		byte[] all = new byte[start.length + middle.length + end.length];
		System.arraycopy(start, 0, all, 0, start.length);
		System.arraycopy(middle, 0, all, start.length, middle.length);
		System.arraycopy(end, 0, all, start.length + middle.length, end.length);
		return all;
	}

}
