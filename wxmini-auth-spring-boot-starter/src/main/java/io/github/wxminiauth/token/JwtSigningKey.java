package io.github.wxminiauth.token;

import java.security.PrivateKey;
import java.security.PublicKey;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * One asymmetric key of a {@link JwtSigningKeys key set}: its {@code kid}, its public key, and
 * its private key when this instance may sign with it. A key without a private key only verifies,
 * as an old key does after a rotation until its last tokens have expired.
 *
 * @param keyId the {@code kid} written into the header of the tokens it signs
 * @param publicKey the public key, published in the JWK Set
 * @param privateKey the private key, or {@code null} for a key that only verifies
 * @since 0.1.0
 */
public record JwtSigningKey(String keyId, PublicKey publicKey, @Nullable PrivateKey privateKey) {

	public JwtSigningKey {
		Assert.hasText(keyId, "keyId must not be empty");
		Assert.notNull(publicKey, "publicKey must not be null");
	}

	/**
	 * Whether this key can sign tokens.
	 * @return whether a private key is present
	 */
	public boolean canSign() {
		return this.privateKey != null;
	}

	@Override
	public String toString() {
		return "JwtSigningKey[keyId=" + this.keyId + ", type=" + this.publicKey.getAlgorithm() + ", canSign="
				+ canSign() + "]";
	}

}
