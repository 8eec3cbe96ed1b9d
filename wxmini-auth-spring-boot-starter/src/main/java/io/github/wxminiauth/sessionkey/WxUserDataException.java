package io.github.wxminiauth.sessionkey;

/**
 * Data a mini program sent from WeChat's open-data APIs ({@code encryptedData} or
 * {@code rawData}) cannot be trusted. Subtypes say why. Messages never contain the session key,
 * the decrypted text or the data itself, so they are safe to log; they are not meant for the
 * client, which should only be told to fetch the data again.
 *
 * @since 0.1.0
 */
public abstract class WxUserDataException extends RuntimeException {

	protected WxUserDataException(String message) {
		super(message);
	}

}
