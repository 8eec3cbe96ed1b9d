package io.github.wxminiauth.integration.session;

import java.time.Instant;

import io.github.wxminiauth.integration.support.HardeningTestApplication;
import io.github.wxminiauth.integration.support.TestHttp;
import io.github.wxminiauth.integration.support.WeChatStub;
import io.github.wxminiauth.integration.support.WxMiniIntegrationTest;
import io.github.wxminiauth.session.WxSessionService;
import io.github.wxminiauth.user.WxUserDetails;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A user disabled through {@link WxSessionService}: no login and no refresh (403
 * {@code account_disabled}), their access tokens refused (401 {@code invalid_token}); enabled
 * again, they log in at once.
 */
@WxMiniIntegrationTest(classes = HardeningTestApplication.class,
		properties = { "wxmini.app-id=" + WeChatStub.APP_ID, "wxmini.app-secret=" + WeChatStub.APP_SECRET,
				"wxmini.jwt.secret=integration-test-secret-of-32-bytes!", "wxmini.rate-limit.enabled=false" })
class DisabledUserIntegrationTests {

	static WeChatStub wechat;

	@Autowired
	WxSessionService sessions;

	TestHttp http;

	@Test
	void aDisabledUserCanNeitherLogInNorRefreshAndTheirTokensStopWorking() {
		TestHttp.Response phone = login("openid-banned");
		TestHttp.Response tablet = login("openid-banned");
		TestHttp.Response bystander = login("openid-innocent");

		int ended = this.sessions.disable(WeChatStub.APP_ID, "openid-banned", WxUserDetails.DISABLED_INDEFINITELY);
		assertThat(ended).isEqualTo(2);

		for (TestHttp.Response session : new TestHttp.Response[] { phone, tablet }) {
			TestHttp.Response me = this.http.get("/api/me", session.text("access_token"));
			assertThat(me.status()).isEqualTo(401);
			assertThat(me.text("error")).isEqualTo("invalid_token");
			TestHttp.Response refresh = refresh(session);
			assertThat(refresh.status()).isEqualTo(403);
			assertThat(refresh.text("error")).isEqualTo("account_disabled");
		}
		TestHttp.Response again = attemptLogin("openid-banned");
		assertThat(again.status()).isEqualTo(403);
		assertThat(again.text("error")).isEqualTo("account_disabled");
		assertThat(again.body()).doesNotContain("access_token");
		assertThat(this.http.get("/api/me", bystander.text("access_token")).status()).isEqualTo(200);
	}

	@Test
	void anEnabledUserLogsInAgainAtOnceWhileTheirOldSessionsStayEnded() {
		TestHttp.Response before = login("openid-paroled");
		this.sessions.disable(WeChatStub.APP_ID, "openid-paroled", WxUserDetails.DISABLED_INDEFINITELY);
		this.sessions.enable(WeChatStub.APP_ID, "openid-paroled");
		TestHttp.Response after = login("openid-paroled");
		assertThat(this.http.get("/api/me", after.text("access_token")).status()).isEqualTo(200);
		assertThat(refresh(after).status()).isEqualTo(200);
		TestHttp.Response old = refresh(before);
		assertThat(old.status()).isEqualTo(401);
		assertThat(old.text("error")).isEqualTo("invalid_grant");
	}

	@Test
	void aUserWhoseDisablingHasRunOutLogsIn() {
		login("openid-was-banned");
		this.sessions.disable(WeChatStub.APP_ID, "openid-was-banned", Instant.now().minusSeconds(1));
		assertThat(attemptLogin("openid-was-banned").status()).isEqualTo(200);
	}

	private TestHttp.Response login(String openid) {
		return attemptLogin(openid).assertStatus(200);
	}

	private TestHttp.Response attemptLogin(String openid) {
		return this.http.login(wechat.code(openid));
	}

	private TestHttp.Response refresh(TestHttp.Response login) {
		return this.http.postJson("/wx/token/refresh", "{\"refresh_token\":\"" + login.text("refresh_token") + "\"}");
	}

}
