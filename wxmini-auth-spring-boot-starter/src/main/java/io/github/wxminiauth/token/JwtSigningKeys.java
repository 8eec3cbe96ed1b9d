package io.github.wxminiauth.token;

import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.interfaces.ECDSAKeyProvider;
import com.auth0.jwt.interfaces.RSAKeyProvider;
import io.github.wxminiauth.token.internal.JsonWebKeys;
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

	private final JwsAlgorithm algorithm;

	private final List<JwtSigningKey> keys;

	private final Map<String, JwtSigningKey> byId;

	private final JwtSigningKey activeKey;

	/**
	 * Creates a key set.
	 * @param algorithm {@link JwsAlgorithm#ES256} or {@link JwsAlgorithm#RS256}
	 * @param keys the keys, with distinct ids
	 * @param activeKeyId the id of the key that signs; it must have a private key
	 * @throws IllegalArgumentException if a key does not fit the algorithm (an EC key on P-256
	 * for ES256, an RSA key of at least {@value #MIN_RSA_KEY_BITS} bits for RS256, a private key
	 * that matches its public key), ids repeat or the active key cannot sign
	 */
	public JwtSigningKeys(JwsAlgorithm algorithm, List<JwtSigningKey> keys, String activeKeyId) {
		Assert.notNull(algorithm, "algorithm must not be null");
		Assert.isTrue(algorithm != JwsAlgorithm.HS256, "algorithm must be asymmetric (ES256 or RS256)");
		Assert.notEmpty(keys, "keys must not be empty");
		Assert.hasText(activeKeyId, "activeKeyId must not be empty");
		Map<String, JwtSigningKey> byId = new LinkedHashMap<>();
		for (JwtSigningKey key : keys) {
			Assert.notNull(key, "keys must not contain null");
			JsonWebKeys.check(algorithm, key);
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
			jwk.putAll(JsonWebKeys.members(key.publicKey()));
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
