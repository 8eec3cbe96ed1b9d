package io.github.wxminiauth.integration.jwt;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTCreator;
import com.auth0.jwt.algorithms.Algorithm;
import io.github.wxminiauth.integration.support.HardeningTestApplication;
import io.github.wxminiauth.integration.support.TestHttp;
import io.github.wxminiauth.integration.support.WeChatStub;
import io.github.wxminiauth.integration.support.WxMiniIntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Forged, tampered, stale and misused tokens, over real HTTP: every one is answered 401
 * {@code invalid_token} (or {@code invalid_grant} on the refresh endpoint). Each forgery is built
 * from a baseline that the application accepts, so a rejection is caused by the one thing the
 * attack changes.
 */
@WxMiniIntegrationTest(classes = HardeningTestApplication.class,
		properties = { "wxmini.app-id=" + WeChatStub.APP_ID,
				// Many requests from one address: rate limits have their own tests (RateLimitIntegrationTests).
				"wxmini.rate-limit.enabled=false", "wxmini.app-secret=" + WeChatStub.APP_SECRET,
				"wxmini.jwt.secret=" + JwtAttackIntegrationTests.SECRET, "wxmini.jwt.clock-skew=30s" })
class JwtAttackIntegrationTests {

	static final String SECRET = "jwt-attack-test-secret-of-32-bytes!!";

	private static final Algorithm KEY = Algorithm.HMAC256(SECRET);

	static WeChatStub wechat;

	TestHttp http;

	/**
	 * A token as the starter would sign it; the attacks change one thing of it.
	 */
	static JWTCreator.Builder baseline() {
		Instant now = Instant.now();
		return JWT.create()
			.withIssuer("wxmini-auth")
			.withSubject("openid-forged")
			.withIssuedAt(now)
			.withExpiresAt(now.plus(Duration.ofHours(1)))
			.withJWTId(UUID.randomUUID().toString())
			.withClaim("openid", "openid-forged")
			.withClaim("appid", WeChatStub.APP_ID)
			.withClaim("sid", UUID.randomUUID().toString())
			.withArrayClaim("authorities", new String[] { "ROLE_USER" });
	}

	@Test
	void theBaselineForgeryWithTheRightKeyIsAccepted() {
		// Proves the attacks below fail for the reason they name, not for a mistake in the baseline.
		TestHttp.Response me = this.http.get("/api/me", baseline().sign(KEY));
		assertThat(me.status()).isEqualTo(200);
		assertThat(me.text("openid")).isEqualTo("openid-forged");
	}

	static Stream<Arguments> forgedTokens() {
		Instant now = Instant.now();
		String valid = baseline().sign(KEY);
		String[] parts = valid.split("\\.");
		return Stream.of(
				attack("alg none, no signature", unsigned("{\"alg\":\"none\",\"typ\":\"JWT\"}", parts[1], "")),
				attack("alg none, original signature", unsigned("{\"alg\":\"none\",\"typ\":\"JWT\"}", parts[1], parts[2])),
				attack("alg None", unsigned("{\"alg\":\"None\"}", parts[1], "")),
				attack("alg none via the library", baseline().sign(Algorithm.none())),
				attack("HS384 with the right key", baseline().sign(Algorithm.HMAC384(SECRET))),
				attack("HS256 with another key", baseline().sign(Algorithm.HMAC256("another-secret-of-at-least-32-bytes!!"))),
				attack("tampered payload: authorities", parts[0] + "." + tamper(parts[1],
						(json) -> json.replace("\"ROLE_USER\"", "\"ROLE_ADMIN\"")) + "." + parts[2]),
				attack("tampered payload: openid", parts[0] + "." + tamper(parts[1],
						(json) -> json.replace("openid-forged", "openid-victim")) + "." + parts[2]),
				attack("tampered header", tamper(parts[0], (json) -> json.replace("}", ",\"x\":\"y\"}")) + "."
						+ parts[1] + "." + parts[2]),
				attack("stripped signature", parts[0] + "." + parts[1] + "."),
				attack("no signature part", parts[0] + "." + parts[1]),
				attack("signature of another token", parts[0] + "." + parts[1] + "." + baseline().sign(KEY).split("\\.")[2]),
				attack("expired beyond the skew", baseline().withIssuedAt(now.minus(Duration.ofHours(3)))
					.withExpiresAt(now.minus(Duration.ofMinutes(5))).sign(KEY)),
				attack("not yet valid (nbf) beyond the skew", baseline().withNotBefore(now.plus(Duration.ofMinutes(10))).sign(KEY)),
				attack("issued in the future beyond the skew", baseline().withIssuedAt(now.plus(Duration.ofMinutes(10))).sign(KEY)),
				attack("wrong issuer", baseline().withIssuer("someone-else").sign(KEY)),
				attack("no issuer", without("iss").sign(KEY)),
				attack("an audience the starter never sets", baseline().withAudience("another-service").sign(KEY)),
				attack("missing exp", without("exp").sign(KEY)),
				attack("missing iat", without("iat").sign(KEY)),
				attack("missing sid", without("sid").sign(KEY)),
				attack("missing appid", without("appid").sign(KEY)),
				attack("authorities not an array", baseline().withClaim("authorities", "ROLE_ADMIN").sign(KEY)),
				attack("kid pointing elsewhere", baseline().withKeyId("https://attacker.example/keys#1").sign(KEY)),
				attack("jku header", baseline().withHeader(Map.of("jku", "https://attacker.example/jwks.json")).sign(KEY)),
				attack("token of an app that is not configured", baseline().withClaim("appid", "wx0000000000000bad").sign(KEY)),
				attack("exp null (never expires)", resigned(parts, (json) -> json.replaceFirst("\"exp\":\\d+", "\"exp\":null"))),
				attack("iat null", resigned(parts, (json) -> json.replaceFirst("\"iat\":\\d+", "\"iat\":null"))),
				attack("nbf null", resigned(parts, (json) -> json.replaceFirst("}$", ",\"nbf\":null}"))),
				attack("exp a string", resigned(parts, (json) -> json.replaceFirst("\"exp\":(\\d+)", "\"exp\":\"$1\""))),
				attack("iat a string", resigned(parts, (json) -> json.replaceFirst("\"iat\":(\\d+)", "\"iat\":\"$1\""))),
				attack("nbf a string", resigned(parts, (json) -> json.replaceFirst("}$", ",\"nbf\":\"0\"}"))),
				attack("exp an object", resigned(parts, (json) -> json.replaceFirst("\"exp\":\\d+", "\"exp\":{}"))),
				attack("payload repeating openid", resigned(parts, (json) -> json.replaceFirst("}$", ",\"openid\":\"openid-victim\"}"))),
				attack("payload repeating exp", resigned(parts, (json) -> json.replaceFirst("}$", ",\"exp\":4102444800}"))),
				attack("header repeating alg", signedJson("{\"alg\":\"none\",\"alg\":\"HS256\",\"typ\":\"JWT\"}",
						decoded(parts[1]))),
				attack("signature with base64 padding", valid + "="),
				attack("signature with an unused bit set", parts[0] + "." + parts[1] + "." + withUnusedBitSet(parts[2])),
				attack("garbage", "not-a-jwt"),
				attack("oversized", parts[0] + "." + "A".repeat(6000) + "." + parts[2]));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("forgedTokens")
	void forgedOrStaleTokenAnswers401InvalidToken(String name, String token) {
		assertInvalidToken(this.http.get("/api/me", token));
		assertInvalidToken(this.http.postJson("/wx/logout", "", token));
	}

	@Test
	void tokenWithinTheClockSkewIsStillAccepted() {
		Instant now = Instant.now();
		String token = baseline().withIssuedAt(now.plusSeconds(5)).withNotBefore(now.plusSeconds(5)).sign(KEY);
		assertThat(this.http.get("/api/me", token).status()).isEqualTo(200);
	}

	@Test
	void tokenOfALoggedOutSessionAnswers401InvalidToken() {
		Tokens tokens = login("jwt-logout");
		assertThat(this.http.get("/api/me", tokens.access()).status()).isEqualTo(200);
		assertThat(this.http.postJson("/wx/logout", "", tokens.access()).status()).isEqualTo(204);
		assertInvalidToken(this.http.get("/api/me", tokens.access()));
	}

	@Test
	void refreshTokenUsedAsAnAccessTokenAnswers401InvalidToken() {
		Tokens tokens = login("jwt-refresh-as-access");
		assertInvalidToken(this.http.get("/api/me", tokens.refresh()));
		assertThat(this.http.postJson("/wx/token/refresh", "{\"refresh_token\":\"" + tokens.refresh() + "\"}")
			.status()).as("the refresh token itself is not spent by the attempt").isEqualTo(200);
	}

	@Test
	void accessTokenUsedAsARefreshTokenAnswers401InvalidGrant() {
		Tokens tokens = login("jwt-access-as-refresh");
		TestHttp.Response refresh = this.http.postJson("/wx/token/refresh",
				"{\"refresh_token\":\"" + tokens.access() + "\"}");
		assertThat(refresh.status()).isEqualTo(401);
		assertThat(refresh.header("Content-Type")).startsWith("application/problem+json");
		assertThat(refresh.text("error")).isEqualTo("invalid_grant");
		assertThat(this.http.get("/api/me", tokens.access()).status()).isEqualTo(200);
	}

	private Tokens login(String name) {
		wechat.login("code-" + name, "openid-" + name);
		TestHttp.Response login = this.http.postJson("/wx/login", "{\"code\":\"code-" + name + "\"}");
		assertThat(login.status()).isEqualTo(200);
		return new Tokens(login.text("access_token"), login.text("refresh_token"));
	}

	private static void assertInvalidToken(TestHttp.Response response) {
		assertThat(response.status()).isEqualTo(401);
		assertThat(response.header("WWW-Authenticate")).isEqualTo("Bearer error=\"invalid_token\"");
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
		assertThat(response.text("error")).isEqualTo("invalid_token");
	}

	private static JWTCreator.Builder without(String claim) {
		Instant now = Instant.now();
		JWTCreator.Builder builder = JWT.create().withArrayClaim("authorities", new String[] { "ROLE_USER" });
		Map<String, Runnable> all = new java.util.LinkedHashMap<>();
		all.put("iss", () -> builder.withIssuer("wxmini-auth"));
		all.put("sub", () -> builder.withSubject("openid-forged"));
		all.put("iat", () -> builder.withIssuedAt(now));
		all.put("exp", () -> builder.withExpiresAt(now.plus(Duration.ofHours(1))));
		all.put("jti", () -> builder.withJWTId(UUID.randomUUID().toString()));
		all.put("openid", () -> builder.withClaim("openid", "openid-forged"));
		all.put("appid", () -> builder.withClaim("appid", WeChatStub.APP_ID));
		all.put("sid", () -> builder.withClaim("sid", UUID.randomUUID().toString()));
		all.forEach((name, add) -> {
			if (!name.equals(claim)) {
				add.run();
			}
		});
		return builder;
	}

	/** The token's payload changed, signed again with the right key: only the change is wrong. */
	private static String resigned(String[] parts, UnaryOperator<String> change) {
		String json = decoded(parts[1]);
		String changed = change.apply(json);
		assertThat(changed).as("the change changes something").isNotEqualTo(json);
		return signedJson(decoded(parts[0]), changed);
	}

	private static String signedJson(String header, String payload) {
		String head = base64Url(header);
		String body = base64Url(payload);
		byte[] signature = KEY.sign(head.getBytes(StandardCharsets.US_ASCII), body.getBytes(StandardCharsets.US_ASCII));
		return head + "." + body + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
	}

	private static String decoded(String part) {
		return new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8);
	}

	/** The same bytes spelled differently: a low bit the last character carries unused is set. */
	private static String withUnusedBitSet(String part) {
		String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
		assertThat(part.length() % 4).as("the last character has unused bits").isIn(2, 3);
		char last = part.charAt(part.length() - 1);
		String changed = part.substring(0, part.length() - 1) + alphabet.charAt(alphabet.indexOf(last) ^ 1);
		assertThat(Base64.getUrlDecoder().decode(changed)).isEqualTo(Base64.getUrlDecoder().decode(part));
		return changed;
	}

	private static String unsigned(String header, String payload, String signature) {
		return base64Url(header) + "." + payload + "." + signature;
	}

	private static String tamper(String part, UnaryOperator<String> change) {
		String json = new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8);
		String changed = change.apply(json);
		assertThat(changed).as("the tampering changes something").isNotEqualTo(json);
		return base64Url(changed);
	}

	private static String base64Url(String json) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
	}

	private static Arguments attack(String name, String token) {
		return Arguments.of(name, token);
	}

	private record Tokens(String access, String refresh) {
	}

}
