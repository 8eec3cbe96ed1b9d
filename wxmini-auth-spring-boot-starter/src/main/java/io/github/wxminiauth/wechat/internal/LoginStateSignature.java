package io.github.wxminiauth.wechat.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.util.Assert;

/**
 * WeChat's user login-state signature, {@code hmac_sha256(payload, session_key)} in hex, which
 * proves to WeChat that the server holds the user's current session key without sending it.
 * <p>
 * The HMAC key is the session key <em>as the text WeChat sent</em> (its UTF-8 bytes), not the
 * 16 bytes it Base64-decodes to: WeChat's worked example signs {@code {"foo":"bar"}} with
 * {@code o0q0otL8aEzpcZL/FT9WsQ==} into {@code 654571f7…aa0b}, which only the text key gives.
 * For GET APIs (checksession, resetusersessionkey) the payload is the empty string.
 */
final class LoginStateSignature {

	static final String METHOD = "hmac_sha256";

	private static final String ALGORITHM = "HmacSHA256";

	private LoginStateSignature() {
	}

	/**
	 * Signs the payload of a request with the user's session key.
	 * @param sessionKey the session key as WeChat sent it (Base64 text)
	 * @param payload the request body, empty for a GET
	 * @return the signature in lower-case hex
	 */
	static String sign(String sessionKey, String payload) {
		Assert.hasText(sessionKey, "sessionKey must not be empty");
		Assert.notNull(payload, "payload must not be null");
		try {
			Mac mac = Mac.getInstance(ALGORITHM);
			mac.init(new SecretKeySpec(sessionKey.getBytes(StandardCharsets.UTF_8), ALGORITHM));
			return HexFormat.of().formatHex(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
		}
		catch (GeneralSecurityException ex) {
			// Every JDK ships HmacSHA256; the message names the algorithm, never the key.
			throw new IllegalStateException(ALGORITHM + " is not available", ex);
		}
	}

}
