package io.github.wxminiauth.token;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.interfaces.ECDSAKeyProvider;
import com.auth0.jwt.interfaces.RSAKeyProvider;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * The asymmetric keys access JWTs are signed and verified with: one active key signs, every key
 * verifies the tokens whose {@code kid} names it. Keeping the previous key in the set after a
 * rotation lets its tokens live until they expire.
 * <p>
 * ES256 needs EC keys on the P-256 curve, RS256 RSA keys of at least 2048 bits.
 *
 * @since 0.1.0
 */
public final class JwtSigningKeys {

	/** Smallest RSA modulus accepted, in bits (NIST SP 800-131A, RFC 7518 §3.3). */
	public static final int MIN_RSA_KEY_BITS = 2048;

	private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

	private static final ECParameterSpec P256 = p256();

	private final JwsAlgorithm algorithm;

	private final List<JwtSigningKey> keys;

	private final Map<String, JwtSigningKey> byId;

	private final JwtSigningKey activeKey;

	/**
	 * Creates a key set.
	 * @param algorithm {@link JwsAlgorithm#ES256} or {@link JwsAlgorithm#RS256}
	 * @param keys the keys, with distinct ids
	 * @param activeKeyId the id of the key that signs; it must have a private key
	 * @throws IllegalArgumentException if a key does not fit the algorithm (see
	 * {@link #checkKey(JwsAlgorithm, JwtSigningKey)}), ids repeat or the active key cannot sign
	 */
	public JwtSigningKeys(JwsAlgorithm algorithm, List<JwtSigningKey> keys, String activeKeyId) {
		Assert.notNull(algorithm, "algorithm must not be null");
		Assert.isTrue(algorithm != JwsAlgorithm.HS256, "algorithm must be asymmetric (ES256 or RS256)");
		Assert.notEmpty(keys, "keys must not be empty");
		Assert.hasText(activeKeyId, "activeKeyId must not be empty");
		Map<String, JwtSigningKey> byId = new LinkedHashMap<>();
		for (JwtSigningKey key : keys) {
			Assert.notNull(key, "keys must not contain null");
			checkKey(algorithm, key);
			Assert.isTrue(byId.putIfAbsent(key.keyId(), key) == null, () -> "kid '" + key.keyId() + "' repeats");
		}
		JwtSigningKey active = byId.get(activeKeyId);
		Assert.isTrue(active != null, () -> "active kid '" + activeKeyId + "' is not one of the keys");
		Assert.isTrue(active.canSign(), () -> "active key '" + activeKeyId + "' has no private key");
		this.algorithm = algorithm;
		this.keys = List.copyOf(keys);
		this.byId = Map.copyOf(byId);
		this.activeKey = active;
	}

	/**
	 * Checks that a key fits an algorithm: an EC key on P-256 for ES256, an RSA key of at least
	 * {@value #MIN_RSA_KEY_BITS} bits for RS256, and a private key (when present) of the same type
	 * that makes signatures its public key verifies.
	 * @param algorithm the algorithm
	 * @param key the key
	 * @throws IllegalArgumentException saying what is wrong
	 */
	public static void checkKey(JwsAlgorithm algorithm, JwtSigningKey key) {
		Assert.notNull(algorithm, "algorithm must not be null");
		Assert.notNull(key, "key must not be null");
		PublicKey publicKey = key.publicKey();
		if (algorithm == JwsAlgorithm.ES256) {
			if (!(publicKey instanceof ECPublicKey ec)) {
				throw new IllegalArgumentException(
						"ES256 needs an EC key on curve P-256, but this is an " + publicKey.getAlgorithm() + " key");
			}
			if (!isP256(ec.getParams())) {
				throw new IllegalArgumentException("ES256 needs an EC key on curve P-256 (secp256r1, prime256v1), "
						+ "but this key is on another curve (" + ec.getParams().getCurve().getField().getFieldSize()
						+ " bits)");
			}
			if (key.privateKey() != null && !(key.privateKey() instanceof ECPrivateKey)) {
				throw new IllegalArgumentException("the private key is not an EC key, but the public key is");
			}
		}
		else if (algorithm == JwsAlgorithm.RS256) {
			if (!(publicKey instanceof RSAPublicKey rsa)) {
				throw new IllegalArgumentException(
						"RS256 needs an RSA key, but this is an " + publicKey.getAlgorithm() + " key");
			}
			int bits = rsa.getModulus().bitLength();
			if (bits < MIN_RSA_KEY_BITS) {
				throw new IllegalArgumentException(
						"RS256 needs an RSA key of at least " + MIN_RSA_KEY_BITS + " bits, but this one has " + bits);
			}
			if (key.privateKey() != null && !(key.privateKey() instanceof RSAPrivateKey)) {
				throw new IllegalArgumentException("the private key is not an RSA key, but the public key is");
			}
		}
		else {
			throw new IllegalArgumentException("HS256 has no public keys");
		}
		if (key.privateKey() != null && !signaturesVerify(algorithm, key)) {
			throw new IllegalArgumentException("the private key does not belong to the public key");
		}
	}

	/**
	 * The RFC 7638 JWK thumbprint of a public key (SHA-256, base64url): a stable {@code kid} that
	 * every instance derives alike from the same key.
	 * @param publicKey an EC or RSA public key
	 * @return the thumbprint
	 */
	public static String thumbprint(PublicKey publicKey) {
		Assert.notNull(publicKey, "publicKey must not be null");
		String canonical;
		if (publicKey instanceof ECPublicKey ec) {
			Map<String, Object> jwk = ecMembers(ec);
			canonical = "{\"crv\":\"" + jwk.get("crv") + "\",\"kty\":\"EC\",\"x\":\"" + jwk.get("x") + "\",\"y\":\""
					+ jwk.get("y") + "\"}";
		}
		else if (publicKey instanceof RSAPublicKey rsa) {
			canonical = "{\"e\":\"" + unsigned(rsa.getPublicExponent()) + "\",\"kty\":\"RSA\",\"n\":\""
					+ unsigned(rsa.getModulus()) + "\"}";
		}
		else {
			throw new IllegalArgumentException("Not an EC or RSA key: " + publicKey.getAlgorithm());
		}
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
			return BASE64URL.encodeToString(digest);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
	}

	/**
	 * The algorithm.
	 * @return {@link JwsAlgorithm#ES256} or {@link JwsAlgorithm#RS256}
	 */
	public JwsAlgorithm algorithm() {
		return this.algorithm;
	}

	/**
	 * Every key, the active one included, in the configured order.
	 * @return the keys
	 */
	public List<JwtSigningKey> keys() {
		return this.keys;
	}

	/**
	 * The key new tokens are signed with.
	 * @return the active key
	 */
	public JwtSigningKey activeKey() {
		return this.activeKey;
	}

	/**
	 * The public keys as an RFC 7517 JWK Set: {@code {"keys": [...]}}, each key with
	 * {@code kty}, {@code kid}, {@code use: sig}, {@code alg} and {@code crv}/{@code x}/{@code y}
	 * (EC) or {@code n}/{@code e} (RSA). Nothing private is included.
	 * @return the JWK Set, ready to be written as JSON
	 */
	public Map<String, Object> toJwkSet() {
		List<Map<String, Object>> jwks = new ArrayList<>();
		for (JwtSigningKey key : this.keys) {
			Map<String, Object> jwk = new LinkedHashMap<>();
			jwk.put("kty", (key.publicKey() instanceof ECPublicKey) ? "EC" : "RSA");
			jwk.put("kid", key.keyId());
			jwk.put("use", "sig");
			jwk.put("alg", this.algorithm.name());
			if (key.publicKey() instanceof ECPublicKey ec) {
				jwk.putAll(ecMembers(ec));
			}
			else {
				RSAPublicKey rsa = (RSAPublicKey) key.publicKey();
				jwk.put("n", unsigned(rsa.getModulus()));
				jwk.put("e", unsigned(rsa.getPublicExponent()));
			}
			jwks.add(jwk);
		}
		return Map.of("keys", jwks);
	}

	/**
	 * The java-jwt algorithm: signs with the active key and verifies with the key the token's
	 * {@code kid} names; an unknown {@code kid} finds no key and fails verification.
	 */
	Algorithm toAlgorithm() {
		if (this.algorithm == JwsAlgorithm.ES256) {
			return Algorithm.ECDSA256(new EcKeys());
		}
		return Algorithm.RSA256(new RsaKeys());
	}

	/**
	 * Whether the set holds a key with this id.
	 */
	boolean hasKey(@Nullable String keyId) {
		return keyId != null && this.byId.containsKey(keyId);
	}

	private @Nullable PublicKey publicKey(@Nullable String keyId) {
		JwtSigningKey key = (keyId != null) ? this.byId.get(keyId) : null;
		return (key != null) ? key.publicKey() : null;
	}

	@Override
	public String toString() {
		return "JwtSigningKeys[algorithm=" + this.algorithm + ", activeKeyId=" + this.activeKey.keyId() + ", keyIds="
				+ this.byId.keySet() + "]";
	}

	private static boolean signaturesVerify(JwsAlgorithm algorithm, JwtSigningKey key) {
		String name = (algorithm == JwsAlgorithm.ES256) ? "SHA256withECDSA" : "SHA256withRSA";
		try {
			byte[] challenge = new byte[32];
			new SecureRandom().nextBytes(challenge);
			Signature signer = Signature.getInstance(name);
			signer.initSign(key.privateKey());
			signer.update(challenge);
			byte[] signature = signer.sign();
			Signature verifier = Signature.getInstance(name);
			verifier.initVerify(key.publicKey());
			verifier.update(challenge);
			return verifier.verify(signature);
		}
		catch (GeneralSecurityException ex) {
			return false;
		}
	}

	private static Map<String, Object> ecMembers(ECPublicKey key) {
		Map<String, Object> members = new LinkedHashMap<>();
		members.put("crv", "P-256");
		members.put("x", BASE64URL.encodeToString(fixedLength(key.getW().getAffineX(), 32)));
		members.put("y", BASE64URL.encodeToString(fixedLength(key.getW().getAffineY(), 32)));
		return members;
	}

	/**
	 * Base64url of the unsigned big-endian bytes of a positive number, without leading zeros
	 * (RFC 7518 §6.3.1).
	 */
	private static String unsigned(BigInteger value) {
		byte[] bytes = value.toByteArray();
		if (bytes.length > 1 && bytes[0] == 0) {
			byte[] trimmed = new byte[bytes.length - 1];
			System.arraycopy(bytes, 1, trimmed, 0, trimmed.length);
			bytes = trimmed;
		}
		return BASE64URL.encodeToString(bytes);
	}

	/**
	 * A coordinate as exactly {@code length} bytes, left-padded with zeros (RFC 7518 §6.2.1.2).
	 */
	private static byte[] fixedLength(BigInteger value, int length) {
		byte[] bytes = value.toByteArray();
		byte[] result = new byte[length];
		int copy = Math.min(bytes.length, length);
		System.arraycopy(bytes, bytes.length - copy, result, length - copy, copy);
		return result;
	}

	private static boolean isP256(ECParameterSpec spec) {
		return spec.getCurve().equals(P256.getCurve()) && spec.getGenerator().equals(P256.getGenerator())
				&& spec.getOrder().equals(P256.getOrder()) && spec.getCofactor() == P256.getCofactor();
	}

	private static ECParameterSpec p256() {
		try {
			AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
			parameters.init(new ECGenParameterSpec("secp256r1"));
			return parameters.getParameterSpec(ECParameterSpec.class);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("The JDK does not support curve P-256", ex);
		}
	}

	private final class EcKeys implements ECDSAKeyProvider {

		@Override
		public @Nullable ECPublicKey getPublicKeyById(@Nullable String keyId) {
			return (ECPublicKey) publicKey(keyId);
		}

		@Override
		public ECPrivateKey getPrivateKey() {
			return (ECPrivateKey) JwtSigningKeys.this.activeKey.privateKey();
		}

		@Override
		public String getPrivateKeyId() {
			return JwtSigningKeys.this.activeKey.keyId();
		}

	}

	private final class RsaKeys implements RSAKeyProvider {

		@Override
		public @Nullable RSAPublicKey getPublicKeyById(@Nullable String keyId) {
			return (RSAPublicKey) publicKey(keyId);
		}

		@Override
		public RSAPrivateKey getPrivateKey() {
			return (RSAPrivateKey) JwtSigningKeys.this.activeKey.privateKey();
		}

		@Override
		public String getPrivateKeyId() {
			return JwtSigningKeys.this.activeKey.keyId();
		}

	}

}
