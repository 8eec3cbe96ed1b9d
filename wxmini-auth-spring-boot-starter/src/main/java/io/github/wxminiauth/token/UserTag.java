package io.github.wxminiauth.token;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * The tag of a user of one mini program: 128 bits of the SHA-256 of the app id and openid, in
 * unpadded base64url (22 characters). {@link WxTokenService} starts every session id and every
 * refresh-token hash it gives a {@link RefreshTokenStore} with the tag of the session's user and a
 * {@value #SEPARATOR}, so that a store can find a user's records from a session id or a token hash
 * alone, without a lookup first: the Redis store uses it as the hash tag of the user's keys, which
 * puts them in one Redis Cluster slot. The tag identifies nobody (it is a hash) and proves nothing
 * (anyone knowing the app id and openid can compute it): it only names where to look.
 *
 * @since 0.2.0
 */
public final class UserTag {

	/** What separates the tag from the rest of a session id or token hash. */
	public static final char SEPARATOR = '.';

	/** Length of a tag. */
	public static final int LENGTH = 22;

	private static final int BYTES = 16;

	private UserTag() {
	}

	/**
	 * The tag of a user.
	 * @param appId the mini program
	 * @param openid the user
	 * @return the tag
	 */
	public static String of(String appId, String openid) {
		Assert.hasText(appId, "appId must not be empty");
		Assert.hasText(openid, "openid must not be empty");
		// An app id never holds a line feed, so the pair is read back one way only.
		byte[] digest = sha256((appId + "\n" + openid).getBytes(StandardCharsets.UTF_8));
		return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, BYTES));
	}

	/**
	 * The SHA-256 of some bytes: of a user's ids for a tag, of a refresh token for its hash.
	 */
	static byte[] sha256(byte[] bytes) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(bytes);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
	}

	/**
	 * The tag a session id or refresh-token hash starts with.
	 * @param tagged the session id or token hash
	 * @return the tag, or {@code null} when it does not start with one (e.g. a session of a
	 * version before 0.2.0)
	 */
	public static @Nullable String in(String tagged) {
		if (tagged.length() <= LENGTH || tagged.charAt(LENGTH) != SEPARATOR) {
			return null;
		}
		for (int i = 0; i < LENGTH; i++) {
			if (!isBase64Url(tagged.charAt(i))) {
				return null;
			}
		}
		return tagged.substring(0, LENGTH);
	}

	static boolean isBase64Url(char c) {
		return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
	}

}
