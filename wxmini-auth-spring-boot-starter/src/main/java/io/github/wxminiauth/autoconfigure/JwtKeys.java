package io.github.wxminiauth.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

import io.github.wxminiauth.token.AccessJwtCodec;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * The HS256 key from {@code wxmini.jwt.secret}, or an ephemeral random one when it is not set.
 */
final class JwtKeys {

	private static final Log logger = LogFactory.getLog(JwtKeys.class);

	private JwtKeys() {
	}

	static byte[] hs256Key(WxMiniProperties.Jwt jwt) {
		if (!jwt.keys().isEmpty()) {
			// Asymmetric keys without the algorithm that uses them would be silently ignored.
			throw new InvalidConfigurationPropertyValueException("wxmini.jwt.algorithm", jwt.algorithm(),
					"wxmini.jwt.keys is set, but wxmini.jwt.algorithm is HS256, which signs with wxmini.jwt.secret: "
							+ "set wxmini.jwt.algorithm=ES256 or RS256 to sign with the keys.");
		}
		String secret = jwt.secret();
		if (secret == null || secret.isEmpty()) {
			logger.warn("wxmini.jwt.secret is not set: signing tokens with an ephemeral random key. "
					+ "Tokens die on restart and are not accepted by other instances; "
					+ "set wxmini.jwt.secret (at least 32 bytes) in production.");
			byte[] key = new byte[AccessJwtCodec.MIN_HS256_KEY_BYTES];
			new SecureRandom().nextBytes(key);
			return key;
		}
		byte[] key = secret.getBytes(StandardCharsets.UTF_8);
		// The codec's own rule, checked here too so that start-up fails naming the property.
		if (key.length < AccessJwtCodec.MIN_HS256_KEY_BYTES) {
			throw new InvalidConfigurationPropertyValueException("wxmini.jwt.secret", "******",
					"wxmini.jwt.secret must be at least " + AccessJwtCodec.MIN_HS256_KEY_BYTES
							+ " bytes (256 bits) for HS256, but is " + key.length + " bytes.");
		}
		return key;
	}

}
