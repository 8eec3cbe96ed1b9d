package io.github.wxminiauth.wechat.internal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link LoginStateSignature}.
 */
class LoginStateSignatureTests {

	@Test
	void matchesWeChatsWorkedExampleWhichKeysTheHmacWithTheSessionKeyText() {
		// WeChat's "用户登录态签名 / User Login State Signature" page: hmac_sha256('{"foo":"bar"}',
		// 'o0q0otL8aEzpcZL/FT9WsQ==') = 654571f7…aa0b. Keying with the 16 decoded bytes instead
		// would give bfa68836…7b89.
		assertThat(LoginStateSignature.sign("o0q0otL8aEzpcZL/FT9WsQ==", "{\"foo\":\"bar\"}"))
			.isEqualTo("654571f79995b2ce1e149e53c0a33dc39c0a74090db514261454e8dbe432aa0b");
	}

	@Test
	void signsTheEmptyPayloadOfAGetRequest() {
		// Independently computed: python3 -c "import hmac,hashlib;
		// print(hmac.new(b'tiihtNczf5v6AKRyjwEUhQ==', b'', hashlib.sha256).hexdigest())"
		assertThat(LoginStateSignature.sign("tiihtNczf5v6AKRyjwEUhQ==", ""))
			.isEqualTo("7154f9f8b4b76b92f541cbf0e37d48840fa06e5e42da92a6f80168a1516a4735");
	}

}
