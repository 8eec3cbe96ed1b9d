package io.github.wxminiauth.integration.login;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import io.github.wxminiauth.integration.support.HardeningTestApplication;
import io.github.wxminiauth.integration.support.TestHttp;
import io.github.wxminiauth.integration.support.WeChatStub;
import io.github.wxminiauth.integration.support.WxMiniIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A shop and a game on one backend, the shop with token lifetimes of its own
 * ({@code wxmini.apps.shop.access-token-ttl} / {@code refresh-token-ttl}), the game with the
 * global ones: logins, refreshes and the session list follow each app's.
 */
@WxMiniIntegrationTest(classes = HardeningTestApplication.class,
		properties = { "wxmini.apps.shop.app-id=" + PerAppTokenLifetimesIntegrationTests.SHOP,
				"wxmini.apps.shop.app-secret=shop-secret", "wxmini.apps.shop.access-token-ttl=15m",
				"wxmini.apps.shop.refresh-token-ttl=7d", "wxmini.apps.game.app-id=" + PerAppTokenLifetimesIntegrationTests.GAME,
				"wxmini.apps.game.app-secret=game-secret", "wxmini.jwt.access-token-ttl=1h",
				"wxmini.jwt.refresh-token-ttl=60d", "wxmini.jwt.secret=integration-test-secret-of-32-bytes!",
				"wxmini.rate-limit.enabled=false" })
class PerAppTokenLifetimesIntegrationTests {

	static final String SHOP = "wx00000000000shop1";

	static final String GAME = "wx00000000000game1";

	static WeChatStub wechat;

	TestHttp http;

	@BeforeEach
	void setUp() {
		for (String appId : new String[] { SHOP, GAME }) {
			wechat.server.stubFor(get(urlPathEqualTo("/sns/jscode2session")).withQueryParam("appid", equalTo(appId))
				.willReturn(WeChatStub
					.text("{\"openid\":\"openid-" + appId + "\",\"session_key\":\"c2Vzc2lvbi1rZXk=\"}")));
		}
	}

	@Test
	void theShopsTokensLiveAsLongAsItsOwnLifetimesAndTheGamesAsTheGlobalOnes() {
		TestHttp.Response shop = login(SHOP);
		assertThat(shop.json().get("expires_in").asLong()).isEqualTo(Duration.ofMinutes(15).toSeconds());
		assertThat(shop.json().get("refresh_expires_in").asLong()).isEqualTo(Duration.ofDays(7).toSeconds());
		assertThat(lifetime(shop.text("access_token"))).isEqualTo(Duration.ofMinutes(15).toSeconds());

		TestHttp.Response game = login(GAME);
		assertThat(game.json().get("expires_in").asLong()).isEqualTo(Duration.ofHours(1).toSeconds());
		assertThat(game.json().get("refresh_expires_in").asLong()).isEqualTo(Duration.ofDays(60).toSeconds());
		assertThat(lifetime(game.text("access_token"))).isEqualTo(Duration.ofHours(1).toSeconds());
	}

	@Test
	void aRefreshRotatesToTheAppsOwnLifetimes() {
		TestHttp.Response shop = this.http.postJson("/wx/token/refresh",
				"{\"refresh_token\":\"" + login(SHOP).text("refresh_token") + "\"}");
		assertThat(shop.status()).isEqualTo(200);
		assertThat(shop.json().get("expires_in").asLong()).isEqualTo(Duration.ofMinutes(15).toSeconds());
		assertThat(shop.json().get("refresh_expires_in").asLong()).isEqualTo(Duration.ofDays(7).toSeconds());
		assertThat(lifetime(shop.text("access_token"))).isEqualTo(Duration.ofMinutes(15).toSeconds());

		TestHttp.Response game = this.http.postJson("/wx/token/refresh",
				"{\"refresh_token\":\"" + login(GAME).text("refresh_token") + "\"}");
		assertThat(game.status()).isEqualTo(200);
		assertThat(game.json().get("refresh_expires_in").asLong()).isEqualTo(Duration.ofDays(60).toSeconds());

		// The session list tells when the rotated refresh token expires: a week out for the shop.
		TestHttp.Response sessions = this.http.get("/wx/sessions", shop.text("access_token"));
		assertThat(sessions.status()).isEqualTo(200);
		String expiresAt = sessions.json().get("sessions").get(0).get("expires_at").asString();
		Duration left = Duration.between(Instant.now(), Instant.parse(expiresAt));
		assertThat(left).isBetween(Duration.ofDays(7).minusMinutes(1), Duration.ofDays(7));
	}

	private TestHttp.Response login(String appId) {
		TestHttp.Response login = this.http.postJson("/wx/login",
				"{\"code\":\"code-" + System.nanoTime() + "\",\"app_id\":\"" + appId + "\"}");
		assertThat(login.status()).as("login to %s: %s", appId, login.body()).isEqualTo(200);
		return login;
	}

	private static long lifetime(String jwt) {
		JsonNode claims = JsonMapper.shared()
			.readTree(new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8));
		return claims.get("exp").asLong() - claims.get("iat").asLong();
	}

}
