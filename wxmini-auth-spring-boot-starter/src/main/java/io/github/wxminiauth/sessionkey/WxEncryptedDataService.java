package io.github.wxminiauth.sessionkey;

import io.github.wxminiauth.user.WxPrincipal;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.util.Assert;

/**
 * Verifies and decrypts the data of WeChat's legacy open-data APIs ({@code wx.getUserInfo},
 * the old phone-number flow, share tickets, WeRun) with the session key kept for the user at
 * login.
 * <p>
 * {@link #decrypt} also checks the plaintext's {@code watermark.appid} against the user's app,
 * which WeChat asks developers to do and common SDKs skip: without it, data encrypted for
 * another mini program that shares the user's session would be accepted.
 *
 * <pre class="code">
 * JsonNode data = encryptedDataService.decrypt(principal, body.encryptedData(), body.iv());
 * String unionid = data.path("unionId").asString();
 * </pre>
 *
 * @since 0.1.0
 */
public final class WxEncryptedDataService {

	private final SessionKeyStore sessionKeys;

	private final ObjectReader reader;

	/**
	 * Creates a service.
	 * @param sessionKeys the store the login keeps session keys in
	 * @param jsonMapper parses the decrypted data, usually Boot's
	 */
	public WxEncryptedDataService(SessionKeyStore sessionKeys, JsonMapper jsonMapper) {
		Assert.notNull(sessionKeys, "sessionKeys must not be null");
		Assert.notNull(jsonMapper, "jsonMapper must not be null");
		this.sessionKeys = sessionKeys;
		this.reader = jsonMapper.reader();
	}

	/**
	 * Decrypts {@code encryptedData} (AES-128-CBC, PKCS#7) with the user's session key and checks
	 * that its watermark names the user's app.
	 * @param user the logged-in user
	 * @param encryptedData the {@code encryptedData} the mini program received, Base64
	 * @param iv the {@code iv} the mini program received with it, Base64
	 * @return the decrypted JSON object, watermark included
	 * @throws SessionKeyNotFoundException when no session key is kept for the user
	 * @throws MalformedUserDataException when the data or IV is not what WeChat produces
	 * @throws UserDataDecryptionException when the data does not decrypt to a JSON object (often:
	 * a stale session key)
	 * @throws WatermarkMismatchException when the data is for another app
	 */
	public JsonNode decrypt(WxPrincipal user, String encryptedData, String iv) {
		Assert.notNull(user, "user must not be null");
		if (encryptedData == null || encryptedData.isEmpty()) {
			throw new MalformedUserDataException("encryptedData is missing");
		}
		if (iv == null || iv.isEmpty()) {
			throw new MalformedUserDataException("iv is missing");
		}
		return UserDataCipher.decrypt(sessionKey(user), encryptedData, iv, user.appId(), this.reader);
	}

	/**
	 * Checks that {@code signature} is {@code sha1(rawData + session_key)} for the user's
	 * session key, comparing in constant time.
	 * @param user the logged-in user
	 * @param rawData the {@code rawData} the mini program received, unchanged
	 * @param signature the {@code signature} the mini program received with it
	 * @throws SessionKeyNotFoundException when no session key is kept for the user
	 * @throws RawDataSignatureException when the signature does not match
	 */
	public void verifyRawData(WxPrincipal user, String rawData, String signature) {
		Assert.notNull(user, "user must not be null");
		if (rawData == null || signature == null || signature.isEmpty()) {
			throw new RawDataSignatureException("rawData or its signature is missing");
		}
		UserDataCipher.verifyRawData(sessionKey(user), rawData, signature);
	}

	private String sessionKey(WxPrincipal user) {
		return SessionKeys.require(this.sessionKeys, user);
	}

	@Override
	public String toString() {
		return "WxEncryptedDataService[sessionKeys=" + this.sessionKeys + "]";
	}

}
