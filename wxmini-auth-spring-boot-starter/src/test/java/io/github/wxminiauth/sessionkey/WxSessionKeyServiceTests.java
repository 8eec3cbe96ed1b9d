package io.github.wxminiauth.sessionkey;

import java.time.Duration;
import java.time.Instant;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.github.wxminiauth.accesstoken.internal.CachingAccessTokenProvider;
import io.github.wxminiauth.accesstoken.InMemoryAccessTokenCache;
import io.github.wxminiauth.test.MutableClock;
import io.github.wxminiauth.user.WxPrincipal;
import io.github.wxminiauth.wechat.internal.RestWxApiClient;
import io.github.wxminiauth.wechat.WxApp;
import io.github.wxminiauth.wechat.WxAppRegistry;
import io.github.wxminiauth.wechat.WxRateLimitedException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link WxSessionKeyService} with the real WeChat client and access-token provider
 * against a fake WeChat.
 */
@ExtendWith(OutputCaptureExtension.class)
class WxSessionKeyServiceTests {

	private static final String APP_ID = "wx0123456789abcdef";

	private static final String APP_SECRET = "app-secret-0123456789";

	private static final String OPENID = "oGZUI0egBJY1zhBYw2KhdUfwVJJE";

	private static final String SESSION_KEY = "tiihtNczf5v6AKRyjwEUhQ==";

	/** hmac_sha256(key = SESSION_KEY text, message = ""): see LoginStateSignatureTests. */
	private static final String SIGNATURE = "7154f9f8b4b76b92f541cbf0e37d48840fa06e5e42da92a6f80168a1516a4735";

	private static final String NEW_SESSION_KEY = "bmV3LXNlc3Npb24ta2V5IQ==";

	private static final WxPrincipal USER = new WxPrincipal(APP_ID, OPENID, null, "session-1");

	private final WireMockServer wireMock = new WireMockServer(wireMockConfig().dynamicPort());

	private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

	private final InMemorySessionKeyStore sessionKeys = new InMemorySessionKeyStore(this.clock, Duration.ofDays(3));

	private RestWxApiClient client;

	private WxSessionKeyService service;

	@BeforeEach
	void start() {
		this.wireMock.start();
		this.client = RestWxApiClient.builder(JsonMapper.builder().build())
			.baseUrl(this.wireMock.baseUrl())
			.busyRetries(0)
			.clock(this.clock)
			.build();
		WxAppRegistry apps = WxAppRegistry.of(new WxApp("default", APP_ID, APP_SECRET));
		CachingAccessTokenProvider accessTokens = new CachingAccessTokenProvider(apps, this.client,
				new InMemoryAccessTokenCache(), this.clock, Duration.ofMinutes(2));
		this.service = new WxSessionKeyService(apps, this.client, accessTokens, this.sessionKeys);
		this.wireMock.stubFor(post(urlPathEqualTo("/cgi-bin/stable_token")).inScenario("tokens")
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(aResponse().withBody("{\"access_token\":\"token-1\",\"expires_in\":7200}"))
			.willSetStateTo("second"));
		this.wireMock.stubFor(post(urlPathEqualTo("/cgi-bin/stable_token")).inScenario("tokens")
			.whenScenarioStateIs("second")
			.willReturn(aResponse().withBody("{\"access_token\":\"token-2\",\"expires_in\":7200}")));
	}

	@AfterEach
	void stop() {
		this.client.close();
		this.wireMock.stop();
	}

	private void stub(String path, String body) {
		this.wireMock.stubFor(get(urlPathEqualTo(path)).willReturn(aResponse().withBody(body)));
	}

	@Test
	void checkSessionKeySignsTheStoredKeyForWeChat() {
		this.sessionKeys.save(APP_ID, OPENID, SESSION_KEY);
		stub("/wxa/checksession", "{\"errcode\":0,\"errmsg\":\"ok\"}");
		assertThat(this.service.checkSessionKey(USER)).isTrue();
		this.wireMock.verify(1, getRequestedFor(urlPathEqualTo("/wxa/checksession"))
			.withQueryParam("access_token", equalTo("token-1"))
			.withQueryParam("openid", equalTo(OPENID))
			.withQueryParam("signature", equalTo(SIGNATURE))
			.withQueryParam("sig_method", equalTo("hmac_sha256")));
	}

	@Test
	void checkSessionKeyAnswersFalseForAStaleKey() {
		this.sessionKeys.save(APP_ID, OPENID, SESSION_KEY);
		stub("/wxa/checksession", "{\"errcode\":87009,\"errmsg\":\"invalid signature\"}");
		assertThat(this.service.checkSessionKey(USER)).isFalse();
	}

	@Test
	void checkSessionKeyFetchesANewAccessTokenOnceAfter40001() {
		this.sessionKeys.save(APP_ID, OPENID, SESSION_KEY);
		this.wireMock.stubFor(get(urlPathEqualTo("/wxa/checksession")).withQueryParam("access_token", equalTo("token-1"))
			.willReturn(aResponse().withBody("{\"errcode\":40001,\"errmsg\":\"invalid credential\"}")));
		this.wireMock.stubFor(get(urlPathEqualTo("/wxa/checksession")).withQueryParam("access_token", equalTo("token-2"))
			.willReturn(aResponse().withBody("{\"errcode\":0,\"errmsg\":\"ok\"}")));
		assertThat(this.service.checkSessionKey(USER)).isTrue();
		this.wireMock.verify(2, getRequestedFor(urlPathEqualTo("/wxa/checksession")));
		this.wireMock.verify(2, postRequestedFor(urlPathEqualTo("/cgi-bin/stable_token")));
	}

	@Test
	void checkSessionKeyWithoutAStoredKeyCallsNobody() {
		assertThatExceptionOfType(SessionKeyNotFoundException.class).isThrownBy(() -> this.service.checkSessionKey(USER));
		assertThat(this.wireMock.getAllServeEvents()).isEmpty();
	}

	@Test
	void checkSessionKeyOfAnUnconfiguredAppIsRejected() {
		WxPrincipal stranger = new WxPrincipal("wxunknown", OPENID, null, "session-1");
		this.sessionKeys.save("wxunknown", OPENID, SESSION_KEY);
		assertThatIllegalArgumentException().isThrownBy(() -> this.service.checkSessionKey(stranger));
		assertThat(this.wireMock.getAllServeEvents()).isEmpty();
	}

	@Test
	void resetUserSessionKeyKeepsTheNewKeyAndNeverLogsIt(CapturedOutput output) {
		this.sessionKeys.save(APP_ID, OPENID, SESSION_KEY);
		stub("/wxa/resetusersessionkey", "{\"errcode\":0,\"errmsg\":\"ok\",\"openid\":\"" + OPENID
				+ "\",\"session_key\":\"" + NEW_SESSION_KEY + "\"}");
		assertThat(this.service.resetUserSessionKey(USER)).isTrue();
		assertThat(this.sessionKeys.find(APP_ID, OPENID)).isEqualTo(NEW_SESSION_KEY);
		this.wireMock.verify(1, getRequestedFor(urlPathEqualTo("/wxa/resetusersessionkey"))
			.withQueryParam("signature", equalTo(SIGNATURE))
			.withQueryParam("sig_method", equalTo("hmac_sha256")));
		assertThat(output).doesNotContain(NEW_SESSION_KEY).doesNotContain(SESSION_KEY);
	}

	@Test
	void resetUserSessionKeyThenSignsWithTheNewKey() {
		this.sessionKeys.save(APP_ID, OPENID, SESSION_KEY);
		stub("/wxa/resetusersessionkey", "{\"errcode\":0,\"errmsg\":\"ok\",\"openid\":\"" + OPENID
				+ "\",\"session_key\":\"" + NEW_SESSION_KEY + "\"}");
		stub("/wxa/checksession", "{\"errcode\":0,\"errmsg\":\"ok\"}");
		this.service.resetUserSessionKey(USER);
		this.service.checkSessionKey(USER);
		// hmac_sha256(key = "bmV3LXNlc3Npb24ta2V5IQ==", message = ""), computed with Python's hmac.
		this.wireMock.verify(1, getRequestedFor(urlPathEqualTo("/wxa/checksession")).withQueryParam("signature",
				equalTo("966b8d9765ad798cfb16edd6e870f83a72eb80d1285e100a017db0d43fcc52ef")));
	}

	@Test
	void resetUserSessionKeyOfAStaleKeyChangesNothing() {
		this.sessionKeys.save(APP_ID, OPENID, SESSION_KEY);
		stub("/wxa/resetusersessionkey", "{\"errcode\":87009,\"errmsg\":\"invalid signature\"}");
		assertThat(this.service.resetUserSessionKey(USER)).isFalse();
		assertThat(this.sessionKeys.find(APP_ID, OPENID)).isEqualTo(SESSION_KEY);
	}

	@Test
	void resetUserSessionKeyThatWeChatRefusesKeepsTheOldKeyAndReportsWhy() {
		this.sessionKeys.save(APP_ID, OPENID, SESSION_KEY);
		stub("/wxa/resetusersessionkey", "{\"errcode\":45011,\"errmsg\":\"api minute-quota reach limit\"}");
		assertThatExceptionOfType(WxRateLimitedException.class).isThrownBy(() -> this.service.resetUserSessionKey(USER));
		assertThat(this.sessionKeys.find(APP_ID, OPENID)).isEqualTo(SESSION_KEY);
	}

	@Test
	void resetUserSessionKeyWithoutAStoredKeyCallsNobody() {
		assertThatExceptionOfType(SessionKeyNotFoundException.class)
			.isThrownBy(() -> this.service.resetUserSessionKey(USER));
		assertThat(this.wireMock.getAllServeEvents()).isEmpty();
	}

}
