package io.github.wxminiauth.wxjava.autoconfigure;

import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.requestfilter.RequestFilterAction;
import com.github.tomakehurst.wiremock.extension.requestfilter.StubRequestFilterV2;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

/**
 * WeChat as these tests see it: a real HTTP server on a random port answering like WeChat, for
 * the starter (stable token, login, phone number) and for WxJava (mini program codes, subscribe
 * messages).
 */
final class WeChat implements AutoCloseable {

	static final String APP_ID = "wx0000000000wxjava";

	static final String APP_SECRET = "wxjava-bridge-app-secret-9b1e";

	static final String STABLE_TOKEN = "/cgi-bin/stable_token";

	static final String WXA_CODE = "/wxa/getwxacodeunlimit";

	static final String SUBSCRIBE_SEND = "/cgi-bin/message/subscribe/send";

	static final String PHONE = "/wxa/business/getuserphonenumber";

	/** What WeChat sends for a mini program code: a PNG. */
	static final byte[] PNG = { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 1, 2, 3 };

	private final HoldRequests hold = new HoldRequests();

	private final WireMockServer server = new WireMockServer(wireMockConfig().dynamicPort().extensions(this.hold));

	WeChat() {
		this.server.start();
	}

	String baseUrl() {
		return this.server.baseUrl();
	}

	/**
	 * The stable-token API hands out these tokens, one per call, then the last one again.
	 */
	void issuesTokens(String... tokens) {
		String state = Scenario.STARTED;
		for (int i = 0; i < tokens.length; i++) {
			String next = (i + 1 < tokens.length) ? "token-" + (i + 1) : state;
			this.server.stubFor(post(urlPathEqualTo(STABLE_TOKEN)).inScenario("stable-token")
				.whenScenarioStateIs(state)
				.withRequestBody(matchingJsonPath("$.appid", equalTo(APP_ID)))
				.withRequestBody(matchingJsonPath("$.force_refresh", equalTo("false")))
				.willReturn(text("{\"access_token\":\"" + tokens[i] + "\",\"expires_in\":7200}"))
				.willSetStateTo(next));
			state = next;
		}
	}

	void login(String code, String openid) {
		this.server.stubFor(get(urlPathEqualTo("/sns/jscode2session")).withQueryParam("js_code", equalTo(code))
			.willReturn(text("{\"openid\":\"" + openid + "\",\"session_key\":\"c2Vzc2lvbi1rZXk=\"}")));
	}

	void phone(String token, String code, String number) {
		this.server.stubFor(post(urlPathEqualTo(PHONE)).withQueryParam("access_token", equalTo(token))
			.withRequestBody(matchingJsonPath("$.code", equalTo(code)))
			.willReturn(text("{\"errcode\":0,\"errmsg\":\"ok\",\"phone_info\":{\"phoneNumber\":\"" + number
					+ "\",\"purePhoneNumber\":\"" + number + "\",\"countryCode\":\"86\",\"watermark\":"
					+ "{\"timestamp\":1700000000,\"appid\":\"" + APP_ID + "\"}}}")));
	}

	/** The mini program code API accepts the token and answers a PNG. */
	void wxaCode(String token) {
		this.server.stubFor(post(urlPathEqualTo(WXA_CODE)).withQueryParam("access_token", equalTo(token))
			.willReturn(aResponse().withStatus(200).withHeader("Content-Type", "image/png").withBody(PNG)));
	}

	/** The mini program code API rejects the token with 40001, as JSON. */
	void wxaCodeRejects(String token) {
		this.server.stubFor(post(urlPathEqualTo(WXA_CODE)).withQueryParam("access_token", equalTo(token))
			.willReturn(aResponse().withStatus(200)
				.withHeader("Content-Type", "application/json; charset=UTF-8")
				.withBody("{\"errcode\":40001,\"errmsg\":\"invalid credential, access_token is invalid or not latest\"}")));
	}

	void subscribeMessage(String token) {
		this.server.stubFor(post(urlPathEqualTo(SUBSCRIBE_SEND)).withQueryParam("access_token", equalTo(token))
			.withRequestBody(matchingJsonPath("$.template_id", equalTo("template-1")))
			.willReturn(text("{\"errcode\":0,\"errmsg\":\"ok\"}")));
	}

	/**
	 * Holds requests to {@code path} that carry {@code token} until {@code count} of them have
	 * arrived (or ten seconds have passed), so that all of them use the token before any answer.
	 */
	void holdUntilAllArrive(String path, String token, int count) {
		this.hold.arm(path, token, count);
	}

	int stableTokenCalls() {
		return this.server.countRequestsMatching(postRequestedFor(urlPathEqualTo(STABLE_TOKEN)).build()).getCount();
	}

	int calls(String path) {
		return this.server.countRequestsMatching(postRequestedFor(urlPathEqualTo(path)).build()).getCount();
	}

	int calls(String path, String token) {
		return this.server
			.countRequestsMatching(
					postRequestedFor(urlPathEqualTo(path)).withQueryParam("access_token", equalTo(token)).build())
			.getCount();
	}

	@Override
	public void close() {
		this.server.stop();
	}

	private static ResponseDefinitionBuilder text(String body) {
		return aResponse().withStatus(200).withHeader("Content-Type", "text/plain").withBody(body);
	}

	private static final class HoldRequests implements StubRequestFilterV2 {

		private volatile Map.Entry<String, String> held;

		private volatile CountDownLatch arrivals = new CountDownLatch(0);

		void arm(String path, String token, int count) {
			this.arrivals = new CountDownLatch(count);
			this.held = Map.entry(path, "access_token=" + token);
		}

		@Override
		public RequestFilterAction filter(Request request, ServeEvent serveEvent) {
			Map.Entry<String, String> held = this.held;
			String url = request.getUrl();
			if (held != null && url.startsWith(held.getKey() + "?") && url.contains(held.getValue())) {
				CountDownLatch arrivals = this.arrivals;
				arrivals.countDown();
				try {
					arrivals.await(10, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
			return RequestFilterAction.continueWith(request);
		}

		@Override
		public String getName() {
			return "hold-requests";
		}

	}

}
