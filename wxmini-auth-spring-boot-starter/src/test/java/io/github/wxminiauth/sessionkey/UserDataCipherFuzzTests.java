package io.github.wxminiauth.sessionkey;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Coverage-guided fuzz test of the open-data decryptor: whatever the key, data and IV, it either
 * returns a JSON object watermarked for the app or throws one of the typed
 * {@link WxUserDataException}s, whose message never contains the key.
 * <p>
 * {@code mvn verify} replays the inputs under {@code src/test/resources/…/UserDataCipherFuzzTestsInputs/};
 * {@code JAZZER_FUZZ=1} fuzzes for real (see {@code docs} in the report / README).
 */
class UserDataCipherFuzzTests {

	private static final String APP_ID = "wx4f4bc4dec97d474b";

	private static final ObjectReader READER = JsonMapper.builder().build().reader();

	@FuzzTest(maxDuration = "30s")
	void decryptAcceptsOnlyWatermarkedJsonAndOtherwiseThrowsTypedExceptions(FuzzedDataProvider data) {
		// Half of the runs use WeChat's demo key and IV, so that the fuzzer reaches the JSON and
		// watermark checks, not only Base64 and padding.
		boolean demoKey = data.consumeBoolean();
		String sessionKey = demoKey ? WxEncryptedDataServiceTests.DEMO_SESSION_KEY : data.consumeString(32);
		String iv = demoKey ? WxEncryptedDataServiceTests.DEMO_IV : data.consumeString(32);
		String encryptedData = data.consumeRemainingAsString();
		try {
			JsonNode json = UserDataCipher.decrypt(sessionKey, encryptedData, iv, APP_ID, READER);
			assertThat(json.isObject()).isTrue();
			assertThat(json.path("watermark").path("appid").asString()).isEqualTo(APP_ID);
		}
		catch (MalformedUserDataException | UserDataDecryptionException | WatermarkMismatchException ex) {
			assertThat(ex.getMessage()).isNotBlank();
			if (sessionKey.length() >= 4) {
				assertThat(ex.getMessage()).doesNotContain(sessionKey);
			}
			assertThat(ex.getCause()).isNull();
		}
	}

	@FuzzTest(maxDuration = "10s")
	void rawDataCheckAcceptsOnlyTheTrueSignature(FuzzedDataProvider data) {
		String sessionKey = data.consumeString(32);
		String signature = data.consumeString(64);
		String rawData = data.consumeRemainingAsString();
		String expected = UserDataCipher.rawDataSignature(sessionKey, rawData);
		try {
			UserDataCipher.verifyRawData(sessionKey, rawData, signature);
			assertThat(signature).isEqualToIgnoringCase(expected);
		}
		catch (RawDataSignatureException ex) {
			assertThat(signature).isNotEqualToIgnoringCase(expected);
		}
	}

}
