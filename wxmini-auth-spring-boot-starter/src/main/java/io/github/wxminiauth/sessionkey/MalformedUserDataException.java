package io.github.wxminiauth.sessionkey;

/**
 * The {@code encryptedData} or {@code iv} is not what WeChat produces: not Base64, empty, too
 * long, or of the wrong length (the IV must be 16 bytes, the data a whole number of 16-byte
 * blocks).
 *
 * @since 0.1.0
 */
public class MalformedUserDataException extends WxUserDataException {

	public MalformedUserDataException(String message) {
		super(message);
	}

}
