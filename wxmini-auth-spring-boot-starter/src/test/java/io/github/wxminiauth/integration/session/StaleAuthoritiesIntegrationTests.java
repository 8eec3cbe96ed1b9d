package io.github.wxminiauth.integration.session;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import io.github.wxminiauth.integration.support.HardeningTestApplication;
import io.github.wxminiauth.integration.support.TestHttp;
import io.github.wxminiauth.integration.support.WeChatStub;
import io.github.wxminiauth.integration.support.WxMiniIntegrationTest;
import io.github.wxminiauth.session.WxSessionService;
import io.github.wxminiauth.user.WxUserDetailsService;
import io.github.wxminiauth.wechat.PhoneNumber;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The application changes a user's authorities and makes their access tokens stale: the tokens
 * stop working at once, and the next refresh of each session carries the new authorities, with no
 * new {@code wx.login}.
 */
@WxMiniIntegrationTest(classes = HardeningTestApplication.class,
		properties = { "wxmini.app-id=" + WeChatStub.APP_ID, "wxmini.app-secret=" + WeChatStub.APP_SECRET,
				"wxmini.jwt.secret=integration-test-secret-of-32-bytes!", "wxmini.rate-limit.enabled=false" })
class StaleAuthoritiesIntegrationTests {

	static WeChatStub wechat;

	@Autowired
	WxSessionService sessions;

	@Autowired
	WxUserDetailsService users;

	TestHttp http;

	@Test
	void staleTokensStopWorkingAndTheNextRefreshCarriesTheNewAuthorities() {
		TestHttp.Response phone = login("openid-promoted");
		TestHttp.Response tablet = login("openid-promoted");
		TestHttp.Response bystander = login("openid-unchanged");
		// The authorities change in the user store (here: a phone bound by the back office).
		this.users.bindPhoneNumber(WeChatStub.APP_ID, "openid-promoted",
				new PhoneNumber("+86 13800138000", "13800138000", "86"));
		this.sessions.refreshAuthorities(WeChatStub.APP_ID, "openid-promoted");

		for (TestHttp.Response session : new TestHttp.Response[] { phone, tablet }) {
			TestHttp.Response stale = this.http.get("/api/me", session.text("access_token"));
			assertThat(stale.status()).isEqualTo(401);
			assertThat(stale.text("error")).isEqualTo("invalid_token");
			TestHttp.Response refreshed = this.http.postJson("/wx/token/refresh",
					"{\"refresh_token\":\"" + session.text("refresh_token") + "\"}");
			assertThat(refreshed.status()).isEqualTo(200);
			assertThat(authorities(refreshed.text("access_token"))).contains("PHONE_VERIFIED");
			assertThat(this.http.get("/api/me", refreshed.text("access_token")).status())
				.as("a token issued after the mark, even within the same second")
				.isEqualTo(200);
		}
		assertThat(this.http.get("/api/me", bystander.text("access_token")).status()).isEqualTo(200);
		TestHttp.Response fresh = login("openid-promoted");
		assertThat(this.http.get("/api/me", fresh.text("access_token")).status()).isEqualTo(200);
	}

	private TestHttp.Response login(String openid) {
		return this.http.login(wechat.code(openid)).assertStatus(200);
	}

	private static String authorities(String accessToken) {
		String payload = new String(Base64.getUrlDecoder().decode(accessToken.split("\\.")[1]), StandardCharsets.UTF_8);
		return JsonMapper.shared().readTree(payload).get("authorities").toString();
	}

}
