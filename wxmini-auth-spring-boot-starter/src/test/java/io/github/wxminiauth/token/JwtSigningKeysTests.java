package io.github.wxminiauth.token;

import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import io.github.wxminiauth.test.MutableClock;
import io.github.wxminiauth.test.TestKeys;
import io.github.wxminiauth.token.internal.JsonWebKeys;
import io.github.wxminiauth.user.WxPrincipal;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class JwtSigningKeysTests {

	private static final KeyPair EC = TestKeys.p256();

	private static final KeyPair RSA = TestKeys.rsa(2048);

	private static final Instant NOW = Instant.parse("2026-03-01T08:00:00Z");

	@Test
	void jwkSetOfAnEcKeyHoldsTheRfc7517MembersAndNothingPrivate() {
		JwtSigningKeys keys = new JwtSigningKeys(JwsAlgorithm.ES256,
				List.of(new JwtSigningKey("ec-1", EC.getPublic(), EC.getPrivate())), "ec-1");
		JsonNode jwk = jwkSet(keys).get("keys").get(0);
		assertThat(names(jwk)).containsExactlyInAnyOrder("kty", "kid", "use", "alg", "crv", "x", "y");
		assertThat(jwk.get("kty").asString()).isEqualTo("EC");
		assertThat(jwk.get("kid").asString()).isEqualTo("ec-1");
		assertThat(jwk.get("use").asString()).isEqualTo("sig");
		assertThat(jwk.get("alg").asString()).isEqualTo("ES256");
		assertThat(jwk.get("crv").asString()).isEqualTo("P-256");
		assertThat(Base64.getUrlDecoder().decode(jwk.get("x").asString())).hasSize(32);
		assertThat(Base64.getUrlDecoder().decode(jwk.get("y").asString())).hasSize(32);
	}

	@Test
	void ecJwkParsedBackWithTheJdkVerifiesATokenOfTheKeySet() throws Exception {
		JwtSigningKeys keys = new JwtSigningKeys(JwsAlgorithm.ES256,
				List.of(new JwtSigningKey("ec-1", EC.getPublic(), EC.getPrivate())), "ec-1");
		JsonNode jwk = jwkSet(keys).get("keys").get(0);
		ECParameterSpec p256 = ((ECPublicKey) EC.getPublic()).getParams();
		ECPoint point = new ECPoint(unsigned(jwk.get("x")), unsigned(jwk.get("y")));
		ECPublicKey parsed = (ECPublicKey) KeyFactory.getInstance("EC")
			.generatePublic(new ECPublicKeySpec(point, p256));
		String token = token(keys);
		assertThat(verifier(Algorithm.ECDSA256(parsed, null)).verify(token).getKeyId()).isEqualTo("ec-1");
	}

	@Test
	void rsaJwkParsedBackWithTheJdkVerifiesATokenOfTheKeySet() throws Exception {
		JwtSigningKeys keys = new JwtSigningKeys(JwsAlgorithm.RS256,
				List.of(new JwtSigningKey("rsa-1", RSA.getPublic(), RSA.getPrivate())), "rsa-1");
		JsonNode jwk = jwkSet(keys).get("keys").get(0);
		assertThat(names(jwk)).containsExactlyInAnyOrder("kty", "kid", "use", "alg", "n", "e");
		assertThat(jwk.get("kty").asString()).isEqualTo("RSA");
		assertThat(jwk.get("alg").asString()).isEqualTo("RS256");
		assertThat(jwk.get("e").asString()).isEqualTo("AQAB");
		RSAPublicKey parsed = (RSAPublicKey) KeyFactory.getInstance("RSA")
			.generatePublic(new RSAPublicKeySpec(unsigned(jwk.get("n")), unsigned(jwk.get("e"))));
		assertThat(parsed).isEqualTo(RSA.getPublic());
		String token = token(keys);
		assertThat(verifier(Algorithm.RSA256(parsed, null)).verify(token).getKeyId()).isEqualTo("rsa-1");
	}

	@Test
	void jwkSetListsEveryKeyInOrderTheVerifyOnlyOnesIncluded() {
		KeyPair old = TestKeys.p256();
		JwtSigningKeys keys = new JwtSigningKeys(JwsAlgorithm.ES256,
				List.of(new JwtSigningKey("new", EC.getPublic(), EC.getPrivate()),
						new JwtSigningKey("old", old.getPublic(), null)),
				"new");
		JsonNode set = jwkSet(keys);
		assertThat(set.get("keys")).hasSize(2);
		assertThat(set.get("keys").get(0).get("kid").asString()).isEqualTo("new");
		assertThat(set.get("keys").get(1).get("kid").asString()).isEqualTo("old");
		assertThat(keys.activeKey().keyId()).isEqualTo("new");
	}

	@Test
	void thumbprintMatchesTheRfc7638Example() throws Exception {
		// RFC 7638, section 3.1.
		String n = "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKR"
				+ "XjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAt"
				+ "aSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPk"
				+ "sINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw";
		PublicKey key = KeyFactory.getInstance("RSA")
			.generatePublic(new RSAPublicKeySpec(new BigInteger(1, Base64.getUrlDecoder().decode(n)),
					BigInteger.valueOf(65537)));
		assertThat(JsonWebKeys.thumbprint(key)).isEqualTo("NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs");
	}

	@Test
	void thumbprintsOfDifferentKeysDiffer() {
		assertThat(JsonWebKeys.thumbprint(EC.getPublic()))
			.isNotEqualTo(JsonWebKeys.thumbprint(TestKeys.p256().getPublic()))
			.isEqualTo(JsonWebKeys.thumbprint(EC.getPublic()));
	}

	@Test
	void es256RefusesAnRsaKey() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> JsonWebKeys.check(JwsAlgorithm.ES256,
					new JwtSigningKey("k", RSA.getPublic(), RSA.getPrivate())))
			.withMessage("ES256 needs an EC key on curve P-256, but this is an RSA key");
	}

	@Test
	void es256RefusesAKeyOnAnotherCurve() {
		KeyPair p384 = TestKeys.ec("secp384r1");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> JsonWebKeys.check(JwsAlgorithm.ES256,
					new JwtSigningKey("k", p384.getPublic(), p384.getPrivate())))
			.withMessageContaining("ES256 needs an EC key on curve P-256")
			.withMessageContaining("another curve (384 bits)");
	}

	@Test
	void rs256RefusesAKeyUnder2048Bits() {
		KeyPair small = TestKeys.rsa(1024);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> JsonWebKeys.check(JwsAlgorithm.RS256,
					new JwtSigningKey("k", small.getPublic(), small.getPrivate())))
			.withMessage("RS256 needs an RSA key of at least 2048 bits, but this one has 1024");
	}

	@Test
	void rs256RefusesAnEcKey() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> JsonWebKeys.check(JwsAlgorithm.RS256, new JwtSigningKey("k", EC.getPublic(), null)))
			.withMessage("RS256 needs an RSA key, but this is an EC key");
	}

	@Test
	void privateKeyOfAnotherPairIsRefused() {
		KeyPair other = TestKeys.p256();
		assertThatIllegalArgumentException()
			.isThrownBy(() -> JsonWebKeys.check(JwsAlgorithm.ES256,
					new JwtSigningKey("k", EC.getPublic(), other.getPrivate())))
			.withMessage("the private key does not belong to the public key");
		KeyPair otherRsa = TestKeys.rsa(2048);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> JsonWebKeys.check(JwsAlgorithm.RS256,
					new JwtSigningKey("k", RSA.getPublic(), otherRsa.getPrivate())))
			.withMessage("the private key does not belong to the public key");
	}

	@Test
	void repeatedKidIsRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new JwtSigningKeys(JwsAlgorithm.ES256,
					List.of(new JwtSigningKey("k", EC.getPublic(), EC.getPrivate()),
							new JwtSigningKey("k", TestKeys.p256().getPublic(), null)),
					"k"))
			.withMessage("kid 'k' repeats");
	}

	@Test
	void activeKeyWithoutPrivateKeyIsRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new JwtSigningKeys(JwsAlgorithm.ES256,
					List.of(new JwtSigningKey("k", EC.getPublic(), null)), "k"))
			.withMessage("active key 'k' has no private key");
	}

	@Test
	void hs256IsNotAKeySetAlgorithm() {
		assertThatIllegalArgumentException().isThrownBy(() -> new JwtSigningKeys(JwsAlgorithm.HS256,
				List.of(new JwtSigningKey("k", EC.getPublic(), EC.getPrivate())), "k"));
	}

	@Test
	void toStringNamesNoKeyMaterial() {
		JwtSigningKeys keys = new JwtSigningKeys(JwsAlgorithm.ES256,
				List.of(new JwtSigningKey("ec-1", EC.getPublic(), EC.getPrivate())), "ec-1");
		assertThat(keys).hasToString("JwtSigningKeys[algorithm=ES256, activeKeyId=ec-1, keyIds=[ec-1]]");
		assertThat(keys.activeKey()).hasToString("JwtSigningKey[keyId=ec-1, type=EC, canSign=true]");
	}

	private static String token(JwtSigningKeys keys) {
		AccessJwtCodec codec = AccessJwtCodec.signedWith(keys, "wxmini-auth", Duration.ofSeconds(30),
				new MutableClock(NOW));
		return codec.encode(new WxPrincipal("wx1", "o-1", null, "sid-1"), List.of(), NOW, NOW.plusSeconds(60), "j");
	}

	private static JWTVerifier verifier(Algorithm algorithm) {
		return ((JWTVerifier.BaseVerification) JWT.require(algorithm)).build(new MutableClock(NOW));
	}

	private static JsonNode jwkSet(JwtSigningKeys keys) {
		JsonMapper mapper = new JsonMapper();
		Map<String, Object> set = keys.toJwkSet();
		return mapper.readTree(mapper.writeValueAsString(set));
	}

	private static List<String> names(JsonNode node) {
		return List.copyOf(node.propertyNames());
	}

	private static BigInteger unsigned(JsonNode base64Url) {
		return new BigInteger(1, Base64.getUrlDecoder().decode(base64Url.asString()));
	}

}
