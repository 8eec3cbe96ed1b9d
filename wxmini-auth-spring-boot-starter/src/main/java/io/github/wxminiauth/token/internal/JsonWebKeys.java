package io.github.wxminiauth.token.internal;

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
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.wxminiauth.token.JwsAlgorithm;
import io.github.wxminiauth.token.JwtSigningKey;
import io.github.wxminiauth.token.JwtSigningKeys;

import org.springframework.util.Assert;

/**
 * The JSON Web Key side of the signing keys: whether a key fits its algorithm, its public JWK
 * members and its RFC 7638 thumbprint. Shared by {@link JwtSigningKeys} and the
 * auto-configuration, which checks each configured key on its own to name the property at fault.
 */
public final class JsonWebKeys {

	private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

	private static final ECParameterSpec P256 = p256();

	private JsonWebKeys() {
	}

	/**
	 * Checks that a key fits an algorithm: an EC key on P-256 for ES256, an RSA key of at least
	 * {@value JwtSigningKeys#MIN_RSA_KEY_BITS} bits for RS256, and a private key (when present) of the same type
	 * that makes signatures its public key verifies.
	 * @param algorithm the algorithm
	 * @param key the key
	 * @throws IllegalArgumentException saying what is wrong
	 */
	public static void check(JwsAlgorithm algorithm, JwtSigningKey key) {
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
			if (bits < JwtSigningKeys.MIN_RSA_KEY_BITS) {
				throw new IllegalArgumentException(
						"RS256 needs an RSA key of at least " + JwtSigningKeys.MIN_RSA_KEY_BITS + " bits, but this one has " + bits);
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
	 * The public members of a key's JWK (RFC 7518 §6): {@code crv}, {@code x}, {@code y} of an EC
	 * key, {@code n}, {@code e} of an RSA key.
	 * @param publicKey an EC key on P-256 or an RSA key
	 * @return the members, in that order
	 */
	public static Map<String, Object> members(PublicKey publicKey) {
		if (publicKey instanceof ECPublicKey ec) {
			return ecMembers(ec);
		}
		RSAPublicKey rsa = (RSAPublicKey) publicKey;
		Map<String, Object> members = new LinkedHashMap<>();
		members.put("n", unsigned(rsa.getModulus()));
		members.put("e", unsigned(rsa.getPublicExponent()));
		return members;
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

}
