package io.github.wxminiauth.interop;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import io.github.wxminiauth.interop.resourceserver.JwkSetUriConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Spring Boot OAuth2 resource server that knows nothing but the starter's JWK Set URL accepts
 * its ES256 access tokens, maps their authorities for {@code @PreAuthorize}, and refuses tampered,
 * expired and foreign-issuer tokens.
 */
class JwkSetUriInteropTests {

	@TempDir
	static Path keys;

	static KeyPair key;

	static Interop interop;

	@BeforeAll
	static void start() throws Exception {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
		generator.initialize(new ECGenParameterSpec("secp256r1"));
		key = generator.generateKeyPair();
		Path privateKey = Files.writeString(keys.resolve("jwt.key"), pem("PRIVATE KEY", key.getPrivate().getEncoded()),
				StandardCharsets.US_ASCII);
		Path publicKey = Files.writeString(keys.resolve("jwt.pub"), pem("PUBLIC KEY", key.getPublic().getEncoded()),
				StandardCharsets.US_ASCII);
		interop = new Interop();
		interop.startIssuer("wxmini.jwt.algorithm=ES256", "wxmini.jwt.keys[0].kid=interop-1",
				"wxmini.jwt.keys[0].private-key=" + privateKey.toUri(),
				"wxmini.jwt.keys[0].public-key=" + publicKey.toUri());
		interop.startResourceServer(JwkSetUriConfiguration.class,
				"spring.security.oauth2.resourceserver.jwt.jwk-set-uri=" + interop.issuerUrl() + "/.well-known/jwks.json",
				"spring.security.oauth2.resourceserver.jwt.jws-algorithms=ES256");
	}

	@AfterAll
	static void stop() {
		interop.close();
	}

	@Test
	void resourceServerAcceptsOurAccessTokenWithItsAuthorities() {
		String token = interop.login("o-interop-1");
		Interop.Response me = interop.resourceServer("/me", token);
		assertThat(me.status()).as(me.body()).isEqualTo(200);
		assertThat(me.json().get("sub").asString()).isEqualTo("o-interop-1");
		assertThat(me.json().get("appid").asString()).isEqualTo(Interop.APP_ID);
		// Our claim's values, unprefixed; Spring Security 7 adds the FACTOR_BEARER factor itself.
		assertThat(me.json().get("authorities").toString()).isEqualTo("[\"FACTOR_BEARER\",\"ROLE_USER\"]");
	}

	@Test
	void preAuthorizeOnPhoneVerifiedWorksWithTheTokenOfAPhoneBinding() {
		String token = interop.login("o-interop-phone");
		assertThat(interop.resourceServer("/orders", token).status()).isEqualTo(403);
		String verified = interop.bindPhone(token, "13800138011");
		assertThat(interop.resourceServer("/orders", verified).status()).isEqualTo(200);
	}

	@Test
	void tamperedTokenIsRefused() {
		String token = interop.login("o-interop-tamper");
		assertInvalidToken(interop.resourceServer("/me", Interop.tamper(token, "ROLE_USER", "ROLE_ADMIN")));
		assertInvalidToken(interop.resourceServer("/me", Interop.tamper(token, "o-interop-tamper", "o-interop-victim")));
	}

	@Test
	void expiredTokenIsRefused() {
		interop.issuerClock().shift(Duration.ofHours(-3));
		String expired;
		try {
			expired = interop.login("o-interop-expired");
		}
		finally {
			interop.issuerClock().shift(Duration.ZERO);
		}
		assertThat(JWT.decode(expired).getExpiresAtAsInstant()).isBefore(Instant.now().minus(Duration.ofMinutes(30)));
		assertInvalidToken(interop.resourceServer("/me", expired));
	}

	@Test
	void tokenOfAnotherIssuerIsRefusedEvenWithTheRightKey() {
		Algorithm right = Algorithm.ECDSA256((ECPublicKey) key.getPublic(), (ECPrivateKey) key.getPrivate());
		assertThat(interop.resourceServer("/me", forged("wxmini-auth").sign(right)).status())
			.as("the same token with our issuer is accepted")
			.isEqualTo(200);
		assertInvalidToken(interop.resourceServer("/me", forged("someone-else").sign(right)));
	}

	@Test
	void tokenWithAKidTheJwkSetDoesNotHoldIsRefused() throws Exception {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
		generator.initialize(new ECGenParameterSpec("secp256r1"));
		KeyPair other = generator.generateKeyPair();
		String token = JWT.create()
			.withIssuer("wxmini-auth")
			.withKeyId("interop-2")
			.withSubject("o-forged")
			.withIssuedAt(Instant.now())
			.withExpiresAt(Instant.now().plusSeconds(600))
			.sign(Algorithm.ECDSA256((ECPublicKey) other.getPublic(), (ECPrivateKey) other.getPrivate()));
		assertInvalidToken(interop.resourceServer("/me", token));
	}

	private static com.auth0.jwt.JWTCreator.Builder forged(String issuer) {
		return JWT.create()
			.withKeyId("interop-1")
			.withIssuer(issuer)
			.withSubject("o-forged")
			.withIssuedAt(Instant.now())
			.withExpiresAt(Instant.now().plusSeconds(600))
			.withClaim("appid", Interop.APP_ID)
			.withClaim("authorities", List.of("ROLE_USER"));
	}

	static void assertInvalidToken(Interop.Response response) {
		assertThat(response.status()).isEqualTo(401);
		assertThat(response.header("WWW-Authenticate")).startsWith("Bearer error=\"invalid_token\"");
	}

	private static String pem(String label, byte[] der) {
		return "-----BEGIN " + label + "-----\n"
				+ Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
				+ "\n-----END " + label + "-----\n";
	}

}
