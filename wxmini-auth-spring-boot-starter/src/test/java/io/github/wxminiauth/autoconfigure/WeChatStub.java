package io.github.wxminiauth.autoconfigure;

import com.github.tomakehurst.wiremock.WireMockServer;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

/**
 * WeChat as the tests see it: a real HTTP server that answers like WeChat (JSON as text/plain).
 */
final class WeChatStub {

	static final String APP_ID = "wx00000000000000a1";

	static final String APP_SECRET = "app-secret-MUST-NOT-LEAK-7f3a9c";

	static final String ACCESS_TOKEN = "wechat-access-token-MUST-NOT-LEAK-91d2";

	final WireMockServer server;

	WeChatStub() {
		this(new WireMockServer(wireMockConfig().dynamicPort()));
	}

	WeChatStub(WireMockServer server) {
		this.server = server;
	}

	void start() {
		this.server.start();
	}

	void stop() {
		this.server.stop();
	}

	void reset() {
		this.server.resetAll();
	}

	String baseUrl() {
		return this.server.baseUrl();
	}

	void login(String code, String openid) {
		code2Session(code, "{\"openid\":\"" + openid + "\",\"session_key\":\"c2Vzc2lvbi1rZXktTVVTVC1OT1QtTEVBSw==\"}");
	}

	void code2Session(String code, String body) {
		this.server.stubFor(get(urlPathEqualTo("/sns/jscode2session")).withQueryParam("js_code", equalTo(code))
			.willReturn(text(body)));
	}

	void stableToken() {
		this.server.stubFor(post(urlPathEqualTo("/cgi-bin/stable_token"))
			.willReturn(text("{\"access_token\":\"" + ACCESS_TOKEN + "\",\"expires_in\":7200}")));
	}

	void phone(String code, String pure) {
		this.server.stubFor(post(urlPathEqualTo("/wxa/business/getuserphonenumber"))
			.withQueryParam("access_token", equalTo(ACCESS_TOKEN))
			.withRequestBody(matchingJsonPath("$.code", equalTo(code)))
			.willReturn(text("{\"errcode\":0,\"errmsg\":\"ok\",\"phone_info\":{\"phoneNumber\":\"" + pure
					+ "\",\"purePhoneNumber\":\"" + pure + "\",\"countryCode\":\"86\",\"watermark\":{\"timestamp\":1700000000,\"appid\":\""
					+ APP_ID + "\"}}}")));
	}

	int calls() {
		return this.server.getAllServeEvents().size();
	}

	int phoneCalls() {
		return this.server.countRequestsMatching(com.github.tomakehurst.wiremock.client.WireMock
			.postRequestedFor(urlPathEqualTo("/wxa/business/getuserphonenumber"))
			.build()).getCount();
	}

	int code2SessionCalls() {
		return this.server.countRequestsMatching(com.github.tomakehurst.wiremock.client.WireMock
			.getRequestedFor(urlPathEqualTo("/sns/jscode2session"))
			.build()).getCount();
	}

	int stableTokenCalls() {
		return this.server.countRequestsMatching(
				com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(urlPathEqualTo("/cgi-bin/stable_token"))
					.build())
			.getCount();
	}

	private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder text(String body) {
		return aResponse().withStatus(200).withHeader("Content-Type", "text/plain").withBody(body);
	}

}
