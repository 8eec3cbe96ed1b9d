package io.github.wxminiauth.sessionkey;

/**
 * The {@code signature} sent with {@code rawData} is not {@code sha1(rawData + session_key)} for
 * the user's session key: the data was altered, or the session key is stale.
 *
 * @since 0.1.0
 */
public class RawDataSignatureException extends WxUserDataException {

	public RawDataSignatureException(String message) {
		super(message);
	}

}
