package io.github.wxminiauth.sessionkey;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import io.github.wxminiauth.test.MutableClock;
import io.github.wxminiauth.user.WxPrincipal;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * Tests for {@link WxEncryptedDataService}.
 * <p>
 * The known-answer vectors are WeChat's own worked examples: the {@code encryptedData} one is the
 * demo of WeChat's "开放数据校验与解密" documentation and of the {@code WXBizDataCrypt} sample code
 * WeChat publishes for every language (the same values appear in the tests of many public SDKs);
 * its plaintext was checked independently with {@code openssl enc -d -aes-128-cbc}. The
 * {@code rawData} one is the signature example of the same page (session key
 * {@code HyVFkGl5F5OQWJZZaNzBBg==}, SHA-1 {@code 75e81ced…b88c}).
 */
class WxEncryptedDataServiceTests {

	static final String DEMO_APP_ID = "wx4f4bc4dec97d474b";

	static final String DEMO_SESSION_KEY = "tiihtNczf5v6AKRyjwEUhQ==";

	static final String DEMO_IV = "r7BXXKkLb8qrSNn05n0qiA==";

	static final String DEMO_ENCRYPTED_DATA = "CiyLU1Aw2KjvrjMdj8YKliAjtP4gsMZMQmRzooG2xrDcvSnxIMXFufNstNGTyaGS"
			+ "9uT5geRa0W4oTOb1WT7fJlAC+oNPdbB+3hVbJSRgv+4lGOETKUQz6OYStslQ142dNCuabNPGBzlooOmB231qMM85d2/fV6Ch"
			+ "evvXvQP8Hkue1poOFtnEtpyxVLW1zAo6/1Xx1COxFvrc2d7UL/lmHInNlxuacJXwu0fjpXfz/YqYzBIBzD6WUfTIF9GRHpOn"
			+ "/Hz7saL8xz+W//FRAUid1OksQaQx4CMs8LOddcQhULW4ucetDf96JcR3g0gfRK4PC7E/r7Z6xNrXd2UIeorGj5Ef7b1pJAYB"
			+ "6Y5anaHqZ9J6nKEBvB4DnNLIVWSgARns/8wR2SiRS7MNACwTyrGvt9ts8p12PKFdlqYTopNHR1Vf7XjfhQlVsAJdNiKdYmYV"
			+ "oKlaRv85IfVunYzO0IKXsyl7JCUjCpoG20f0a04COwfneQAGGwd5oa+T8yO5hzuyDb/XcxxmK01EpqOyuxINew==";

	static final String DEMO_OPENID = "oGZUI0egBJY1zhBYw2KhdUfwVJJE";

	private static final String RAW_DATA_SESSION_KEY = "HyVFkGl5F5OQWJZZaNzBBg==";

	private static final String RAW_DATA = "{\"nickName\":\"Band\",\"gender\":1,\"language\":\"zh_CN\",\"city\":\"Guangzhou\","
			+ "\"province\":\"Guangdong\",\"country\":\"CN\",\"avatarUrl\":\"http://wx.qlogo.cn/mmopen/vi_32/"
			+ "1vZvI39NWFQ9XM4LtQpFrQJ1xlgZxx3w7bQxKARol6503Iuswjjn6nIGBiaycAjAtpujxyzYsrztuuICqIM5ibXQ/0\"}";

	private static final String RAW_DATA_SIGNATURE = "75e81ceda165f4ffa64f4068af58c64b8f54b88c";

	private static final WxPrincipal DEMO_USER = new WxPrincipal(DEMO_APP_ID, DEMO_OPENID, null, "session-1");

	private final InMemorySessionKeyStore sessionKeys = new InMemorySessionKeyStore(
			new MutableClock(Instant.parse("2026-01-01T00:00:00Z")), Duration.ofDays(3));

	private final WxEncryptedDataService service = new WxEncryptedDataService(this.sessionKeys,
			JsonMapper.builder().build());

	@Test
	void decryptsWeChatsPublishedExample() {
		this.sessionKeys.save(DEMO_APP_ID, DEMO_OPENID, DEMO_SESSION_KEY);
		JsonNode data = this.service.decrypt(DEMO_USER, DEMO_ENCRYPTED_DATA, DEMO_IV);
		assertThat(data.path("openId").asString()).isEqualTo(DEMO_OPENID);
		assertThat(data.path("nickName").asString()).isEqualTo("Band");
		assertThat(data.path("unionId").asString()).isEqualTo("ocMvos6NjeKLIBqg5Mr9QjxrP1FA");
		assertThat(data.path("watermark").path("appid").asString()).isEqualTo(DEMO_APP_ID);
		assertThat(data.path("watermark").path("timestamp").asLong()).isEqualTo(1477314187L);
	}

	@Test
	void decryptUsesTheLatestSessionKeyOfTheUser() {
		this.sessionKeys.save(DEMO_APP_ID, DEMO_OPENID, "AAAAAAAAAAAAAAAAAAAAAA==");
		this.sessionKeys.save(DEMO_APP_ID, DEMO_OPENID, DEMO_SESSION_KEY);
		assertThat(this.service.decrypt(DEMO_USER, DEMO_ENCRYPTED_DATA, DEMO_IV).path("nickName").asString())
			.isEqualTo("Band");
	}

	@Test
	void decryptRejectsDataWhoseWatermarkNamesAnotherApp() {
		// The user logged in to another app whose session key happens to be the same.
		WxPrincipal otherAppUser = new WxPrincipal("wx0000000000000000", DEMO_OPENID, null, "session-1");
		this.sessionKeys.save(otherAppUser.appId(), DEMO_OPENID, DEMO_SESSION_KEY);
		assertThatExceptionOfType(WatermarkMismatchException.class)
			.isThrownBy(() -> this.service.decrypt(otherAppUser, DEMO_ENCRYPTED_DATA, DEMO_IV))
			.withMessageNotContaining(DEMO_SESSION_KEY)
			.withMessageNotContaining("Band");
	}

	@Test
	void decryptRejectsDataWithoutWatermark() throws Exception {
		this.sessionKeys.save(DEMO_APP_ID, DEMO_OPENID, DEMO_SESSION_KEY);
		String encrypted = encrypt(DEMO_SESSION_KEY, DEMO_IV, "{\"openId\":\"" + DEMO_OPENID + "\"}");
		assertThatExceptionOfType(WatermarkMismatchException.class)
			.isThrownBy(() -> this.service.decrypt(DEMO_USER, encrypted, DEMO_IV));
	}

	@Test
	void decryptRejectsDataWhoseWatermarkAppIdIsNotAString() throws Exception {
		this.sessionKeys.save(DEMO_APP_ID, DEMO_OPENID, DEMO_SESSION_KEY);
		String encrypted = encrypt(DEMO_SESSION_KEY, DEMO_IV, "{\"watermark\":{\"appid\":[\"" + DEMO_APP_ID + "\"]}}");
		assertThatExceptionOfType(WatermarkMismatchException.class)
			.isThrownBy(() -> this.service.decrypt(DEMO_USER, encrypted, DEMO_IV));
	}

	@Test
	void decryptWithAStaleSessionKeyFailsWithoutRevealingTheKey() {
		String staleKey = "AAECAwQFBgcICQoLDA0ODw==";
		this.sessionKeys.save(DEMO_APP_ID, DEMO_OPENID, staleKey);
		assertThatExceptionOfType(UserDataDecryptionException.class)
			.isThrownBy(() -> this.service.decrypt(DEMO_USER, DEMO_ENCRYPTED_DATA, DEMO_IV))
			.withMessageContaining("stale")
			.withMessageNotContaining(staleKey)
			.withNoCause();
	}

	@Test
	void decryptOfCorrectlyPaddedTextThatIsNotJsonLooksLikeBadPadding() throws Exception {
		this.sessionKeys.save(DEMO_APP_ID, DEMO_OPENID, DEMO_SESSION_KEY);
		String notJson = encrypt(DEMO_SESSION_KEY, DEMO_IV, "secret plaintext, not JSON");
		String staleKey = "AAECAwQFBgcICQoLDA0ODw==";
		Throwable notJsonFailure = catchFailure(notJson, DEMO_IV);
		this.sessionKeys.save(DEMO_APP_ID, DEMO_OPENID, staleKey);
		Throwable badPaddingFailure = catchFailure(DEMO_ENCRYPTED_DATA, DEMO_IV);
		// Same type, same message: no padding oracle, and the plaintext is never quoted.
		assertThat(notJsonFailure).isInstanceOf(UserDataDecryptionException.class)
			.hasMessage(badPaddingFailure.getMessage())
			.hasMessageNotContaining("secret plaintext")
			.hasNoCause();
		assertThat(badPaddingFailure).isInstanceOf(UserDataDecryptionException.class);
	}

	@Test
	void decryptRejectsJsonThatIsNotAnObject() throws Exception {
		this.sessionKeys.save(DEMO_APP_ID, DEMO_OPENID, DEMO_SESSION_KEY);
		String array = encrypt(DEMO_SESSION_KEY, DEMO_IV, "[1,2,3]");
		assertThatExceptionOfType(UserDataDecryptionException.class)
			.isThrownBy(() -> this.service.decrypt(DEMO_USER, array, DEMO_IV));
	}

	@Test
	void decryptRejectsInputThatIsNotBase64() {
		this.sessionKeys.save(DEMO_APP_ID, DEMO_OPENID, DEMO_SESSION_KEY);
		assertThatExceptionOfType(MalformedUserDataException.class)
			.isThrownBy(() -> this.service.decrypt(DEMO_USER, "not base64!", DEMO_IV))
			.withMessage("encryptedData is not Base64");
		assertThatExceptionOfType(MalformedUserDataException.class)
			.isThrownBy(() -> this.service.decrypt(DEMO_USER, DEMO_ENCRYPTED_DATA, "r7BXXKkLb8qr SNn05n0qiA=="))
			.withMessage("iv is not Base64");
	}

	@Test
	void decryptRejectsWrongLengths() {
		this.sessionKeys.save(DEMO_APP_ID, DEMO_OPENID, DEMO_SESSION_KEY);
		// 15 bytes of IV, 17 bytes of data, no data.
		assertThatExceptionOfType(MalformedUserDataException.class)
			.isThrownBy(() -> this.service.decrypt(DEMO_USER, DEMO_ENCRYPTED_DATA, base64(15)))
			.withMessage("iv must be 16 bytes");
		assertThatExceptionOfType(MalformedUserDataException.class)
			.isThrownBy(() -> this.service.decrypt(DEMO_USER, base64(17), DEMO_IV))
			.withMessageContaining("16-byte blocks");
		assertThatExceptionOfType(MalformedUserDataException.class)
			.isThrownBy(() -> this.service.decrypt(DEMO_USER, "", DEMO_IV));
		assertThatExceptionOfType(MalformedUserDataException.class)
			.isThrownBy(() -> this.service.decrypt(DEMO_USER, DEMO_ENCRYPTED_DATA, ""));
	}

	@Test
	void decryptRejectsOversizedDataBeforeDecodingIt() {
		this.sessionKeys.save(DEMO_APP_ID, DEMO_OPENID, DEMO_SESSION_KEY);
		String huge = "A".repeat(UserDataCipher.MAX_ENCRYPTED_DATA_LENGTH + 4);
		assertThatExceptionOfType(MalformedUserDataException.class)
			.isThrownBy(() -> this.service.decrypt(DEMO_USER, huge, DEMO_IV))
			.withMessageContaining("longer than");
	}

	@Test
	void decryptWithAStoredKeyOfTheWrongLengthFailsAsUndecryptable() {
		this.sessionKeys.save(DEMO_APP_ID, DEMO_OPENID, "c2hvcnQ=");
		assertThatExceptionOfType(UserDataDecryptionException.class)
			.isThrownBy(() -> this.service.decrypt(DEMO_USER, DEMO_ENCRYPTED_DATA, DEMO_IV));
	}

	@Test
	void decryptWithoutAStoredSessionKeyAsksForANewLogin() {
		assertThatExceptionOfType(SessionKeyNotFoundException.class)
			.isThrownBy(() -> this.service.decrypt(DEMO_USER, DEMO_ENCRYPTED_DATA, DEMO_IV))
			.withMessageContaining(DEMO_OPENID)
			.withMessageContaining("log in again");
	}

	@Test
	void verifyRawDataAcceptsWeChatsPublishedExample() {
		WxPrincipal user = new WxPrincipal(DEMO_APP_ID, "o_raw_data_user", null, "session-1");
		this.sessionKeys.save(DEMO_APP_ID, user.openid(), RAW_DATA_SESSION_KEY);
		assertThatNoException().isThrownBy(() -> this.service.verifyRawData(user, RAW_DATA, RAW_DATA_SIGNATURE));
		assertThatNoException()
			.isThrownBy(() -> this.service.verifyRawData(user, RAW_DATA, RAW_DATA_SIGNATURE.toUpperCase()));
	}

	@Test
	void verifyRawDataRejectsAlteredDataAndWrongSignatures() {
		WxPrincipal user = new WxPrincipal(DEMO_APP_ID, "o_raw_data_user", null, "session-1");
		this.sessionKeys.save(DEMO_APP_ID, user.openid(), RAW_DATA_SESSION_KEY);
		String altered = RAW_DATA.replace("\"gender\":1", "\"gender\":2");
		assertThatExceptionOfType(RawDataSignatureException.class)
			.isThrownBy(() -> this.service.verifyRawData(user, altered, RAW_DATA_SIGNATURE))
			.withMessageNotContaining(RAW_DATA_SESSION_KEY);
		String truncated = RAW_DATA_SIGNATURE.substring(0, 39);
		assertThatExceptionOfType(RawDataSignatureException.class)
			.isThrownBy(() -> this.service.verifyRawData(user, RAW_DATA, truncated));
		assertThatExceptionOfType(RawDataSignatureException.class)
			.isThrownBy(() -> this.service.verifyRawData(user, RAW_DATA, ""));
	}

	@Test
	void verifyRawDataRejectsASignatureMadeWithAnotherSessionKey() {
		WxPrincipal user = new WxPrincipal(DEMO_APP_ID, "o_raw_data_user", null, "session-1");
		this.sessionKeys.save(DEMO_APP_ID, user.openid(), DEMO_SESSION_KEY);
		assertThatExceptionOfType(RawDataSignatureException.class)
			.isThrownBy(() -> this.service.verifyRawData(user, RAW_DATA, RAW_DATA_SIGNATURE));
	}

	@Test
	void verifyRawDataSignsTheUtf8BytesOfRawDataFollowedByTheSessionKey() {
		// A nickname outside ASCII: the signature covers UTF-8, as WeChat's does.
		String rawData = "{\"nickName\":\"微信用户\"}";
		String signature = UserDataCipher.rawDataSignature(RAW_DATA_SESSION_KEY, rawData);
		WxPrincipal user = new WxPrincipal(DEMO_APP_ID, "o_raw_data_user", null, "session-1");
		this.sessionKeys.save(DEMO_APP_ID, user.openid(), RAW_DATA_SESSION_KEY);
		assertThatNoException().isThrownBy(() -> this.service.verifyRawData(user, rawData, signature));
		assertThat(UserDataCipher.rawDataSignature(RAW_DATA_SESSION_KEY, RAW_DATA)).isEqualTo(RAW_DATA_SIGNATURE);
	}

	@Test
	void verifyRawDataWithoutAStoredSessionKeyAsksForANewLogin() {
		assertThatExceptionOfType(SessionKeyNotFoundException.class)
			.isThrownBy(() -> this.service.verifyRawData(DEMO_USER, RAW_DATA, RAW_DATA_SIGNATURE));
	}

	@Test
	void toStringNamesNoSessionKey() {
		this.sessionKeys.save(DEMO_APP_ID, DEMO_OPENID, DEMO_SESSION_KEY);
		assertThat(this.service.toString()).doesNotContain(DEMO_SESSION_KEY);
	}

	private Throwable catchFailure(String encryptedData, String iv) {
		try {
			this.service.decrypt(DEMO_USER, encryptedData, iv);
		}
		catch (RuntimeException ex) {
			return ex;
		}
		throw new AssertionError("decrypt succeeded");
	}

	static String encrypt(String sessionKey, String iv, String plaintext) throws Exception {
		Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
		cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(Base64.getDecoder().decode(sessionKey), "AES"),
				new IvParameterSpec(Base64.getDecoder().decode(iv)));
		return Base64.getEncoder().encodeToString(cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8)));
	}

	private static String base64(int bytes) {
		return Base64.getEncoder().encodeToString(new byte[bytes]);
	}

}
