package io.github.wxminiauth.token;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The strict reading of a compact JWS that an access token must pass before java-jwt reads it:
 * java-jwt lets through what the starter never writes and a careful verifier refuses.
 * <ul>
 * <li>exactly three parts, each in unpadded base64url with its unused bits zero, so that a
 * token has one spelling only;</li>
 * <li>header and payload JSON objects in valid UTF-8 without a repeated member name at any
 * depth (java-jwt keeps the last one, so {@code {"alg":"none","alg":"HS256"}} reads as HS256);
 * </li>
 * <li>{@code exp}, {@code iat} and {@code nbf}, when present, integral numbers of seconds
 * (java-jwt skips a {@code null} one, so {@code "exp": null} would never expire);</li>
 * <li>an ES256 signature with the low {@code s} of its two valid forms (checked once the
 * signature verified).</li>
 * </ul>
 */
final class CanonicalJws {

	private static final String BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

	private static final List<String> NUMERIC_DATES = List.of("exp", "iat", "nbf");

	/** The order of P-256's base point: (r, s) and (r, n - s) both verify. */
	private static final BigInteger P256_ORDER = new BigInteger(
			"FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16);

	private static final BigInteger P256_HALF_ORDER = P256_ORDER.shiftRight(1);

	private static final int ES256_SIGNATURE_BYTES = 64;

	private static final JsonMapper json = JsonMapper.builder()
		.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
		.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
		.build();

	private CanonicalJws() {
	}

	/**
	 * Checks a token's syntax, before anything else is looked at.
	 * @param token the presented token
	 * @throws InvalidAccessTokenException if the token is not canonical
	 */
	static void check(String token) {
		int first = token.indexOf('.');
		int second = (first >= 0) ? token.indexOf('.', first + 1) : -1;
		if (second < 0 || token.indexOf('.', second + 1) >= 0) {
			throw malformed();
		}
		object(decode(token, 0, first));
		JsonNode payload = object(decode(token, first + 1, second));
		for (String name : NUMERIC_DATES) {
			JsonNode value = payload.get(name);
			if (value != null && !(value.isIntegralNumber() && value.canConvertToLong())) {
				throw new InvalidAccessTokenException("access token has a malformed '" + name + "' claim");
			}
		}
		decode(token, second + 1, token.length());
	}

	/**
	 * Checks that a verified ES256 token's signature has the low {@code s}: its high-{@code s}
	 * twin verifies as well, and would be a second spelling of the same token.
	 * @param token a token whose signature verified
	 * @throws InvalidAccessTokenException if {@code s} is the high one
	 */
	static void checkLowS(String token) {
		byte[] signature = Base64.getUrlDecoder().decode(token.substring(token.lastIndexOf('.') + 1));
		if (signature.length == ES256_SIGNATURE_BYTES && s(signature).compareTo(P256_HALF_ORDER) > 0) {
			throw new InvalidAccessTokenException("access token signature is not in its canonical form");
		}
	}

	/**
	 * Rewrites an ES256 token of ours to the low-{@code s} form of its signature, the only one
	 * {@link #check} accepts; the JDK's ECDSA returns either form.
	 * @param token a token just signed
	 * @return the token with a low-{@code s} signature
	 */
	static String lowS(String token) {
		int dot = token.lastIndexOf('.');
		byte[] signature = Base64.getUrlDecoder().decode(token.substring(dot + 1));
		BigInteger s = s(signature);
		if (signature.length != ES256_SIGNATURE_BYTES || s.compareTo(P256_HALF_ORDER) <= 0) {
			return token;
		}
		byte[] low = P256_ORDER.subtract(s).toByteArray();
		Arrays.fill(signature, 32, 64, (byte) 0);
		int length = Math.min(low.length, 32);
		System.arraycopy(low, low.length - length, signature, 64 - length, length);
		return token.substring(0, dot + 1) + Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
	}

	private static BigInteger s(byte[] signature) {
		return new BigInteger(1, Arrays.copyOfRange(signature, ES256_SIGNATURE_BYTES / 2, ES256_SIGNATURE_BYTES));
	}

	private static byte[] decode(String token, int start, int end) {
		int length = end - start;
		if (length % 4 == 1) {
			throw malformed();
		}
		for (int i = start; i < end; i++) {
			if (BASE64URL.indexOf(token.charAt(i)) < 0) {
				throw malformed();
			}
		}
		if (length % 4 != 0) {
			// The last character carries 4 (two left over) or 2 (three left over) unused bits.
			int unusedMask = (length % 4 == 2) ? 0x0f : 0x03;
			if ((BASE64URL.indexOf(token.charAt(end - 1)) & unusedMask) != 0) {
				throw malformed();
			}
		}
		return Base64.getUrlDecoder().decode(token.substring(start, end));
	}

	private static JsonNode object(byte[] bytes) {
		JsonNode node;
		try {
			String text = StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(bytes))
				.toString();
			node = json.readTree(text);
		}
		catch (CharacterCodingException | JacksonException ex) {
			throw malformed();
		}
		if (node == null || !node.isObject()) {
			throw malformed();
		}
		return node;
	}

	private static InvalidAccessTokenException malformed() {
		return new InvalidAccessTokenException("malformed access token");
	}

}
