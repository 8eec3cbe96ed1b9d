package io.github.wxminiauth.token;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTCreator;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.interfaces.DecodedJWT;
import io.github.wxminiauth.test.Es256Signatures;
import io.github.wxminiauth.test.MutableClock;
import io.github.wxminiauth.test.TestKeys;
import io.github.wxminiauth.user.WxPrincipal;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Access JWTs signed with asymmetric keys: the {@code kid} picks the verifying key, the
 * configured algorithm is the only one accepted, and rotation keeps old tokens alive exactly as
 * long as their key is listed.
 */
class AsymmetricAccessJwtCodecTests {

	private static final Instant NOW = Instant.parse("2026-03-01T08:00:00Z");

	private static final Duration SKEW = Duration.ofSeconds(30);

	private static final WxPrincipal SESSION = new WxPrincipal("wx123", "o-openid", null, "sid-1");

	private static final KeyPair OLD = TestKeys.p256();

	private static final KeyPair NEW = TestKeys.p256();

	private final MutableClock clock = new MutableClock(NOW);

	private AccessJwtCodec codec(JwtSigningKey... keys) {
		return AccessJwtCodec.signedWith(new JwtSigningKeys(JwsAlgorithm.ES256, List.of(keys), keys[0].keyId()),
				"wxmini-auth", SKEW, this.clock);
	}

	private static JwtSigningKey signing(String kid, KeyPair pair) {
		return new JwtSigningKey(kid, pair.getPublic(), pair.getPrivate());
	}

	private static JwtSigningKey verifying(String kid, KeyPair pair) {
		return new JwtSigningKey(kid, pair.getPublic(), null);
	}

	private static String encode(AccessJwtCodec codec) {
		return codec.encode(SESSION, List.of("ROLE_USER"), NOW, NOW.plus(Duration.ofHours(2)), "jti-1");
	}

	@Test
	void es256TokenNamesItsKeyAndVerifies() {
		AccessJwtCodec codec = codec(signing("k1", OLD));
		String token = encode(codec);
		DecodedJWT jwt = JWT.decode(token);
		assertThat(jwt.getAlgorithm()).isEqualTo("ES256");
		assertThat(jwt.getKeyId()).isEqualTo("k1");
		assertThat(jwt.getType()).isEqualTo("JWT");
		assertThat(codec.decode(token).principal()).isEqualTo(SESSION);
		assertThat(codec).hasToString("AccessJwtCodec[issuer=wxmini-auth, algorithm=ES256]");
	}

	@Test
	void rs256TokenNamesItsKeyAndVerifies() {
		KeyPair rsa = TestKeys.rsa(2048);
		AccessJwtCodec codec = AccessJwtCodec.signedWith(
				new JwtSigningKeys(JwsAlgorithm.RS256, List.of(signing("r1", rsa)), "r1"), "wxmini-auth", SKEW,
				this.clock);
		String token = encode(codec);
		assertThat(JWT.decode(token).getAlgorithm()).isEqualTo("RS256");
		assertThat(JWT.decode(token).getKeyId()).isEqualTo("r1");
		assertThat(codec.decode(token).principal()).isEqualTo(SESSION);
	}

	@Test
	void tokenOfTheOldKeyStillVerifiesAfterTheNewKeyBecameActive() {
		String oldToken = encode(codec(signing("old", OLD)));
		AccessJwtCodec rotated = codec(signing("new", NEW), verifying("old", OLD));
		assertThat(rotated.decode(oldToken).principal()).isEqualTo(SESSION);
		String newToken = encode(rotated);
		assertThat(JWT.decode(newToken).getKeyId()).isEqualTo("new");
		assertThat(rotated.decode(newToken).principal()).isEqualTo(SESSION);
	}

	@Test
	void tokenOfARemovedKeyIsRefused() {
		String oldToken = encode(codec(signing("old", OLD)));
		AccessJwtCodec withoutOld = codec(signing("new", NEW));
		assertThatExceptionOfType(InvalidAccessTokenException.class).isThrownBy(() -> withoutOld.decode(oldToken))
			.withMessage("access token names no known key");
	}

	@Test
	void kidNamingAnotherKeyOfTheSetDoesNotVerify() {
		AccessJwtCodec codec = codec(signing("new", NEW), verifying("old", OLD));
		// Signed with the new key, but claiming to be the old one's.
		String token = builder().withKeyId("old").sign(Algorithm.ECDSA256((ECPublicKey) NEW.getPublic(),
				(ECPrivateKey) NEW.getPrivate()));
		assertThatExceptionOfType(InvalidAccessTokenException.class).isThrownBy(() -> codec.decode(token))
			.withMessage("access token signature invalid");
	}

	@Test
	void tokenWithoutKidIsRefusedEvenWithTheRightKey() {
		AccessJwtCodec codec = codec(signing("k1", OLD));
		String token = builder().sign(Algorithm.ECDSA256((ECPublicKey) OLD.getPublic(), (ECPrivateKey) OLD.getPrivate()));
		assertThatExceptionOfType(InvalidAccessTokenException.class).isThrownBy(() -> codec.decode(token))
			.withMessage("access token names no known key");
	}

	@Test
	void hs256TokenKeyedWithThePublicKeyIsRefused() {
		AccessJwtCodec codec = codec(signing("k1", OLD));
		byte[] der = OLD.getPublic().getEncoded();
		byte[] pem = TestKeys.pem("PUBLIC KEY", der).getBytes(StandardCharsets.US_ASCII);
		for (byte[] secret : List.of(der, pem)) {
			String token = builder().withKeyId("k1").sign(Algorithm.HMAC256(secret));
			assertThatExceptionOfType(InvalidAccessTokenException.class).isThrownBy(() -> codec.decode(token))
				.withMessage("access token algorithm not accepted");
		}
	}

	@Test
	void algNoneWithAKnownKidIsRefused() {
		AccessJwtCodec codec = codec(signing("k1", OLD));
		String[] parts = encode(codec).split("\\.");
		String header = base64Url("{\"alg\":\"none\",\"typ\":\"JWT\",\"kid\":\"k1\"}");
		assertThatExceptionOfType(InvalidAccessTokenException.class)
			.isThrownBy(() -> codec.decode(header + "." + parts[1] + "."))
			.withMessage("access token algorithm not accepted");
	}

	@Test
	void keyUrlHeadersAreRefusedEvenOnATokenSignedWithTheRightKey() {
		AccessJwtCodec codec = codec(signing("k1", OLD));
		Algorithm right = Algorithm.ECDSA256((ECPublicKey) OLD.getPublic(), (ECPrivateKey) OLD.getPrivate());
		for (String header : List.of("jku", "x5u", "jwk", "x5c")) {
			String token = builder().withKeyId("k1").withHeader(Map.of(header, "https://attacker.example/k")).sign(right);
			assertThatExceptionOfType(InvalidAccessTokenException.class).isThrownBy(() -> codec.decode(token))
				.withMessage("access token has an unexpected '" + header + "' header");
		}
		assertThat(codec.decode(Es256Signatures.lowS(builder().withKeyId("k1").sign(right))).principal().openid())
			.isEqualTo("o-openid");
	}

	private static JWTCreator.Builder builder() {
		return JWT.create()
			.withIssuer("wxmini-auth")
			.withSubject("o-openid")
			.withIssuedAt(NOW)
			.withExpiresAt(NOW.plusSeconds(600))
			.withJWTId("jti-1")
			.withClaim("openid", "o-openid")
			.withClaim("appid", "wx123")
			.withClaim("sid", "sid-1")
			.withArrayClaim("authorities", new String[] { "ROLE_USER" });
	}

	private static String base64Url(String json) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
	}

	@Test
	void es256TokensAreSignedWithLowSAndTheirHighSTwinIsRefused() {
		AccessJwtCodec codec = codec(signing("k1", OLD));
		// ECDSA picks s at random: enough tokens for the high half to have come up unnormalised.
		for (int i = 0; i < 16; i++) {
			String token = codec.encode(SESSION, List.of("ROLE_USER"), NOW, NOW.plus(Duration.ofHours(2)), "jti-" + i);
			assertThat(Es256Signatures.s(token)).as("s of an issued token")
				.isLessThanOrEqualTo(Es256Signatures.P256_ORDER.shiftRight(1));
			assertThat(codec.decode(token).tokenId()).isEqualTo("jti-" + i);
			String highS = Es256Signatures.highS(token);
			// The twin is a valid signature (the library throws otherwise), but a second spelling.
			Algorithm.ECDSA256((ECPublicKey) OLD.getPublic(), null).verify(JWT.decode(highS));
			assertThatExceptionOfType(InvalidAccessTokenException.class).isThrownBy(() -> codec.decode(highS))
				.withMessage("access token signature is not in its canonical form");
		}
	}

}
