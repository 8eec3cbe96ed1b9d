package io.github.wxminiauth.interop;

import java.time.Duration;
import java.time.Instant;

import com.auth0.jwt.JWT;
import io.github.wxminiauth.interop.resourceserver.SharedSecretConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static io.github.wxminiauth.interop.JwkSetUriInteropTests.assertInvalidToken;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Spring Boot OAuth2 resource server holding the shared HS256 secret accepts the starter's
 * default HS256 access tokens, and refuses tampered, expired and differently keyed ones. The
 * starter serves no JWK Set then.
 */
class SharedSecretInteropTests {

	private static final String SECRET = "interop-shared-secret-of-at-least-32-bytes";

	static Interop interop;

	@BeforeAll
	static void start() {
		interop = new Interop();
		interop.startIssuer("wxmini.jwt.secret=" + SECRET);
		interop.startResourceServer(SharedSecretConfiguration.class, "app.wxmini-jwt-secret=" + SECRET);
	}

	@AfterAll
	static void stop() {
		interop.close();
	}

	@Test
	void resourceServerAcceptsOurHs256AccessToken() {
		String token = interop.login("o-shared-1");
		assertThat(JWT.decode(token).getAlgorithm()).isEqualTo("HS256");
		Interop.Response me = interop.resourceServer("/me", token);
		assertThat(me.status()).as(me.body()).isEqualTo(200);
		assertThat(me.json().get("sub").asString()).isEqualTo("o-shared-1");
		// Our claim's values, unprefixed; Spring Security 7 adds the FACTOR_BEARER factor itself.
		assertThat(me.json().get("authorities").toString()).isEqualTo("[\"FACTOR_BEARER\",\"ROLE_USER\"]");
	}

	@Test
	void preAuthorizeOnPhoneVerifiedWorksWithTheTokenOfAPhoneBinding() {
		String token = interop.login("o-shared-phone");
		assertThat(interop.resourceServer("/orders", token).status()).isEqualTo(403);
		assertThat(interop.resourceServer("/orders", interop.bindPhone(token, "13800138012")).status()).isEqualTo(200);
	}

	@Test
	void tamperedTokenIsRefused() {
		String token = interop.login("o-shared-tamper");
		assertInvalidToken(interop.resourceServer("/me", Interop.tamper(token, "ROLE_USER", "ROLE_ADMIN")));
	}

	@Test
	void expiredTokenIsRefused() {
		interop.issuerClock().shift(Duration.ofHours(-3));
		String expired;
		try {
			expired = interop.login("o-shared-expired");
		}
		finally {
			interop.issuerClock().shift(Duration.ZERO);
		}
		assertThat(JWT.decode(expired).getExpiresAtAsInstant()).isBefore(Instant.now().minus(Duration.ofMinutes(30)));
		assertInvalidToken(interop.resourceServer("/me", expired));
	}

	@Test
	void tokenSignedWithAnotherSecretIsRefused() {
		String token = JWT.create()
			.withIssuer("wxmini-auth")
			.withSubject("o-forged")
			.withIssuedAt(Instant.now())
			.withExpiresAt(Instant.now().plusSeconds(600))
			.sign(com.auth0.jwt.algorithms.Algorithm.HMAC256("another-secret-of-at-least-32-bytes!!"));
		assertInvalidToken(interop.resourceServer("/me", token));
	}

	@Test
	void noJwkSetIsServedWithHs256() {
		Interop.Response jwks = interop.issuer("/.well-known/jwks.json");
		assertThat(jwks.status()).isEqualTo(401);
		assertThat(jwks.body()).doesNotContain("\"keys\"");
	}

}
