package io.github.wxminiauth.integration.session;

import java.time.Instant;
import java.util.Base64;
import java.util.List;

import io.github.wxminiauth.integration.support.HardeningTestApplication;
import io.github.wxminiauth.integration.support.TestHttp;
import io.github.wxminiauth.integration.support.WeChatStub;
import io.github.wxminiauth.integration.support.WxMiniIntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A user's own sessions over HTTP (contract §2): the list with the current one marked, ending one,
 * ending all; nothing of anyone else's.
 */
@WxMiniIntegrationTest(classes = HardeningTestApplication.class,
		properties = { "wxmini.app-id=" + WeChatStub.APP_ID, "wxmini.app-secret=" + WeChatStub.APP_SECRET,
				"wxmini.jwt.secret=integration-test-secret-of-32-bytes!", "wxmini.rate-limit.enabled=false" })
class WxSessionsIntegrationTests {

	static WeChatStub wechat;

	TestHttp http;

	@Test
	void theListShowsTheCallersOwnLiveSessionsNewestFirstWithTheCurrentOneMarked() {
		TestHttp.Response phone = login("openid-lister", "{\"device\":\"iPhone 15 Pro\"}");
		TestHttp.Response tablet = login("openid-lister", "{\"device\":\"iPad 小米\"}");
		TestHttp.Response unnamed = login("openid-lister", "{}");
		login("openid-someone-else", "{\"device\":\"not yours\"}");

		TestHttp.Response list = this.http.get("/wx/sessions", phone.text("access_token"));
		assertThat(list.status()).isEqualTo(200);
		List<JsonNode> sessions = list.json().get("sessions").valueStream().toList();
		assertThat(sessions).extracting((session) -> session.get("sid").asString())
			.containsExactly(sid(unnamed), sid(tablet), sid(phone));
		assertThat(sessions).extracting((session) -> session.get("current").asBoolean())
			.containsExactly(false, false, true);
		assertThat(sessions.get(0).get("device").isNull()).isTrue();
		assertThat(sessions.get(1).get("device").asString()).isEqualTo("iPad 小米");
		assertThat(sessions.get(2).get("device").asString()).isEqualTo("iPhone 15 Pro");
		JsonNode first = sessions.get(2);
		Instant created = Instant.parse(first.get("created_at").asString());
		assertThat(Instant.parse(first.get("expires_at").asString())).isAfter(created);
		assertThat(first.get("refreshed_at").isNull()).isTrue();
		assertThat(list.body()).doesNotContain(phone.text("refresh_token")).doesNotContain("not yours");
	}

	@Test
	void aRefreshShowsInTheListAndKeepsTheSession() {
		TestHttp.Response login = login("openid-refresher", "{\"device\":\"Android\"}");
		TestHttp.Response refreshed = this.http.postJson("/wx/token/refresh",
				"{\"refresh_token\":\"" + login.text("refresh_token") + "\"}");
		assertThat(refreshed.status()).isEqualTo(200);
		JsonNode session = this.http.get("/wx/sessions", refreshed.text("access_token"))
			.json()
			.get("sessions")
			.get(0);
		assertThat(session.get("sid").asString()).isEqualTo(sid(login));
		assertThat(session.get("current").asBoolean()).isTrue();
		assertThat(session.get("refreshed_at").isNull()).isFalse();
	}

	@Test
	void endingOneOfOnesSessionsStopsItsTokensAndLeavesTheOthers() {
		TestHttp.Response phone = login("openid-ender", "{\"device\":\"phone\"}");
		TestHttp.Response tablet = login("openid-ender", "{\"device\":\"tablet\"}");
		TestHttp.Response ended = this.http.send("DELETE", "/wx/sessions/" + sid(tablet), phone.text("access_token"));
		assertThat(ended.status()).isEqualTo(204);
		TestHttp.Response stale = this.http.get("/api/me", tablet.text("access_token"));
		assertThat(stale.status()).isEqualTo(401);
		assertThat(stale.text("error")).isEqualTo("invalid_token");
		TestHttp.Response refresh = this.http.postJson("/wx/token/refresh",
				"{\"refresh_token\":\"" + tablet.text("refresh_token") + "\"}");
		assertThat(refresh.status()).isEqualTo(401);
		assertThat(refresh.text("error")).isEqualTo("invalid_grant");
		assertThat(this.http.get("/api/me", phone.text("access_token")).status()).isEqualTo(200);
		assertThat(this.http.get("/wx/sessions", phone.text("access_token")).json().get("sessions").size())
			.isEqualTo(1);
	}

	@Test
	void aSessionThatIsNotTheCallersIsNotFoundWhetherItExistsOrNot() {
		TestHttp.Response mine = login("openid-prober", "{}");
		TestHttp.Response theirs = login("openid-victim", "{}");
		TestHttp.Response other = this.http.send("DELETE", "/wx/sessions/" + sid(theirs), mine.text("access_token"));
		TestHttp.Response none = this.http.send("DELETE", "/wx/sessions/no-such-session", mine.text("access_token"));
		for (TestHttp.Response response : List.of(other, none)) {
			assertThat(response.status()).isEqualTo(404);
			assertThat(response.text("error")).isEqualTo("not_found");
		}
		assertThat(other.text("detail")).isEqualTo(none.text("detail"));
		assertThat(this.http.get("/api/me", theirs.text("access_token")).status()).isEqualTo(200);
	}

	@Test
	void loggingOutEverywhereEndsEverySessionTheCurrentOneIncludedAndALoginStillWorks() {
		TestHttp.Response phone = login("openid-everywhere", "{}");
		TestHttp.Response tablet = login("openid-everywhere", "{}");
		TestHttp.Response other = login("openid-bystander", "{}");
		assertThat(this.http.send("DELETE", "/wx/sessions", phone.text("access_token")).status()).isEqualTo(204);
		assertThat(this.http.get("/api/me", phone.text("access_token")).status()).isEqualTo(401);
		assertThat(this.http.get("/api/me", tablet.text("access_token")).status()).isEqualTo(401);
		assertThat(this.http.get("/api/me", other.text("access_token")).status()).isEqualTo(200);
		TestHttp.Response again = login("openid-everywhere", "{}");
		assertThat(this.http.get("/wx/sessions", again.text("access_token")).json().get("sessions").size())
			.isEqualTo(1);
	}

	@Test
	void theSessionEndpointsNeedTheStartersTokenAndTakeOnlyTheirMethods() {
		TestHttp.Response anonymous = this.http.get("/wx/sessions", null);
		assertThat(anonymous.status()).isEqualTo(401);
		assertThat(anonymous.text("error")).isEqualTo("unauthorized");
		TestHttp.Response put = this.http.send("PUT", "/wx/sessions", null);
		assertThat(put.status()).isEqualTo(405);
		assertThat(put.header("Allow")).isEqualTo("GET,HEAD,DELETE");
		assertThat(put.text("error")).isEqualTo("method_not_allowed");
		assertThat(this.http.send("GET", "/wx/sessions/some-sid", null).status()).isEqualTo(405);
	}

	@Test
	void aDeviceLabelMustBeOneToSixtyFourPrintableCharacters() {
		for (String device : List.of("\"\"", "\"   \"", "\"" + "x".repeat(65) + "\"", "\"tab\\tbed\"", "42")) {
			wechat.login("device-code", "openid-device");
			TestHttp.Response login = this.http.postJson("/wx/login",
					"{\"code\":\"device-code\",\"device\":" + device + "}");
			assertThat(login.status()).as("device %s", device).isEqualTo(400);
			assertThat(login.text("error")).isEqualTo("invalid_request");
		}
		wechat.login("device-code-ok", "openid-device");
		assertThat(this.http.postJson("/wx/login", "{\"code\":\"device-code-ok\",\"device\":\"" + "x".repeat(64) + "\"}")
			.status()).isEqualTo(200);
		wechat.login("device-form-code", "openid-device");
		assertThat(this.http.postForm("/wx/login", "code=device-form-code&device=Huawei%20Mate").status())
			.isEqualTo(200);
	}

	private TestHttp.Response login(String openid, String extra) {
		String members = extra.equals("{}") ? "" : "," + extra.substring(1, extra.length() - 1);
		return this.http.postJson("/wx/login", "{\"code\":\"" + wechat.code(openid) + "\"" + members + "}")
			.assertStatus(200);
	}

	private static String sid(TestHttp.Response login) {
		String payload = login.text("access_token").split("\\.")[1];
		return JsonMapper.shared()
			.readTree(Base64.getUrlDecoder().decode(payload))
			.get("sid")
			.asString();
	}

}
