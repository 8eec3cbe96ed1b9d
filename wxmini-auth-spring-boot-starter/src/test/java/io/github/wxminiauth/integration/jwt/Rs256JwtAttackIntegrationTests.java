package io.github.wxminiauth.integration.jwt;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;

import com.auth0.jwt.JWTCreator;
import com.auth0.jwt.algorithms.Algorithm;
import io.github.wxminiauth.integration.support.HardeningTestApplication;
import io.github.wxminiauth.integration.support.TestHttp;
import io.github.wxminiauth.integration.support.WeChatStub;
import io.github.wxminiauth.integration.support.WxMiniIntegrationTest;
import io.github.wxminiauth.test.Der;
import io.github.wxminiauth.test.TestKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HS/RS algorithm confusion on an RS256 instance, over real HTTP: an HS256 token whose HMAC key
 * is the instance's RSA public key in any form an attacker can get hold of (PEM and DER
 * SubjectPublicKeyInfo, PKCS#1 in PEM and DER, the published JWK, the modulus {@code n}) is
 * answered 401 {@code invalid_token}, while the same claims signed with the RSA key are accepted.
 */
@WxMiniIntegrationTest(classes = HardeningTestApplication.class,
		properties = { "wxmini.app-id=" + WeChatStub.APP_ID, "wxmini.app-secret=" + WeChatStub.APP_SECRET,
				"wxmini.jwt.algorithm=RS256" })
class Rs256JwtAttackIntegrationTests {

	private static final TestKeys files = new TestKeys();

	private static final KeyPair KEY = TestKeys.rsa(2048);

	private static final RSAPublicKey PUBLIC = (RSAPublicKey) KEY.getPublic();

	static {
		files.writePem("rs-1", KEY);
	}

	TestHttp http;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("wxmini.jwt.keys[0].kid", () -> "rs-1");
		registry.add("wxmini.jwt.keys[0].private-key", () -> files.privateKeyFile("rs-1").toUri().toString());
		registry.add("wxmini.jwt.keys[0].public-key", () -> files.publicKeyFile("rs-1").toUri().toString());
	}

	@Test
	void theBaselineForgeryWithTheRightKeyIsAccepted() {
		TestHttp.Response me = this.http.get("/api/me",
				forged().withKeyId("rs-1").sign(Algorithm.RSA256(PUBLIC, (RSAPrivateKey) KEY.getPrivate())));
		assertThat(me.status()).isEqualTo(200);
		assertThat(me.text("openid")).isEqualTo("openid-forged");
	}

	@Test
	void hs256TokensKeyedWithEveryFormOfThePublishedKeyAnswer401InvalidToken() {
		JsonNode jwks = this.http.get("/.well-known/jwks.json", null).json();
		JsonNode jwk = jwks.get("keys").get(0);
		assertThat(jwk.get("n").asString()).as("the published modulus is this key's")
			.isEqualTo(base64Url(unsigned(PUBLIC.getModulus())));
		List<byte[]> keys = new ArrayList<>(publicKeyForms());
		keys.add(new JsonMapper().writeValueAsBytes(jwk));
		keys.add(new JsonMapper().writeValueAsBytes(jwks));
		keys.add(jwk.get("n").asString().getBytes(StandardCharsets.US_ASCII));
		for (byte[] secret : keys) {
			for (boolean withKid : List.of(true, false)) {
				JWTCreator.Builder token = withKid ? forged().withKeyId("rs-1") : forged();
				assertInvalidToken(this.http.get("/api/me", token.sign(Algorithm.HMAC256(secret))));
			}
		}
	}

	static Stream<Arguments> publicKeyFormsByName() {
		List<byte[]> forms = publicKeyForms();
		return Stream.of(Arguments.of("PEM SubjectPublicKeyInfo", forms.get(0)),
				Arguments.of("DER SubjectPublicKeyInfo", forms.get(1)),
				Arguments.of("PEM PKCS#1", forms.get(2)), Arguments.of("DER PKCS#1", forms.get(3)),
				Arguments.of("modulus bytes", forms.get(4)));
	}

	@ParameterizedTest(name = "HS256 keyed with the public key as {0}, logout")
	@MethodSource("publicKeyFormsByName")
	void confusedTokenCannotLogASessionOut(String name, byte[] secret) {
		assertInvalidToken(
				this.http.postJson("/wx/logout", "", forged().withKeyId("rs-1").sign(Algorithm.HMAC256(secret))));
	}

	/** SPKI as PEM text and DER, PKCS#1 as PEM text and DER, the modulus as unsigned bytes. */
	private static List<byte[]> publicKeyForms() {
		byte[] spki = PUBLIC.getEncoded();
		byte[] pkcs1 = Der.sequence(Der.integer(PUBLIC.getModulus()), Der.integer(PUBLIC.getPublicExponent()));
		return List.of(TestKeys.pem("PUBLIC KEY", spki).getBytes(StandardCharsets.US_ASCII), spki,
				TestKeys.pem("RSA PUBLIC KEY", pkcs1).getBytes(StandardCharsets.US_ASCII), pkcs1,
				unsigned(PUBLIC.getModulus()));
	}

	private static JWTCreator.Builder forged() {
		return JwtAttackIntegrationTests.baseline();
	}

	private static byte[] unsigned(BigInteger value) {
		byte[] bytes = value.toByteArray();
		return (bytes[0] == 0) ? Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
	}

	private static String base64Url(byte[] bytes) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	private static void assertInvalidToken(TestHttp.Response response) {
		assertThat(response.status()).isEqualTo(401);
		assertThat(response.header("WWW-Authenticate")).isEqualTo("Bearer error=\"invalid_token\"");
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
		assertThat(response.text("error")).isEqualTo("invalid_token");
	}

}
