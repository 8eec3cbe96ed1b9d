package io.github.wxminiauth.sessionkey;

/**
 * Well-formed {@code encryptedData} did not decrypt, with the user's session key, to a JSON
 * object. Most often the session key is stale: the mini program called {@code wx.login} after
 * the user logged in to the server, so the data was encrypted with a newer key. Log in again,
 * then fetch the data again.
 * <p>
 * A wrong padding and a plaintext that is not JSON give this same exception and message, on
 * purpose: telling them apart would turn an endpoint that decrypts into a padding oracle.
 *
 * @since 0.1.0
 */
public class UserDataDecryptionException extends WxUserDataException {

	public UserDataDecryptionException(String message) {
		super(message);
	}

}
