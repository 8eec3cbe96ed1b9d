package io.github.wxminiauth.integration.jwt;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Stream;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import io.github.wxminiauth.integration.support.HardeningTestApplication;
import io.github.wxminiauth.integration.support.TestHttp;
import io.github.wxminiauth.integration.support.WeChatStub;
import io.github.wxminiauth.integration.support.WxMiniIntegrationTest;
import io.github.wxminiauth.test.Es256Signatures;
import io.github.wxminiauth.test.TestKeys;
import io.github.wxminiauth.token.internal.JsonWebKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With ES256 keys configured, over real HTTP: the JWK Set is public and verifies our tokens, and
 * algorithm confusion (an HS256 token keyed with the public key), {@code alg: none}, a {@code kid}
 * naming another key and key-URL headers are all answered 401 {@code invalid_token}. Each forgery
 * is checked against a baseline signed with the right key that the application accepts.
 */
@WxMiniIntegrationTest(classes = HardeningTestApplication.class,
		properties = { "wxmini.app-id=" + WeChatStub.APP_ID, "wxmini.app-secret=" + WeChatStub.APP_SECRET,
				"wxmini.jwt.algorithm=ES256" })
class AsymmetricJwtAttackIntegrationTests {

	private static final TestKeys files = new TestKeys();

	private static final KeyPair KEY = TestKeys.p256();

	private static final Algorithm RIGHT = Algorithm.ECDSA256((ECPublicKey) KEY.getPublic(),
			(ECPrivateKey) KEY.getPrivate());

	static WeChatStub wechat;

	static {
		files.writePem("es-1", KEY);
	}

	TestHttp http;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		// A list binds from one property source only, so every element's properties are here.
		registry.add("wxmini.jwt.keys[0].kid", () -> "es-1");
		registry.add("wxmini.jwt.keys[0].private-key", () -> files.privateKeyFile("es-1").toUri().toString());
		registry.add("wxmini.jwt.keys[0].public-key", () -> files.publicKeyFile("es-1").toUri().toString());
	}

	@Test
	void loginIssuesAnEs256TokenNamingTheKey() {
		wechat.login("code-es256", "openid-es256");
		TestHttp.Response login = this.http.postJson("/wx/login", "{\"code\":\"code-es256\"}");
		assertThat(login.status()).isEqualTo(200);
		String token = login.text("access_token");
		assertThat(JWT.decode(token).getAlgorithm()).isEqualTo("ES256");
		assertThat(JWT.decode(token).getKeyId()).isEqualTo("es-1");
		assertThat(this.http.get("/api/me", token).status()).isEqualTo(200);
	}

	@Test
	void theBaselineForgeryWithTheRightKeyIsAccepted() {
		TestHttp.Response me = this.http.get("/api/me",
				Es256Signatures.lowS(JwtAttackIntegrationTests.baseline().withKeyId("es-1").sign(RIGHT)));
		assertThat(me.status()).isEqualTo(200);
		assertThat(me.text("openid")).isEqualTo("openid-forged");
	}

	@Test
	void jwkSetIsPublicCacheableAndVerifiesIssuedTokens() throws Exception {
		TestHttp.Response jwks = this.http.get("/.well-known/jwks.json", null);
		assertThat(jwks.status()).isEqualTo(200);
		assertThat(jwks.header("Content-Type")).startsWith("application/json");
		assertThat(jwks.header("Cache-Control")).isEqualTo("max-age=300, public");
		assertThat(jwks.header("Pragma")).isNull();
		JsonNode keys = jwks.json().get("keys");
		assertThat(keys).hasSize(1);
		JsonNode jwk = keys.get(0);
		assertThat(jwk.get("kty").asString()).isEqualTo("EC");
		assertThat(jwk.get("kid").asString()).isEqualTo("es-1");
		assertThat(jwk.get("use").asString()).isEqualTo("sig");
		assertThat(jwk.get("alg").asString()).isEqualTo("ES256");
		assertThat(jwk.get("crv").asString()).isEqualTo("P-256");
		assertThat(jwk.has("d")).as("no private member").isFalse();
		ECPublicKey published = (ECPublicKey) KeyFactory.getInstance("EC")
			.generatePublic(new ECPublicKeySpec(new ECPoint(unsigned(jwk.get("x")), unsigned(jwk.get("y"))),
					((ECPublicKey) KEY.getPublic()).getParams()));
		wechat.login("code-jwks", "openid-jwks");
		String token = this.http.postJson("/wx/login", "{\"code\":\"code-jwks\"}").text("access_token");
		assertThat(JWT.require(Algorithm.ECDSA256(published, null)).build().verify(token).getSubject())
			.isEqualTo("openid-jwks");
	}

	@Test
	void jwkSetIsServedEvenWithABadBearerToken() {
		assertThat(this.http.get("/.well-known/jwks.json", "not-a-jwt").status()).isEqualTo(200);
	}

	static Stream<Arguments> confusedTokens() {
		byte[] der = KEY.getPublic().getEncoded();
		byte[] pem = TestKeys.pem("PUBLIC KEY", der).getBytes(StandardCharsets.US_ASCII);
		ECPublicKey ec = (ECPublicKey) KEY.getPublic();
		byte[] jwkJson = ("{\"kty\":\"EC\",\"kid\":\"es-1\",\"use\":\"sig\",\"alg\":\"ES256\",\"crv\":\"P-256\",\"x\":\""
				+ JsonWebKeys.thumbprint(ec) + "\"}").getBytes(StandardCharsets.UTF_8);
		String valid = JwtAttackIntegrationTests.baseline().withKeyId("es-1").sign(RIGHT);
		String[] parts = valid.split("\\.");
		KeyPair other = TestKeys.p256();
		Algorithm otherKey = Algorithm.ECDSA256((ECPublicKey) other.getPublic(), (ECPrivateKey) other.getPrivate());
		KeyPair rsa = TestKeys.rsa(2048);
		return Stream.of(
				attack("HS256 keyed with the public key (PEM text)", forged().withKeyId("es-1").sign(Algorithm.HMAC256(pem))),
				attack("HS256 keyed with the public key (DER)", forged().withKeyId("es-1").sign(Algorithm.HMAC256(der))),
				attack("HS256 keyed with the public key, no kid", forged().sign(Algorithm.HMAC256(pem))),
				attack("HS256 keyed with a JWK of the key", forged().withKeyId("es-1").sign(Algorithm.HMAC256(jwkJson))),
				attack("alg none with the right kid", base64Url("{\"alg\":\"none\",\"typ\":\"JWT\",\"kid\":\"es-1\"}") + "."
						+ parts[1] + "."),
				attack("alg none with the right kid and signature", base64Url("{\"alg\":\"none\",\"kid\":\"es-1\"}") + "."
						+ parts[1] + "." + parts[2]),
				attack("kid naming another key", forged().withKeyId("es-2").sign(otherKey)),
				attack("right kid, another key", forged().withKeyId("es-1").sign(otherKey)),
				attack("right key, no kid", forged().sign(RIGHT)),
				attack("right key, unknown kid", forged().withKeyId("https://attacker.example/keys#1").sign(RIGHT)),
				attack("jku header, right key", forged().withKeyId("es-1")
					.withHeader(Map.of("jku", "https://attacker.example/jwks.json")).sign(RIGHT)),
				attack("x5u header, right key", forged().withKeyId("es-1")
					.withHeader(Map.of("x5u", "https://attacker.example/cert.pem")).sign(RIGHT)),
				attack("jwk header embedding the attacker's key", forged().withKeyId("es-1")
					.withHeader(Map.of("jwk", Map.of("kty", "EC", "crv", "P-256"))).sign(otherKey)),
				attack("RS256 with the right kid", forged().withKeyId("es-1")
					.sign(Algorithm.RSA256((RSAPublicKey) rsa.getPublic(), (RSAPrivateKey) rsa.getPrivate()))),
				attack("high-s twin of a signature made with the right key", Es256Signatures.highS(valid)),
				attack("ES384 claimed in the header", base64Url("{\"alg\":\"ES384\",\"kid\":\"es-1\"}") + "." + parts[1]
						+ "." + parts[2]));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("confusedTokens")
	void confusedOrForeignKeyedTokenAnswers401InvalidToken(String name, String token) {
		assertInvalidToken(this.http.get("/api/me", token));
		assertInvalidToken(this.http.postJson("/wx/logout", "", token));
	}

	private static com.auth0.jwt.JWTCreator.Builder forged() {
		return JwtAttackIntegrationTests.baseline().withArrayClaim("authorities", new String[] { "ROLE_ADMIN" });
	}

	private static void assertInvalidToken(TestHttp.Response response) {
		assertThat(response.status()).isEqualTo(401);
		assertThat(response.header("WWW-Authenticate")).isEqualTo("Bearer error=\"invalid_token\"");
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
		assertThat(response.text("error")).isEqualTo("invalid_token");
	}

	private static BigInteger unsigned(JsonNode base64Url) {
		return new BigInteger(1, Base64.getUrlDecoder().decode(base64Url.asString()));
	}

	private static String base64Url(String json) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
	}

	private static Arguments attack(String name, String token) {
		return Arguments.of(name, token);
	}

}
