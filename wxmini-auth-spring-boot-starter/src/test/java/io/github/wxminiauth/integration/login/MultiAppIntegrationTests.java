package io.github.wxminiauth.integration.login;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import io.github.wxminiauth.integration.support.HardeningTestApplication;
import io.github.wxminiauth.integration.support.TestHttp;
import io.github.wxminiauth.integration.support.WeChatStub;
import io.github.wxminiauth.integration.support.WxMiniIntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * One backend serving two mini programs over HTTP: the login names its app, each app's codes are
 * exchanged with its own secret, and each app's users bind phones with that app's own access token.
 */
@WxMiniIntegrationTest(classes = HardeningTestApplication.class,
		properties = { "wxmini.apps.shop.app-id=" + MultiAppIntegrationTests.SHOP,
				"wxmini.apps.shop.app-secret=" + MultiAppIntegrationTests.SHOP_SECRET,
				"wxmini.apps.game.app-id=" + MultiAppIntegrationTests.GAME,
				"wxmini.apps.game.app-secret=" + MultiAppIntegrationTests.GAME_SECRET,
				"wxmini.jwt.secret=integration-test-secret-of-32-bytes!", "wxmini.rate-limit.enabled=false" })
class MultiAppIntegrationTests {

	static final String SHOP = "wx000000000000shop";

	static final String SHOP_SECRET = "shop-secret-MUST-NOT-LEAK-1";

	static final String GAME = "wx000000000000game";

	static final String GAME_SECRET = "game-secret-MUST-NOT-LEAK-2";

	static WeChatStub wechat;

	TestHttp http;

	@Test
	void withSeveralAppsALoginMustNameAKnownOne() {
		int callsBefore = wechat.code2SessionCalls();
		TestHttp.Response missing = this.http.postJson("/wx/login", "{\"code\":\"some-code\"}");
		assertThat(missing.status()).isEqualTo(400);
		assertThat(missing.text("error")).isEqualTo("invalid_request");
		assertThat(missing.text("detail")).contains("app_id");

		TestHttp.Response unknown = this.http.postJson("/wx/login",
				"{\"code\":\"some-code\",\"app_id\":\"wx0000000000000bad\"}");
		assertThat(unknown.status()).isEqualTo(400);
		assertThat(unknown.text("error")).isEqualTo("invalid_request");
		assertThat(wechat.code2SessionCalls()).isEqualTo(callsBefore);
	}

	@Test
	void eachAppsUsersLogInWithItsSecretAndBindPhonesWithItsOwnAccessToken() {
		stubApp(SHOP, SHOP_SECRET, "shop-code", "openid-shop", "shop-access-token", "shop-phone", "13800000001");
		stubApp(GAME, GAME_SECRET, "game-code", "openid-game", "game-access-token", "game-phone", "13800000002");

		String shopToken = login(SHOP, "shop-code");
		String gameToken = login(GAME, "game-code");
		assertThat(claims(shopToken).get("appid").asString()).isEqualTo(SHOP);
		assertThat(claims(gameToken).get("appid").asString()).isEqualTo(GAME);
		assertThat(this.http.get("/api/me", shopToken).text("appid")).isEqualTo(SHOP);
		assertThat(this.http.get("/api/me", gameToken).text("appid")).isEqualTo(GAME);

		TestHttp.Response shopPhone = this.http.postJson("/wx/phone", "{\"code\":\"shop-phone\"}", shopToken);
		TestHttp.Response gamePhone = this.http.postJson("/wx/phone", "{\"code\":\"game-phone\"}", gameToken);
		assertThat(shopPhone.status()).isEqualTo(200);
		assertThat(shopPhone.text("pure_phone_number")).isEqualTo("13800000001");
		assertThat(gamePhone.status()).isEqualTo(200);
		assertThat(gamePhone.text("pure_phone_number")).isEqualTo("13800000002");
		// A code of one app is not exchanged with the other's secret.
		TestHttp.Response crossed = this.http.postJson("/wx/login",
				"{\"code\":\"shop-code-2\",\"app_id\":\"" + GAME + "\"}");
		assertThat(crossed.status()).isNotEqualTo(200);
		wechat.server.verify(1, postRequestedFor(urlPathEqualTo("/cgi-bin/stable_token"))
			.withRequestBody(matchingJsonPath("$.appid", equalTo(SHOP))));
		wechat.server.verify(1, postRequestedFor(urlPathEqualTo("/cgi-bin/stable_token"))
			.withRequestBody(matchingJsonPath("$.appid", equalTo(GAME))));
	}

	private void stubApp(String appId, String secret, String loginCode, String openid, String accessToken,
			String phoneCode, String phone) {
		wechat.server.stubFor(get(urlPathEqualTo("/sns/jscode2session")).withQueryParam("appid", equalTo(appId))
			.withQueryParam("secret", equalTo(secret))
			.withQueryParam("js_code", equalTo(loginCode))
			.willReturn(WeChatStub.text("{\"openid\":\"" + openid + "\",\"session_key\":\"c2Vzc2lvbi1rZXk=\"}")));
		wechat.server.stubFor(post(urlPathEqualTo("/cgi-bin/stable_token"))
			.withRequestBody(equalToJson("{\"grant_type\":\"client_credential\",\"appid\":\"" + appId
					+ "\",\"secret\":\"" + secret + "\",\"force_refresh\":false}", true, true))
			.willReturn(WeChatStub.text("{\"access_token\":\"" + accessToken + "\",\"expires_in\":7200}")));
		wechat.server.stubFor(post(urlPathEqualTo("/wxa/business/getuserphonenumber"))
			.withQueryParam("access_token", equalTo(accessToken))
			.withRequestBody(matchingJsonPath("$.code", equalTo(phoneCode)))
			.willReturn(WeChatStub.text("{\"errcode\":0,\"errmsg\":\"ok\",\"phone_info\":{\"phoneNumber\":\"" + phone
					+ "\",\"purePhoneNumber\":\"" + phone + "\",\"countryCode\":\"86\",\"watermark\":"
					+ "{\"timestamp\":1700000000,\"appid\":\"" + appId + "\"}}}")));
	}

	private String login(String appId, String code) {
		TestHttp.Response login = this.http.postJson("/wx/login",
				"{\"code\":\"" + code + "\",\"app_id\":\"" + appId + "\"}");
		assertThat(login.status()).as("login to %s", appId).isEqualTo(200);
		return login.text("access_token");
	}

	private static JsonNode claims(String jwt) {
		String payload = jwt.split("\\.")[1];
		return JsonMapper.shared().readTree(new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8));
	}

}
