package io.github.wxminiauth.integration.login;

import io.github.wxminiauth.integration.support.HardeningTestApplication;
import io.github.wxminiauth.integration.support.TestHttp;
import io.github.wxminiauth.integration.support.WeChatStub;
import io.github.wxminiauth.integration.support.WxMiniIntegrationTest;

import org.junit.jupiter.api.Test;


import static org.assertj.core.api.Assertions.assertThat;

/**
 * Anonymous phone-binding requests cost nothing (they are answered 401 without a WeChat call), so
 * they must not use up the phone allowance of the users behind the same address, e.g. a NAT.
 */
@WxMiniIntegrationTest(classes = HardeningTestApplication.class,
		properties = { "wxmini.app-id=" + WeChatStub.APP_ID, "wxmini.app-secret=" + WeChatStub.APP_SECRET,
				"wxmini.jwt.secret=integration-test-secret-of-32-bytes!", "wxmini.rate-limit.phone.per-ip=3",
				"wxmini.rate-limit.phone.period=1h" })
class AnonymousPhoneRequestsIntegrationTests {

	static WeChatStub wechat;

	TestHttp http;

	@Test
	void anonymousPhoneRequestsDoNotLockOutTheUsersBehindTheSameAddress() {
		for (int i = 0; i < 20; i++) {
			TestHttp.Response anonymous = this.http.postJson("/wx/phone", "{\"code\":\"phone-code\"}");
			assertThat(anonymous.status()).isEqualTo(401);
			assertThat(anonymous.text("error")).isEqualTo("unauthorized");
		}
		wechat.stableToken();
		wechat.phone("real-phone-code", "13800138000");
		wechat.login("nat-user-code", "openid-behind-nat");
		String token = this.http.postJson("/wx/login", "{\"code\":\"nat-user-code\"}").text("access_token");
		TestHttp.Response bound = this.http.postJson("/wx/phone", "{\"code\":\"real-phone-code\"}", token);
		assertThat(bound.status()).isEqualTo(200);
		assertThat(bound.text("pure_phone_number")).isEqualTo("13800138000");
		assertThat(wechat.phoneCalls()).isEqualTo(1);
	}

}
