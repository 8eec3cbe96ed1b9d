package io.github.wxminiauth.token;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.interfaces.Claim;
import com.auth0.jwt.interfaces.DecodedJWT;
import io.github.wxminiauth.user.WxPrincipal;
import io.github.wxminiauth.test.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class AccessJwtCodecTests {

	private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

	private static final Instant NOW = Instant.parse("2025-05-01T08:00:00Z");

	private static final Duration SKEW = Duration.ofSeconds(60);

	private static final WxPrincipal SESSION = new WxPrincipal("wx123", "o-openid", "u-unionid", "sid-1");

	private final MutableClock clock = new MutableClock(NOW);

	private final AccessJwtCodec codec = AccessJwtCodec.hs256(KEY, "wxmini-auth", SKEW, this.clock);

	private String encode(WxPrincipal session) {
		return this.codec.encode(session, List.of("ROLE_USER", "PHONE_VERIFIED"), NOW, NOW.plus(Duration.ofHours(2)),
				"jti-1");
	}

	@Test
	void encodeWritesEveryContractClaimWithItsValueAndType() {
		DecodedJWT jwt = JWT.decode(encode(SESSION));
		assertThat(jwt.getAlgorithm()).isEqualTo("HS256");
		assertThat(jwt.getClaim("iss").asString()).isEqualTo("wxmini-auth");
		assertThat(jwt.getClaim("sub").asString()).isEqualTo("o-openid");
		assertThat(jwt.getClaim("iat").asLong()).isEqualTo(NOW.getEpochSecond());
		assertThat(jwt.getClaim("exp").asLong()).isEqualTo(NOW.plus(Duration.ofHours(2)).getEpochSecond());
		assertThat(jwt.getClaim("jti").asString()).isEqualTo("jti-1");
		assertThat(jwt.getClaim("openid").asString()).isEqualTo("o-openid");
		assertThat(jwt.getClaim("appid").asString()).isEqualTo("wx123");
		assertThat(jwt.getClaim("unionid").asString()).isEqualTo("u-unionid");
		assertThat(jwt.getClaim("sid").asString()).isEqualTo("sid-1");
		assertThat(jwt.getClaim("authorities").asList(String.class)).containsExactly("ROLE_USER", "PHONE_VERIFIED");
	}

	@Test
	void encodeWritesExactlyTheContractClaims() {
		DecodedJWT jwt = JWT.decode(encode(SESSION));
		assertThat(jwt.getClaims()).containsOnlyKeys("iss", "sub", "iat", "exp", "jti", "openid", "appid", "unionid",
				"sid", "authorities");
	}

	@Test
	void encodeLeavesOutUnionidWhenUnknown() {
		DecodedJWT jwt = JWT.decode(encode(new WxPrincipal("wx123", "o-openid", null, "sid-1")));
		assertThat(jwt.getClaim("unionid").isMissing()).isTrue();
		assertThat(jwt.getClaims()).containsOnlyKeys("iss", "sub", "iat", "exp", "jti", "openid", "appid", "sid",
				"authorities");
	}

	@Test
	void encodeWritesAnEmptyAuthoritiesArrayForAUserWithoutAuthorities() {
		String token = this.codec.encode(SESSION, List.of(), NOW, NOW.plusSeconds(60), "jti-1");
		Claim authorities = JWT.decode(token).getClaim("authorities");
		assertThat(authorities.asList(String.class)).isEmpty();
		assertThat(this.codec.decode(token).authorities()).isEmpty();
	}

	@Test
	void decodeReturnsTheSessionAuthoritiesTokenIdAndExpiry() {
		VerifiedAccessToken verified = this.codec.decode(encode(SESSION));
		assertThat(verified.principal()).isEqualTo(SESSION);
		assertThat(verified.authorities()).containsExactly("ROLE_USER", "PHONE_VERIFIED");
		assertThat(verified.tokenId()).isEqualTo("jti-1");
		assertThat(verified.expiresAt()).isEqualTo(NOW.plus(Duration.ofHours(2)));
	}

	@Test
	void decodeReturnsNoUnionidWhenTheTokenHasNone() {
		WxPrincipal session = new WxPrincipal("wx123", "o-openid", null, "sid-1");
		assertThat(this.codec.decode(encode(session)).principal()).isEqualTo(session);
	}

	@Test
	void decodeRejectsATamperedPayload() {
		String[] parts = encode(SESSION).split("\\.");
		String payload = decodePart(parts[1]).replace("ROLE_USER", "ROLE_ADMIN");
		assertThat(payload).contains("ROLE_ADMIN");
		String tampered = parts[0] + "." + encodePart(payload) + "." + parts[2];
		assertRejected(tampered);
	}

	@Test
	void decodeRejectsATamperedHeader() {
		String[] parts = encode(SESSION).split("\\.");
		String header = encodePart("{\"alg\":\"HS256\",\"typ\":\"JWT\",\"kid\":\"other\"}");
		assertRejected(header + "." + parts[1] + "." + parts[2]);
	}

	@Test
	void decodeRejectsAHeaderNamingAnotherAlgorithm() {
		String[] parts = encode(SESSION).split("\\.");
		String header = encodePart("{\"alg\":\"HS512\",\"typ\":\"JWT\"}");
		assertRejected(header + "." + parts[1] + "." + parts[2]);
	}

	@Test
	void decodeRejectsAStrippedSignature() {
		String[] parts = encode(SESSION).split("\\.");
		assertRejected(parts[0] + "." + parts[1] + ".");
		assertRejected(parts[0] + "." + parts[1]);
	}

	@Test
	void decodeRejectsAnUnsignedAlgNoneToken() {
		String[] parts = encode(SESSION).split("\\.");
		String header = encodePart("{\"alg\":\"none\",\"typ\":\"JWT\"}");
		assertRejected(header + "." + parts[1] + ".");
		String libraryNone = JWT.create()
			.withIssuer("wxmini-auth")
			.withIssuedAt(NOW)
			.withExpiresAt(NOW.plusSeconds(600))
			.withJWTId("jti-1")
			.withClaim("openid", "o-openid")
			.withClaim("appid", "wx123")
			.withClaim("sid", "sid-1")
			.withArrayClaim("authorities", new String[] { "ROLE_ADMIN" })
			.sign(Algorithm.none());
		assertRejected(libraryNone);
	}

	@Test
	void decodeRejectsATokenSignedWithAnotherKey() {
		byte[] otherKey = "fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.US_ASCII);
		AccessJwtCodec other = AccessJwtCodec.hs256(otherKey, "wxmini-auth", SKEW, this.clock);
		String token = other.encode(SESSION, List.of("ROLE_USER"), NOW, NOW.plusSeconds(600), "jti-1");
		assertThatExceptionOfType(InvalidAccessTokenException.class).isThrownBy(() -> this.codec.decode(token))
			.withMessage("access token signature invalid");
	}

	@Test
	void decodeAcceptsAnExpiredTokenWithinTheClockSkew() {
		String token = encode(SESSION);
		this.clock.advance(Duration.ofHours(2).plusSeconds(30));
		assertThat(this.codec.decode(token).principal()).isEqualTo(SESSION);
	}

	@Test
	void decodeRejectsATokenExpiredBeyondTheClockSkew() {
		String token = encode(SESSION);
		this.clock.advance(Duration.ofHours(2).plus(SKEW).plusSeconds(1));
		assertThatExceptionOfType(InvalidAccessTokenException.class).isThrownBy(() -> this.codec.decode(token))
			.withMessage("access token expired");
	}

	@Test
	void decodeRejectsATokenIssuedFartherInTheFutureThanTheClockSkew() {
		Instant future = NOW.plus(SKEW).plusSeconds(30);
		String token = this.codec.encode(SESSION, List.of(), future, future.plusSeconds(600), "jti-1");
		assertRejected(token);
	}

	@Test
	void decodeRejectsATokenOfAnotherIssuer() {
		AccessJwtCodec other = AccessJwtCodec.hs256(KEY, "someone-else", SKEW, this.clock);
		String token = other.encode(SESSION, List.of("ROLE_USER"), NOW, NOW.plusSeconds(600), "jti-1");
		assertRejected(token);
	}

	@Test
	void decodeRejectsATokenWithoutExpiry() {
		String token = JWT.create()
			.withIssuer("wxmini-auth")
			.withSubject("o-openid")
			.withIssuedAt(NOW)
			.withJWTId("jti-1")
			.withClaim("openid", "o-openid")
			.withClaim("appid", "wx123")
			.withClaim("sid", "sid-1")
			.withArrayClaim("authorities", new String[] { "ROLE_USER" })
			.sign(Algorithm.HMAC256(KEY));
		assertThatExceptionOfType(InvalidAccessTokenException.class).isThrownBy(() -> this.codec.decode(token))
			.withMessage("access token lacks claim 'exp'");
	}

	@Test
	void decodeRejectsATokenWithoutSession() {
		String token = JWT.create()
			.withIssuer("wxmini-auth")
			.withIssuedAt(NOW)
			.withExpiresAt(NOW.plusSeconds(600))
			.withJWTId("jti-1")
			.withClaim("openid", "o-openid")
			.withClaim("appid", "wx123")
			.withArrayClaim("authorities", new String[] { "ROLE_USER" })
			.sign(Algorithm.HMAC256(KEY));
		assertRejected(token);
	}

	@Test
	void decodeRejectsAClaimOfTheWrongType() {
		String token = JWT.create()
			.withIssuer("wxmini-auth")
			.withIssuedAt(NOW)
			.withExpiresAt(NOW.plusSeconds(600))
			.withJWTId("jti-1")
			.withClaim("openid", 42)
			.withClaim("appid", "wx123")
			.withClaim("sid", "sid-1")
			.withClaim("authorities", "ROLE_USER")
			.sign(Algorithm.HMAC256(KEY));
		assertThatExceptionOfType(InvalidAccessTokenException.class).isThrownBy(() -> this.codec.decode(token))
			.withMessage("access token has a malformed claim");
	}

	@Test
	void decodeRejectsGarbage() {
		assertRejected(null);
		assertRejected("");
		assertRejected("not a token");
		assertRejected("a.b.c");
		assertRejected("...");
		assertRejected("eyJhbGciOiJIUzI1NiJ9.bm90IGpzb24.c2ln");
		assertRejected("Zm9vYmFyZm9vYmFyZm9vYmFyZm9vYmFyZm9vYmFyZm9v");
	}

	@Test
	void rejectionMessagesNeverQuoteTheToken() {
		String[] parts = encode(SESSION).split("\\.");
		String notJson = encodePart("secret-looking-payload");
		String token = parts[0] + "." + notJson + "." + parts[2];
		assertThatExceptionOfType(InvalidAccessTokenException.class).isThrownBy(() -> this.codec.decode(token))
			.satisfies((ex) -> assertThat(ex.getMessage()).doesNotContain("secret-looking-payload")
				.doesNotContain(notJson)
				.isEqualTo("malformed access token"));
	}

	@Test
	void hs256RejectsAKeyShorterThan32Bytes() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> AccessJwtCodec.hs256(new byte[31], "wxmini-auth", SKEW, this.clock))
			.withMessage("wxmini.jwt.secret must be at least 32 bytes (256 bits) for HS256, but is 31 bytes");
	}

	@Test
	void toStringNamesIssuerAndAlgorithmOnly() {
		assertThat(this.codec).hasToString("AccessJwtCodec[issuer=wxmini-auth, algorithm=HS256]");
	}

	private void assertRejected(String token) {
		assertThatExceptionOfType(InvalidAccessTokenException.class).isThrownBy(() -> this.codec.decode(token));
	}

	private static String decodePart(String part) {
		return new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8);
	}

	private static String encodePart(String json) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
	}

	/** A token signed with the right key whose header and payload are exactly the given JSON. */
	private static String signed(String header, String payload) {
		String head = base64Url(header);
		String body = base64Url(payload);
		byte[] signature = Algorithm.HMAC256(KEY)
			.sign(head.getBytes(StandardCharsets.US_ASCII), body.getBytes(StandardCharsets.US_ASCII));
		return head + "." + body + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
	}

	private static String base64Url(String json) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
	}

	private static final String HEADER = "{\"alg\":\"HS256\",\"typ\":\"JWT\"}";

	/** The payload the starter writes, with {@code iat} and {@code exp} as given (raw JSON). */
	private static String payload(String iat, String exp, String more) {
		return "{\"iss\":\"wxmini-auth\",\"sub\":\"o-openid\",\"iat\":" + iat + ",\"exp\":" + exp
				+ ",\"jti\":\"jti-1\",\"openid\":\"o-openid\",\"appid\":\"wx123\",\"sid\":\"sid-1\","
				+ "\"authorities\":[\"ROLE_USER\"]" + more + "}";
	}

	private static String iat() {
		return Long.toString(NOW.getEpochSecond());
	}

	private static String exp() {
		return Long.toString(NOW.plus(Duration.ofHours(1)).getEpochSecond());
	}

	@Test
	void tokenBuiltByTheMalformedTokenHelpersIsAcceptedWhenCanonical() {
		// Proves the cases below are refused for what they change, not for a mistake of the helpers.
		assertThat(this.codec.decode(signed(HEADER, payload(iat(), exp(), ""))).principal().openid())
			.isEqualTo("o-openid");
		assertThat(this.codec.decode(signed(HEADER, payload(iat(), exp(), ",\"nbf\":" + iat()))).principal())
			.isEqualTo(new WxPrincipal("wx123", "o-openid", null, "sid-1"));
	}

	static Stream<Arguments> correctlySignedMalformedTokens() {
		String valid = signed(HEADER, payload(iat(), exp(), ""));
		String[] parts = valid.split("\\.");
		return Stream.of(
				Arguments.of("exp null", signed(HEADER, payload(iat(), "null", ""))),
				Arguments.of("iat null", signed(HEADER, payload("null", exp(), ""))),
				Arguments.of("nbf null", signed(HEADER, payload(iat(), exp(), ",\"nbf\":null"))),
				Arguments.of("exp a string", signed(HEADER, payload(iat(), "\"" + exp() + "\"", ""))),
				Arguments.of("iat a string", signed(HEADER, payload("\"" + iat() + "\"", exp(), ""))),
				Arguments.of("nbf a string", signed(HEADER, payload(iat(), exp(), ",\"nbf\":\"" + iat() + "\""))),
				Arguments.of("exp a boolean", signed(HEADER, payload(iat(), "true", ""))),
				Arguments.of("exp an array", signed(HEADER, payload(iat(), "[" + exp() + "]", ""))),
				Arguments.of("exp an object", signed(HEADER, payload(iat(), "{}", ""))),
				Arguments.of("exp with a fraction", signed(HEADER, payload(iat(), exp() + ".5", ""))),
				Arguments.of("exp beyond a long", signed(HEADER, payload(iat(), "99999999999999999999999", ""))),
				Arguments.of("duplicated alg in the header",
						signed("{\"alg\":\"none\",\"alg\":\"HS256\",\"typ\":\"JWT\"}", payload(iat(), exp(), ""))),
				Arguments.of("duplicated exp", signed(HEADER, payload(iat(), exp(), ",\"exp\":" + exp()))),
				Arguments.of("duplicated openid", signed(HEADER, payload(iat(), exp(), ",\"openid\":\"o-victim\""))),
				Arguments.of("duplicated member in a nested object",
						signed(HEADER, payload(iat(), exp(), ",\"x\":{\"a\":1,\"a\":2}"))),
				Arguments.of("header not an object", signed("[\"HS256\"]", payload(iat(), exp(), ""))),
				Arguments.of("payload with trailing data", signed(HEADER, payload(iat(), exp(), "") + "{}")),
				Arguments.of("signature with padding", valid + "="),
				Arguments.of("payload with padding", parts[0] + "." + parts[1] + "==." + parts[2]),
				Arguments.of("signature with unused bits set", parts[0] + "." + parts[1] + "." + setUnusedBit(parts[2])),
				Arguments.of("four parts", valid + ".e30"));
	}

	/** Flips an unused low bit of the last character: the decoded bytes stay the same. */
	private static String setUnusedBit(String part) {
		assertThat(part.length() % 4).as("a part whose last character has unused bits").isIn(2, 3);
		String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
		char last = part.charAt(part.length() - 1);
		String changed = part.substring(0, part.length() - 1) + alphabet.charAt(alphabet.indexOf(last) ^ 1);
		assertThat(Base64.getUrlDecoder().decode(changed)).isEqualTo(Base64.getUrlDecoder().decode(part));
		return changed;
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("correctlySignedMalformedTokens")
	void correctlySignedTokenWithMalformedClaimsOrEncodingIsRefusedEveryTime(String name, String token) {
		// Twice: a refused token must not reach the verification cache either.
		for (int i = 0; i < 2; i++) {
			assertThatExceptionOfType(InvalidAccessTokenException.class).isThrownBy(() -> this.codec.decode(token));
		}
	}

}
