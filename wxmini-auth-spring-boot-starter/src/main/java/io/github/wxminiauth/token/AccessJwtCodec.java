package io.github.wxminiauth.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTCreator;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.AlgorithmMismatchException;
import com.auth0.jwt.exceptions.IncorrectClaimException;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.auth0.jwt.exceptions.MissingClaimException;
import com.auth0.jwt.exceptions.SignatureVerificationException;
import com.auth0.jwt.exceptions.TokenExpiredException;
import com.auth0.jwt.interfaces.DecodedJWT;
import io.github.wxminiauth.user.WxPrincipal;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Signs and verifies the starter's access JWTs. An access token carries {@code iss}, {@code sub}
 * (the openid), {@code iat}, {@code exp}, {@code jti}, {@code openid}, {@code appid},
 * {@code unionid} (when known), {@code sid} (the login session) and {@code authorities} (an
 * array of strings), and nothing else.
 * <p>
 * A token is first read strictly: three unpadded base64url parts with no unused bits set,
 * header and payload JSON objects without repeated member names, {@code exp}, {@code iat} and
 * {@code nbf} integral numbers (never {@code null}), and, with ES256, the low-{@code s} form of
 * the signature, which is also the form this codec signs in.
 * <p>
 * Verification requires the algorithm, signature, issuer and the claims above; honours
 * {@code exp}, {@code nbf} and {@code iat} (neither may lie in the future beyond the clock skew);
 * and refuses what the starter never writes: an {@code aud} claim (a token minted for another
 * audience is not one of ours) and header parameters that point at keys elsewhere or demand extra
 * processing ({@code jku}, {@code jwk}, {@code x5u}, {@code x5c}, {@code x5t}, {@code crit}).
 * <p>
 * With a shared HS256 key a token carries no {@code kid}, and one that does is refused. With
 * {@link JwtSigningKeys asymmetric keys} (ES256, RS256) every token names its key with
 * {@code kid}: a token without one, or naming a key that is not in the set, is refused, and so is
 * a token whose {@code alg} is not the configured algorithm, before any key is used. The verifying
 * key is therefore always chosen by the configuration, never by the token (which defeats
 * algorithm confusion: an HS256 token "signed" with a public key is refused for its {@code alg}).
 * <p>
 * Thread-safe: one verifier is built up front and shared by every request.
 *
 * @since 0.1.0
 */
public final class AccessJwtCodec {

	static final String OPENID = "openid";

	static final String APPID = "appid";

	static final String UNIONID = "unionid";

	static final String SESSION_ID = "sid";

	static final String AUTHORITIES = "authorities";

	/**
	 * The shortest HS256 key accepted: 32 bytes (256 bits), the size of its hash.
	 * @since 0.2.0
	 */
	public static final int MIN_HS256_KEY_BYTES = 32;

	private static final String KEY_ID = "kid";

	/**
	 * Header parameters that point at keys elsewhere or demand extra processing. The starter
	 * writes none of these, so a token that carries one was made elsewhere and is refused rather
	 * than interpreted.
	 */
	private static final List<String> REFUSED_HEADERS = List.of("jku", "jwk", "x5u", "x5c", "x5t", "x5t#S256",
			"crit");

	private final Algorithm algorithm;

	private final @Nullable JwtSigningKeys keys;

	private final String issuer;

	private final JWTVerifier verifier;

	private final VerifiedTokenCache verifiedTokens;

	private AccessJwtCodec(Algorithm algorithm, @Nullable JwtSigningKeys keys, String issuer, Duration clockSkew,
			Clock clock) {
		Assert.notNull(algorithm, "algorithm must not be null");
		Assert.hasText(issuer, "issuer must not be empty");
		Assert.notNull(clockSkew, "clockSkew must not be null");
		Assert.isTrue(!clockSkew.isNegative(), "clockSkew must not be negative");
		Assert.notNull(clock, "clock must not be null");
		this.algorithm = algorithm;
		this.keys = keys;
		this.issuer = issuer;
		// java-jwt checks exp and iat only when they are present, so presence is required
		// explicitly: a token without exp would otherwise never expire.
		JWTVerifier.BaseVerification verification = (JWTVerifier.BaseVerification) JWT.require(algorithm)
			.withIssuer(issuer)
			.acceptLeeway(clockSkew.toSeconds())
			.withClaimPresence("exp")
			.withClaimPresence("iat")
			.withClaimPresence("jti")
			.withClaimPresence(SESSION_ID)
			.withClaimPresence(OPENID)
			.withClaimPresence(APPID)
			.withClaimPresence(AUTHORITIES);
		this.verifier = verification.build(clock);
		this.verifiedTokens = new VerifiedTokenCache(clock, clockSkew, VerifiedTokenCache.DEFAULT_MAX_SIZE);
	}

	/**
	 * Creates a codec that signs with HMAC-SHA256.
	 * @param key the shared key, at least 32 bytes (256 bits)
	 * @param issuer the {@code iss} claim written and required
	 * @param clockSkew how far clocks of the issuing and verifying instances may drift apart
	 * @param clock the clock expiry is checked against
	 * @return the codec
	 * @throws IllegalArgumentException if the key is shorter than 32 bytes
	 */
	public static AccessJwtCodec hs256(byte[] key, String issuer, Duration clockSkew, Clock clock) {
		Assert.notNull(key, "key must not be null");
		if (key.length < MIN_HS256_KEY_BYTES) {
			throw new IllegalArgumentException("wxmini.jwt.secret must be at least " + MIN_HS256_KEY_BYTES
					+ " bytes (256 bits) for HS256, but is " + key.length + " bytes");
		}
		return new AccessJwtCodec(Algorithm.HMAC256(key), null, issuer, clockSkew, clock);
	}

	/**
	 * Creates a codec that signs with the active key of an asymmetric key set (ES256 or RS256),
	 * writing its {@code kid}, and verifies with the key a token's {@code kid} names.
	 * @param keys the keys
	 * @param issuer the {@code iss} claim written and required
	 * @param clockSkew how far clocks of the issuing and verifying instances may drift apart
	 * @param clock the clock expiry is checked against
	 * @return the codec
	 */
	public static AccessJwtCodec signedWith(JwtSigningKeys keys, String issuer, Duration clockSkew, Clock clock) {
		Assert.notNull(keys, "keys must not be null");
		return new AccessJwtCodec(keys.toAlgorithm(), keys, issuer, clockSkew, clock);
	}

	/**
	 * Signs an access token.
	 * @param session the login session the token belongs to
	 * @param authorities the user's authorities
	 * @param issuedAt the {@code iat} claim
	 * @param expiresAt the {@code exp} claim
	 * @param tokenId the {@code jti} claim
	 * @return the signed JWT
	 */
	public String encode(WxPrincipal session, List<String> authorities, Instant issuedAt, Instant expiresAt,
			String tokenId) {
		Assert.notNull(session, "session must not be null");
		Assert.notNull(authorities, "authorities must not be null");
		Assert.notNull(issuedAt, "issuedAt must not be null");
		Assert.notNull(expiresAt, "expiresAt must not be null");
		Assert.hasText(tokenId, "tokenId must not be empty");
		JWTCreator.Builder builder = JWT.create()
			.withIssuer(this.issuer)
			.withSubject(session.openid())
			.withIssuedAt(issuedAt)
			.withExpiresAt(expiresAt)
			.withJWTId(tokenId)
			.withClaim(OPENID, session.openid())
			.withClaim(APPID, session.appId())
			.withClaim(SESSION_ID, session.sessionId())
			.withArrayClaim(AUTHORITIES, authorities.toArray(new String[0]));
		if (session.unionid() != null) {
			builder.withClaim(UNIONID, session.unionid());
		}
		String token = builder.sign(this.algorithm);
		return (algorithm() == JwsAlgorithm.ES256) ? CanonicalJws.lowS(token) : token;
	}

	private JwsAlgorithm algorithm() {
		return (this.keys != null) ? this.keys.algorithm() : JwsAlgorithm.HS256;
	}

	/**
	 * Verifies an access token's signature, algorithm, issuer, expiry and required claims.
	 * Whether its app is served and its session is alive is for the caller to check.
	 * @param token the presented token
	 * @return the verified token
	 * @throws InvalidAccessTokenException if the token is not a valid access token
	 */
	public VerifiedAccessToken decode(@Nullable String token) {
		if (token == null || token.isEmpty()) {
			throw new InvalidAccessTokenException("access token is missing");
		}
		VerifiedAccessToken cached = this.verifiedTokens.get(token);
		if (cached != null) {
			return cached;
		}
		CanonicalJws.check(token);
		DecodedJWT jwt;
		try {
			jwt = JWT.decode(token);
			checkHeader(jwt);
			jwt = this.verifier.verify(jwt);
		}
		catch (JWTVerificationException ex) {
			// The library's messages may quote the decoded token, so they are not passed on.
			throw new InvalidAccessTokenException(describe(ex));
		}
		if (algorithm() == JwsAlgorithm.ES256) {
			CanonicalJws.checkLowS(token);
		}
		checkNoAudience(jwt);
		VerifiedAccessToken verified = toVerifiedAccessToken(jwt);
		this.verifiedTokens.put(token, verified);
		return verified;
	}

	/**
	 * Whether a presented token claims to be one of this codec's: its {@code iss} is this
	 * codec's issuer, or its {@code kid} names one of its keys. Nothing is verified, so the
	 * answer only decides <em>who judges</em> a token (this codec, or the application's other
	 * bearer-token mechanisms), never whether it is accepted: a token that claims to be ours is
	 * then verified by {@link #decode(String)} like any other.
	 * @param token the presented token
	 * @return whether the token is for this codec to verify
	 * @since 0.2.0
	 */
	public boolean claimsToBeOurs(@Nullable String token) {
		if (token == null || token.isEmpty()) {
			return false;
		}
		if (this.verifiedTokens.get(token) != null) {
			return true;
		}
		DecodedJWT jwt;
		try {
			jwt = JWT.decode(token);
		}
		catch (JWTVerificationException | IllegalArgumentException ex) {
			return false;
		}
		if (this.issuer.equals(jwt.getIssuer())) {
			return true;
		}
		return this.keys != null && this.keys.hasKey(jwt.getKeyId());
	}

	/**
	 * Refuses foreign header parameters, and a {@code kid} that does not fit the keys, before the
	 * signature is looked at.
	 */
	private void checkHeader(DecodedJWT jwt) {
		for (String header : REFUSED_HEADERS) {
			if (!jwt.getHeaderClaim(header).isMissing()) {
				throw new InvalidAccessTokenException("access token has an unexpected '" + header + "' header");
			}
		}
		boolean hasKeyId = !jwt.getHeaderClaim(KEY_ID).isMissing();
		if (this.keys == null) {
			if (hasKeyId) {
				throw new InvalidAccessTokenException("access token has an unexpected 'kid' header");
			}
		}
		else if (!hasKeyId || !this.keys.hasKey(jwt.getHeaderClaim(KEY_ID).asString())) {
			throw new InvalidAccessTokenException("access token names no known key");
		}
	}

	private static void checkNoAudience(DecodedJWT jwt) {
		if (!jwt.getClaim("aud").isMissing()) {
			throw new InvalidAccessTokenException("access token has an unexpected 'aud' claim");
		}
	}

	private static VerifiedAccessToken toVerifiedAccessToken(DecodedJWT jwt) {
		String openid = jwt.getClaim(OPENID).asString();
		String appId = jwt.getClaim(APPID).asString();
		String sessionId = jwt.getClaim(SESSION_ID).asString();
		String tokenId = jwt.getId();
		if (isEmpty(openid) || isEmpty(appId) || isEmpty(sessionId) || isEmpty(tokenId)) {
			throw new InvalidAccessTokenException("access token has a malformed claim");
		}
		List<String> authorities;
		try {
			authorities = jwt.getClaim(AUTHORITIES).asList(String.class);
		}
		catch (JWTVerificationException ex) {
			throw new InvalidAccessTokenException("access token has a malformed claim");
		}
		if (authorities == null || authorities.contains(null)) {
			throw new InvalidAccessTokenException("access token has a malformed claim");
		}
		String unionid = jwt.getClaim(UNIONID).asString();
		WxPrincipal principal = new WxPrincipal(appId, openid, unionid, sessionId);
		return new VerifiedAccessToken(principal, authorities, tokenId, jwt.getExpiresAtAsInstant(),
				jwt.getIssuedAtAsInstant());
	}

	private static boolean isEmpty(@Nullable String value) {
		return value == null || value.isBlank();
	}

	private static String describe(JWTVerificationException ex) {
		if (ex instanceof TokenExpiredException) {
			return "access token expired";
		}
		if (ex instanceof AlgorithmMismatchException) {
			return "access token algorithm not accepted";
		}
		if (ex instanceof SignatureVerificationException) {
			return "access token signature invalid";
		}
		if (ex instanceof MissingClaimException missing) {
			return "access token lacks claim '" + missing.getClaimName() + "'";
		}
		if (ex instanceof IncorrectClaimException incorrect) {
			return "access token has an unacceptable '" + incorrect.getClaimName() + "' claim";
		}
		return "malformed access token";
	}

	@Override
	public String toString() {
		return "AccessJwtCodec[issuer=" + this.issuer + ", algorithm=" + this.algorithm.getName() + "]";
	}

}
