package io.github.wxminiauth.sessionkey;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;

import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;

/**
 * WeChat's open-data cryptography, as its documentation defines it: {@code encryptedData} is
 * AES-128-CBC with PKCS#7 padding under key {@code Base64_Decode(session_key)} and IV
 * {@code Base64_Decode(iv)}, and its plaintext is a JSON object whose {@code watermark.appid}
 * names the mini program; {@code rawData} is signed with {@code hex(sha1(rawData + session_key))}.
 * <p>
 * Every failure is a {@link WxUserDataException} subtype whose message names neither the key nor
 * the data.
 */
final class UserDataCipher {

	/**
	 * Longest accepted Base64 {@code encryptedData}. WeChat's payloads (user info, phone number,
	 * share ticket, 30 days of WeRun steps) are a few kilobytes; this bounds the work a caller
	 * can cause.
	 */
	static final int MAX_ENCRYPTED_DATA_LENGTH = 64 * 1024;

	private static final int AES_BLOCK_BYTES = 16;

	// PKCS5Padding in the JDK is PKCS#7 for AES's 16-byte blocks.
	private static final String TRANSFORMATION = "AES/CBC/PKCS5Padding";

	private static final String DECRYPTION_FAILED = "encryptedData could not be decrypted with the user's "
			+ "session key (the key is stale if the mini program called wx.login after the user logged in)";

	private UserDataCipher() {
	}

	/**
	 * Decrypts {@code encryptedData} and checks its watermark.
	 * @param sessionKey the user's session key as WeChat sent it (Base64)
	 * @param encryptedData the Base64 ciphertext
	 * @param iv the Base64 initialization vector
	 * @param appId the AppID the watermark must name
	 * @param reader parses the plaintext
	 * @return the decrypted JSON object
	 */
	static JsonNode decrypt(String sessionKey, String encryptedData, String iv, String appId, ObjectReader reader) {
		if (encryptedData.length() > MAX_ENCRYPTED_DATA_LENGTH) {
			throw new MalformedUserDataException(
					"encryptedData is longer than " + MAX_ENCRYPTED_DATA_LENGTH + " characters");
		}
		byte[] ciphertext = base64("encryptedData", encryptedData);
		if (ciphertext.length == 0 || ciphertext.length % AES_BLOCK_BYTES != 0) {
			throw new MalformedUserDataException("encryptedData must be a whole number of 16-byte blocks");
		}
		byte[] ivBytes = base64("iv", iv);
		if (ivBytes.length != AES_BLOCK_BYTES) {
			throw new MalformedUserDataException("iv must be 16 bytes");
		}
		byte[] plaintext = decrypt(aesKey(sessionKey), ciphertext, ivBytes);
		JsonNode json = parse(plaintext, reader);
		checkWatermark(json, appId);
		return json;
	}

	/**
	 * Checks a {@code rawData} signature in constant time.
	 * @param sessionKey the user's session key as WeChat sent it
	 * @param rawData the raw data, exactly as the mini program received it
	 * @param signature the hex signature the mini program received with it
	 * @throws RawDataSignatureException if the signature does not match
	 */
	static void verifyRawData(String sessionKey, String rawData, String signature) {
		byte[] expected = rawDataSignature(sessionKey, rawData).getBytes(StandardCharsets.US_ASCII);
		byte[] actual = signature.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8);
		// MessageDigest.isEqual takes the same time wherever the first difference is.
		if (!MessageDigest.isEqual(expected, actual)) {
			throw new RawDataSignatureException("rawData signature does not match the user's session key "
					+ "(the data was altered, or the key is stale)");
		}
	}

	/**
	 * Computes {@code hex(sha1(rawData + session_key))} over the UTF-8 bytes.
	 * @param sessionKey the session key
	 * @param rawData the raw data
	 * @return the lower-case hex signature
	 */
	static String rawDataSignature(String sessionKey, String rawData) {
		try {
			MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
			return HexFormat.of().formatHex(sha1.digest((rawData + sessionKey).getBytes(StandardCharsets.UTF_8)));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("SHA-1 is not available", ex);
		}
	}

	private static byte[] base64(String name, String value) {
		try {
			return Base64.getDecoder().decode(value);
		}
		catch (IllegalArgumentException ex) {
			// The decoder's message quotes a character of the input: not passed on.
			throw new MalformedUserDataException(name + " is not Base64");
		}
	}

	private static SecretKeySpec aesKey(String sessionKey) {
		byte[] key;
		try {
			key = Base64.getDecoder().decode(sessionKey);
		}
		catch (IllegalArgumentException ex) {
			throw new UserDataDecryptionException(DECRYPTION_FAILED);
		}
		if (key.length != AES_BLOCK_BYTES) {
			// WeChat's session keys are 16 bytes; anything else cannot have encrypted the data.
			throw new UserDataDecryptionException(DECRYPTION_FAILED);
		}
		return new SecretKeySpec(key, "AES");
	}

	private static byte[] decrypt(SecretKeySpec key, byte[] ciphertext, byte[] iv) {
		Cipher cipher;
		try {
			cipher = Cipher.getInstance(TRANSFORMATION);
			cipher.init(Cipher.DECRYPT_MODE, key, new IvParameterSpec(iv));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(TRANSFORMATION + " is not available", ex);
		}
		try {
			return cipher.doFinal(ciphertext);
		}
		catch (GeneralSecurityException ex) {
			// Bad padding: reported exactly like a plaintext that is not JSON (no padding oracle).
			throw new UserDataDecryptionException(DECRYPTION_FAILED);
		}
	}

	private static JsonNode parse(byte[] plaintext, ObjectReader reader) {
		JsonNode json;
		try {
			json = reader.readTree(plaintext);
		}
		catch (JacksonException ex) {
			// No cause: Jackson's message quotes the plaintext.
			throw new UserDataDecryptionException(DECRYPTION_FAILED);
		}
		if (json == null || !json.isObject()) {
			throw new UserDataDecryptionException(DECRYPTION_FAILED);
		}
		return json;
	}

	private static void checkWatermark(JsonNode json, String appId) {
		JsonNode watermarkAppId = json.path("watermark").path("appid");
		if (!watermarkAppId.isString()) {
			throw new WatermarkMismatchException("decrypted data has no watermark appid");
		}
		if (!appId.equals(watermarkAppId.stringValue())) {
			throw new WatermarkMismatchException("decrypted data is for another app (watermark appid mismatch)");
		}
	}

}
