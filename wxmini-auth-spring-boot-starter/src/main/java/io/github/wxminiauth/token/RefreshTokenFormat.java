package io.github.wxminiauth.token;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.jspecify.annotations.Nullable;

/**
 * What a refresh token is made of: {@code <app>.<tag>.<secret>}, the app id in unpadded base64url,
 * the {@link UserTag user's tag}, and 32 random bytes in unpadded base64url. The client treats it
 * as opaque. The app lets a refresh decide the replacement's lifetime, and refuse an app no longer
 * served, before the store is asked; the tag lets the store find the user's records without a
 * lookup. Neither is a secret, and neither can be changed: the hash the store keeps is taken over
 * the whole token, so a token with another app or tag is simply unknown.
 */
final class RefreshTokenFormat {

	private static final int SECRET_BYTES = 32;

	/** Length of {@link #SECRET_BYTES} in unpadded base64url. */
	private static final int SECRET_LENGTH = 43;

	/** The longest app id a token may name, in base64url: 96 bytes of app id. */
	private static final int MAX_APP_LENGTH = 128;

	private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

	private RefreshTokenFormat() {
	}

	/**
	 * A new refresh token of a user of an app.
	 * @param appId the app
	 * @param tag the user's tag
	 * @param secret {@value #SECRET_BYTES} random bytes
	 */
	static String format(String appId, String tag, byte[] secret) {
		return BASE64URL.encodeToString(appId.getBytes(StandardCharsets.UTF_8)) + UserTag.SEPARATOR + tag
				+ UserTag.SEPARATOR + BASE64URL.encodeToString(secret);
	}

	static int secretBytes() {
		return SECRET_BYTES;
	}

	/**
	 * What a presented token names, or {@code null} when it cannot be one of ours (an access JWT,
	 * garbage, an oversized string): rejecting those spares the store a lookup.
	 */
	static @Nullable Presented parse(@Nullable String token) {
		if (token == null || token.length() > MAX_APP_LENGTH + UserTag.LENGTH + SECRET_LENGTH + 2) {
			return null;
		}
		int first = token.indexOf(UserTag.SEPARATOR);
		int second = first + 1 + UserTag.LENGTH;
		if (first <= 0 || second >= token.length() || token.charAt(second) != UserTag.SEPARATOR
				|| token.length() - second - 1 != SECRET_LENGTH) {
			return null;
		}
		for (int i = 0; i < token.length(); i++) {
			if (i != first && i != second && !UserTag.isBase64Url(token.charAt(i))) {
				return null;
			}
		}
		String appId = decodeAppId(token.substring(0, first));
		return (appId != null) ? new Presented(appId, token.substring(first + 1, second)) : null;
	}

	private static @Nullable String decodeAppId(String encoded) {
		try {
			byte[] bytes = Base64.getUrlDecoder().decode(encoded);
			String appId = StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(bytes))
				.toString();
			return appId.isBlank() ? null : appId;
		}
		catch (IllegalArgumentException | CharacterCodingException ex) {
			return null;
		}
	}

	/**
	 * The hash of a token a store is given: the user's tag, then the SHA-256 of the whole token.
	 */
	static String hash(String token, String tag) {
		return tag + UserTag.SEPARATOR
				+ BASE64URL.encodeToString(UserTag.sha256(token.getBytes(StandardCharsets.US_ASCII)));
	}

	/**
	 * What a well-formed token names.
	 * @param appId its app
	 * @param tag its user's tag
	 */
	record Presented(String appId, String tag) {
	}

}
