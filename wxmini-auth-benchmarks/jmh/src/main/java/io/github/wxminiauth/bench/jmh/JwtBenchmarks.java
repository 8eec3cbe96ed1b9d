package io.github.wxminiauth.bench.jmh;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.interfaces.DecodedJWT;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Signing and verifying an access token with the starter's claims, with java-jwt (what the
 * starter uses) and Nimbus, for HS256, ES256 and RS256 (2048-bit). Keys, algorithms, signers and
 * verifiers are built once, as a server would.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class JwtBenchmarks {

	private static final byte[] SECRET = "bench-jwt-secret-0123456789abcdef-0123456789".getBytes();

	@Param({ "HS256", "ES256", "RS256" })
	public String alg;

	private Algorithm javaJwtAlgorithm;

	private JWTVerifier javaJwtVerifier;

	private JWSSigner nimbusSigner;

	private JWSVerifier nimbusVerifier;

	private JWSAlgorithm nimbusAlgorithm;

	private String javaJwtToken;

	private String nimbusToken;

	@Setup
	public void setUp() throws Exception {
		switch (this.alg) {
			case "HS256" -> {
				this.javaJwtAlgorithm = Algorithm.HMAC256(SECRET);
				this.nimbusSigner = new MACSigner(SECRET);
				this.nimbusVerifier = new MACVerifier(SECRET);
				this.nimbusAlgorithm = JWSAlgorithm.HS256;
			}
			case "ES256" -> {
				KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
				generator.initialize(new ECGenParameterSpec("secp256r1"));
				KeyPair pair = generator.generateKeyPair();
				this.javaJwtAlgorithm = Algorithm.ECDSA256((ECPublicKey) pair.getPublic(),
						(ECPrivateKey) pair.getPrivate());
				this.nimbusSigner = new ECDSASigner((ECPrivateKey) pair.getPrivate());
				this.nimbusVerifier = new ECDSAVerifier((ECPublicKey) pair.getPublic());
				this.nimbusAlgorithm = JWSAlgorithm.ES256;
			}
			default -> {
				KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
				generator.initialize(2048);
				KeyPair pair = generator.generateKeyPair();
				this.javaJwtAlgorithm = Algorithm.RSA256((RSAPublicKey) pair.getPublic(),
						(RSAPrivateKey) pair.getPrivate());
				this.nimbusSigner = new RSASSASigner(pair.getPrivate());
				this.nimbusVerifier = new RSASSAVerifier((RSAPublicKey) pair.getPublic());
				this.nimbusAlgorithm = JWSAlgorithm.RS256;
			}
		}
		this.javaJwtVerifier = JWT.require(this.javaJwtAlgorithm).withIssuer("wxmini-auth").build();
		this.javaJwtToken = javaJwtSign();
		this.nimbusToken = nimbusSign();
	}

	@Benchmark
	public String javaJwtSign() {
		Instant now = Instant.now();
		return JWT.create()
			.withIssuer("wxmini-auth")
			.withSubject("o_user123456789")
			.withIssuedAt(now)
			.withExpiresAt(now.plusSeconds(7200))
			.withJWTId("Zm9vYmFyYmF6cXV4MTIz")
			.withClaim("openid", "o_user123456789")
			.withClaim("appid", "wxbench0000000001")
			.withClaim("sid", "c2Vzc2lvbmlkMTIzNDU2")
			.withArrayClaim("authorities", new String[] { "ROLE_USER" })
			.sign(this.javaJwtAlgorithm);
	}

	@Benchmark
	public DecodedJWT javaJwtVerify() {
		return this.javaJwtVerifier.verify(this.javaJwtToken);
	}

	@Benchmark
	public String nimbusSign() throws JOSEException {
		Date now = new Date();
		JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer("wxmini-auth")
			.subject("o_user123456789")
			.issueTime(now)
			.expirationTime(new Date(now.getTime() + 7_200_000))
			.jwtID("Zm9vYmFyYmF6cXV4MTIz")
			.claim("openid", "o_user123456789")
			.claim("appid", "wxbench0000000001")
			.claim("sid", "c2Vzc2lvbmlkMTIzNDU2")
			.claim("authorities", List.of("ROLE_USER"))
			.build();
		SignedJWT jwt = new SignedJWT(new JWSHeader(this.nimbusAlgorithm), claims);
		jwt.sign(this.nimbusSigner);
		return jwt.serialize();
	}

	@Benchmark
	public JWTClaimsSet nimbusVerify() throws Exception {
		SignedJWT jwt = SignedJWT.parse(this.nimbusToken);
		if (!jwt.verify(this.nimbusVerifier)) {
			throw new IllegalStateException("signature");
		}
		JWTClaimsSet claims = jwt.getJWTClaimsSet();
		if (!"wxmini-auth".equals(claims.getIssuer()) || claims.getExpirationTime().before(new Date())) {
			throw new IllegalStateException("claims");
		}
		return claims;
	}

}
