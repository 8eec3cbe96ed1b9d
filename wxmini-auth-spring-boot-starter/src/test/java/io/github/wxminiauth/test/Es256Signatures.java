package io.github.wxminiauth.test;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Base64;

/**
 * The two forms of an ES256 token's signature: (r, s) and (r, n - s) both verify, and the starter
 * accepts only the one with the low {@code s}. The JDK signs with either, so a test that signs a
 * token itself and expects it accepted takes its {@link #lowS} form.
 */
public final class Es256Signatures {

	/** The order of P-256's base point. */
	public static final BigInteger P256_ORDER = new BigInteger(
			"FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16);

	private Es256Signatures() {
	}

	/**
	 * Returns the token with the low-{@code s} form of its signature.
	 * @param token an ES256 token
	 * @return the token, its signature rewritten if its {@code s} was high
	 */
	public static String lowS(String token) {
		return (s(token).compareTo(P256_ORDER.shiftRight(1)) > 0) ? twin(token) : token;
	}

	/**
	 * Returns the token with the high-{@code s} form of its signature.
	 * @param token an ES256 token
	 * @return the token, its signature rewritten if its {@code s} was low
	 */
	public static String highS(String token) {
		return (s(token).compareTo(P256_ORDER.shiftRight(1)) <= 0) ? twin(token) : token;
	}

	/**
	 * The {@code s} of the token's signature.
	 * @param token an ES256 token
	 * @return its {@code s}
	 */
	public static BigInteger s(String token) {
		return new BigInteger(1, Arrays.copyOfRange(signature(token), 32, 64));
	}

	private static String twin(String token) {
		byte[] signature = signature(token);
		byte[] other = P256_ORDER.subtract(s(token)).toByteArray();
		Arrays.fill(signature, 32, 64, (byte) 0);
		int length = Math.min(other.length, 32);
		System.arraycopy(other, other.length - length, signature, 64 - length, length);
		return token.substring(0, token.lastIndexOf('.') + 1)
				+ Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
	}

	private static byte[] signature(String token) {
		byte[] signature = Base64.getUrlDecoder().decode(token.substring(token.lastIndexOf('.') + 1));
		if (signature.length != 64) {
			throw new IllegalArgumentException("not an ES256 signature");
		}
		return signature;
	}

}
