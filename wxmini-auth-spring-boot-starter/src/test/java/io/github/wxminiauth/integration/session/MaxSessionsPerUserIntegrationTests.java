package io.github.wxminiauth.integration.session;

import java.util.Map;

import io.github.wxminiauth.integration.support.HardeningTestApplication;
import io.github.wxminiauth.integration.support.TestHttp;
import io.github.wxminiauth.integration.support.TestInstances;
import io.github.wxminiauth.integration.support.WeChatStub;
import io.github.wxminiauth.integration.support.WxMiniIntegrationTest;
import io.github.wxminiauth.user.InMemoryWxUserDetailsService;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code wxmini.session.max-per-user}: a login beyond it ends the user's oldest session, whose
 * tokens then stop working; other users are not touched.
 */
@WxMiniIntegrationTest(classes = HardeningTestApplication.class,
		properties = { "wxmini.app-id=" + WeChatStub.APP_ID, "wxmini.app-secret=" + WeChatStub.APP_SECRET,
				"wxmini.jwt.secret=integration-test-secret-of-32-bytes!", "wxmini.rate-limit.enabled=false",
				"wxmini.session.max-per-user=2" })
class MaxSessionsPerUserIntegrationTests {

	static WeChatStub wechat;

	TestHttp http;

	@Test
	void aThirdLoginEndsTheOldestSessionOnly() {
		TestHttp.Response first = login("openid-two-devices");
		TestHttp.Response second = login("openid-two-devices");
		TestHttp.Response bystander = login("openid-one-device");
		TestHttp.Response third = login("openid-two-devices");

		TestHttp.Response oldest = this.http.get("/api/me", first.text("access_token"));
		assertThat(oldest.status()).isEqualTo(401);
		assertThat(oldest.text("error")).isEqualTo("invalid_token");
		assertThat(this.http.postJson("/wx/token/refresh", "{\"refresh_token\":\"" + first.text("refresh_token") + "\"}")
			.text("error")).isEqualTo("invalid_grant");
		assertThat(this.http.get("/api/me", second.text("access_token")).status()).isEqualTo(200);
		assertThat(this.http.get("/api/me", third.text("access_token")).status()).isEqualTo(200);
		assertThat(this.http.get("/api/me", bystander.text("access_token")).status()).isEqualTo(200);
		assertThat(this.http.get("/wx/sessions", third.text("access_token")).json().get("sessions").size())
			.isEqualTo(2);
	}

	@Test
	void aMostThatIsNotPositiveFailsStartUpNamingTheProperty() {
		TestInstances instances = new TestInstances(new InMemoryWxUserDetailsService());
		try {
			assertThatThrownBy(() -> instances.start(Map.of("wxmini.app-id", WeChatStub.APP_ID, "wxmini.app-secret",
					WeChatStub.APP_SECRET, "wxmini.jwt.secret", "integration-test-secret-of-32-bytes!",
					"wxmini.session.max-per-user", "0")))
				.rootCause()
				.hasMessageContaining("wxmini.session.max-per-user must be positive");
		}
		finally {
			instances.close();
		}
	}

	private TestHttp.Response login(String openid) {
		return this.http.login(wechat.code(openid)).assertStatus(200);
	}

}
