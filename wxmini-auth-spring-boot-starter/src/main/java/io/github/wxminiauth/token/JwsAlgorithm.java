package io.github.wxminiauth.token;

/**
 * The algorithms access JWTs can be signed with.
 *
 * @since 0.1.0
 */
public enum JwsAlgorithm {

	/**
	 * HMAC with SHA-256 and a shared secret: whoever verifies a token can also sign one.
	 */
	HS256,

	/**
	 * ECDSA on the P-256 curve with SHA-256: verifiers need only the public key.
	 */
	ES256,

	/**
	 * RSASSA-PKCS1-v1_5 with SHA-256 (keys of at least 2048 bits): verifiers need only the public
	 * key.
	 */
	RS256

}
