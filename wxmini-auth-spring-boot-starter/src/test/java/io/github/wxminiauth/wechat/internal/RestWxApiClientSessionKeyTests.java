package io.github.wxminiauth.wechat.internal;

import java.time.Duration;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.github.wxminiauth.wechat.WxApiException;
import io.github.wxminiauth.wechat.WxApp;
import io.github.wxminiauth.wechat.WxInvalidAccessTokenException;
import io.github.wxminiauth.wechat.WxInvalidSignatureException;
import io.github.wxminiauth.wechat.WxSession;
import io.github.wxminiauth.wechat.WxUnavailableException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.json.JsonMapper;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link RestWxApiClient#checkSessionKey} and {@link RestWxApiClient#resetUserSessionKey}
 * against a fake WeChat.
 */
class RestWxApiClientSessionKeyTests {

	private static final WxApp APP = new WxApp("default", "wx0123456789abcdef", "app-secret-0123456789");

	private static final String SESSION_KEY = "tiihtNczf5v6AKRyjwEUhQ==";

	/** hmac_sha256(key = SESSION_KEY text, message = ""), see {@link LoginStateSignatureTests}. */
	private static final String SIGNATURE = "7154f9f8b4b76b92f541cbf0e37d48840fa06e5e42da92a6f80168a1516a4735";

	private static final String OPENID = "oGZUI0egBJY1zhBYw2KhdUfwVJJE";

	private static final String ACCESS_TOKEN = "the-access-token-0123456789";

	private final WireMockServer wireMock = new WireMockServer(wireMockConfig().dynamicPort());

	private RestWxApiClient client;

	@BeforeEach
	void start() {
		this.wireMock.start();
		this.client = RestWxApiClient.builder(JsonMapper.builder().build())
			.baseUrl(this.wireMock.baseUrl())
			.connectTimeout(Duration.ofSeconds(1))
			.readTimeout(Duration.ofSeconds(2))
			.busyRetries(2)
			.busyRetryBackoff(Duration.ofMillis(10))
			.build();
	}

	@AfterEach
	void stop() {
		this.client.close();
		this.wireMock.stop();
	}

	private void stub(String path, String body) {
		this.wireMock.stubFor(get(urlPathEqualTo(path))
			.willReturn(aResponse().withHeader("Content-Type", "text/plain").withBody(body)));
	}

	@Test
	void checkSessionKeySendsTheHmacOfTheEmptyStringAndNeverTheKey() {
		stub("/wxa/checksession", "{\"errcode\":0,\"errmsg\":\"ok\"}");
		assertThat(this.client.checkSessionKey(APP, ACCESS_TOKEN, OPENID, SESSION_KEY)).isTrue();
		this.wireMock.verify(1, getRequestedFor(urlPathEqualTo("/wxa/checksession"))
			.withQueryParam("access_token", equalTo(ACCESS_TOKEN))
			.withQueryParam("openid", equalTo(OPENID))
			.withQueryParam("signature", equalTo(SIGNATURE))
			.withQueryParam("sig_method", equalTo("hmac_sha256")));
		assertThat(this.wireMock.getAllServeEvents().get(0).getRequest().getUrl()).doesNotContain(SESSION_KEY)
			.doesNotContain("tiihtNczf5v6AKRyjwEUhQ");
	}

	@Test
	void checkSessionKeyAnswersFalseWhenWeChatRejectsTheSignature() {
		stub("/wxa/checksession", "{\"errcode\":87009,\"errmsg\":\"invalid signature\"}");
		assertThat(this.client.checkSessionKey(APP, ACCESS_TOKEN, OPENID, SESSION_KEY)).isFalse();
	}

	@Test
	void checkSessionKeyReportsARejectedAccessTokenForTheProviderToRetry() {
		stub("/wxa/checksession", "{\"errcode\":40001,\"errmsg\":\"invalid credential, access_token is "
				+ ACCESS_TOKEN + "\"}");
		assertThatExceptionOfType(WxInvalidAccessTokenException.class)
			.isThrownBy(() -> this.client.checkSessionKey(APP, ACCESS_TOKEN, OPENID, SESSION_KEY))
			.satisfies((ex) -> assertThat(ex.getErrcode()).isEqualTo(40001))
			.withMessageNotContaining(ACCESS_TOKEN);
	}

	@Test
	void checkSessionKeyMasksTheKeyAndSignatureIfWeChatEchoesThem() {
		stub("/wxa/checksession",
				"{\"errcode\":87008,\"errmsg\":\"bad " + SESSION_KEY + " " + SIGNATURE + " " + APP.appSecret() + "\"}");
		assertThatExceptionOfType(WxApiException.class)
			.isThrownBy(() -> this.client.checkSessionKey(APP, ACCESS_TOKEN, OPENID, SESSION_KEY))
			.withMessageNotContaining(SESSION_KEY)
			.withMessageNotContaining(SIGNATURE)
			.withMessageNotContaining(APP.appSecret());
	}

	@Test
	void checkSessionKeyRetriesWeChatsBusyReply() {
		this.wireMock.stubFor(get(urlPathEqualTo("/wxa/checksession")).inScenario("busy")
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(aResponse().withBody("{\"errcode\":-1,\"errmsg\":\"system error\"}"))
			.willSetStateTo("ok"));
		this.wireMock.stubFor(get(urlPathEqualTo("/wxa/checksession")).inScenario("busy")
			.whenScenarioStateIs("ok")
			.willReturn(aResponse().withBody("{\"errcode\":0,\"errmsg\":\"ok\"}")));
		assertThat(this.client.checkSessionKey(APP, ACCESS_TOKEN, OPENID, SESSION_KEY)).isTrue();
		this.wireMock.verify(2, getRequestedFor(urlPathEqualTo("/wxa/checksession")));
	}

	@Test
	void everyParameterIsUrlEncoded() {
		stub("/wxa/checksession", "{\"errcode\":0,\"errmsg\":\"ok\"}");
		String hostileOpenid = "o&sig_method=md5&openid=victim";
		assertThat(this.client.checkSessionKey(APP, "tok+en/=", hostileOpenid, SESSION_KEY)).isTrue();
		this.wireMock.verify(1, getRequestedFor(urlPathEqualTo("/wxa/checksession"))
			.withQueryParam("access_token", equalTo("tok+en/="))
			.withQueryParam("openid", equalTo(hostileOpenid))
			.withQueryParam("sig_method", equalTo("hmac_sha256")));
		assertThat(this.wireMock.getAllServeEvents().get(0).getRequest().queryParameter("openid").values())
			.containsExactly(hostileOpenid);
	}

	@Test
	void resetUserSessionKeyReturnsTheNewKeyAndSendsOnlyTheSignature() {
		stub("/wxa/resetusersessionkey", "{\"errcode\":0,\"errmsg\":\"ok\",\"openid\":\"" + OPENID
				+ "\",\"session_key\":\"bmV3LXNlc3Npb24ta2V5IQ==\"}");
		WxSession session = this.client.resetUserSessionKey(APP, ACCESS_TOKEN, OPENID, SESSION_KEY);
		assertThat(session.openid()).isEqualTo(OPENID);
		assertThat(session.sessionKey()).isEqualTo("bmV3LXNlc3Npb24ta2V5IQ==");
		assertThat(session).hasToString("WxSession[openid=" + OPENID + ", unionid=null, sessionKey=******]");
		this.wireMock.verify(1, getRequestedFor(urlPathEqualTo("/wxa/resetusersessionkey"))
			.withQueryParam("access_token", equalTo(ACCESS_TOKEN))
			.withQueryParam("openid", equalTo(OPENID))
			.withQueryParam("signature", equalTo(SIGNATURE))
			.withQueryParam("sig_method", equalTo("hmac_sha256")));
	}

	@Test
	void resetUserSessionKeyWithAStaleKeyIsAnInvalidSignature() {
		stub("/wxa/resetusersessionkey", "{\"errcode\":87009,\"errmsg\":\"invalid signature\"}");
		assertThatExceptionOfType(WxInvalidSignatureException.class)
			.isThrownBy(() -> this.client.resetUserSessionKey(APP, ACCESS_TOKEN, OPENID, SESSION_KEY))
			.satisfies((ex) -> assertThat(ex.getErrcode()).isEqualTo(87009))
			.satisfies((ex) -> assertThat(ex.getApi()).isEqualTo("resetusersessionkey"));
	}

	@Test
	void resetUserSessionKeyRejectsAReplyWithoutKeyOrForAnotherUser() {
		stub("/wxa/resetusersessionkey", "{\"errcode\":0,\"errmsg\":\"ok\",\"openid\":\"" + OPENID + "\"}");
		assertThatExceptionOfType(WxUnavailableException.class)
			.isThrownBy(() -> this.client.resetUserSessionKey(APP, ACCESS_TOKEN, OPENID, SESSION_KEY))
			.withMessageContaining("lacks session_key");
		stub("/wxa/resetusersessionkey",
				"{\"errcode\":0,\"errmsg\":\"ok\",\"openid\":\"o-someone-else\",\"session_key\":\"bmV3\"}");
		assertThatExceptionOfType(WxUnavailableException.class)
			.isThrownBy(() -> this.client.resetUserSessionKey(APP, ACCESS_TOKEN, OPENID, SESSION_KEY))
			.withMessageContaining("another user");
	}

	@ParameterizedTest
	@EnumSource(value = Fault.class, names = { "CONNECTION_RESET_BY_PEER", "EMPTY_RESPONSE" })
	void resetUserSessionKeyIsNeverResentAfterAConnectionFault(Fault fault) {
		// Had WeChat seen the first request, a resend would be signed with a dead key and the new
		// key would be lost.
		this.wireMock.stubFor(get(urlPathEqualTo("/wxa/resetusersessionkey")).willReturn(aResponse().withFault(fault)));
		assertThatExceptionOfType(WxUnavailableException.class)
			.isThrownBy(() -> this.client.resetUserSessionKey(APP, ACCESS_TOKEN, OPENID, SESSION_KEY));
		this.wireMock.verify(1, getRequestedFor(urlPathEqualTo("/wxa/resetusersessionkey")));
	}

	@Test
	void checkSessionKeyIsResentOnceAfterAConnectionReset() {
		this.wireMock.stubFor(get(urlPathEqualTo("/wxa/checksession")).inScenario("stale")
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER))
			.willSetStateTo("fresh"));
		this.wireMock.stubFor(get(urlPathEqualTo("/wxa/checksession")).inScenario("stale")
			.whenScenarioStateIs("fresh")
			.willReturn(aResponse().withBody("{\"errcode\":0,\"errmsg\":\"ok\"}")));
		assertThat(this.client.checkSessionKey(APP, ACCESS_TOKEN, OPENID, SESSION_KEY)).isTrue();
		this.wireMock.verify(2, getRequestedFor(urlPathEqualTo("/wxa/checksession")));
	}

}
