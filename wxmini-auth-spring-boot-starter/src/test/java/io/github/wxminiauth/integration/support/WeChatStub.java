package io.github.wxminiauth.integration.support;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.extension.requestfilter.RequestFilterAction;
import com.github.tomakehurst.wiremock.extension.requestfilter.StubRequestFilterV2;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

/**
 * WeChat as the tests see it: a real HTTP server that answers like WeChat (JSON as text/plain).
 * A {@link WxMiniIntegrationTest} runs one for the test class; elsewhere register it with
 * {@code @RegisterExtension static final WeChatStub wechat = new WeChatStub();} to have it started
 * before and stopped after the test class.
 */
public final class WeChatStub implements BeforeAllCallback, AfterAllCallback {

	public static final String APP_ID = "wx00000000000000a1";

	public static final String APP_SECRET = "app-secret-MUST-NOT-LEAK-7f3a9c";

	public static final String ACCESS_TOKEN = "wechat-access-token-MUST-NOT-LEAK-91d2";

	public final WireMockServer server;

	private final ReceivedRequests received = new ReceivedRequests();

	public WeChatStub() {
		this(wireMockConfig().dynamicPort());
	}

	public WeChatStub(WireMockConfiguration configuration) {
		this.server = new WireMockServer(configuration.extensions(this.received));
	}

	public void start() {
		this.server.start();
	}

	public void stop() {
		this.server.stop();
	}

	@Override
	public void beforeAll(ExtensionContext context) {
		start();
	}

	@Override
	public void afterAll(ExtensionContext context) {
		stop();
	}

	public void reset() {
		this.server.resetAll();
		this.received.clear();
	}

	public String baseUrl() {
		return this.server.baseUrl();
	}

	/**
	 * The properties of an application that serves {@link #APP_ID} with this stub as WeChat.
	 * @return {@code wxmini.app-id}, {@code wxmini.app-secret} and {@code wxmini.api-base-url}
	 */
	public Map<String, Object> properties() {
		return Map.of("wxmini.app-id", APP_ID, "wxmini.app-secret", APP_SECRET, "wxmini.api-base-url", baseUrl());
	}

	/**
	 * A fresh login code of this openid, stubbed.
	 * @param openid the user the code logs in
	 * @return the code
	 */
	public String code(String openid) {
		String code = "code-" + UUID.randomUUID();
		login(code, openid);
		return code;
	}

	public void login(String code, String openid) {
		code2Session(code, "{\"openid\":\"" + openid + "\",\"session_key\":\"c2Vzc2lvbi1rZXktTVVTVC1OT1QtTEVBSw==\"}");
	}

	public void code2Session(String code, String body) {
		this.server.stubFor(get(urlPathEqualTo("/sns/jscode2session")).withQueryParam("js_code", equalTo(code))
			.willReturn(text(body)));
	}

	public void stableToken() {
		this.server.stubFor(post(urlPathEqualTo("/cgi-bin/stable_token"))
			.willReturn(text("{\"access_token\":\"" + ACCESS_TOKEN + "\",\"expires_in\":7200}")));
	}

	public void phone(String code, String pure) {
		this.server.stubFor(post(urlPathEqualTo("/wxa/business/getuserphonenumber"))
			.withQueryParam("access_token", equalTo(ACCESS_TOKEN))
			.withRequestBody(matchingJsonPath("$.code", equalTo(code)))
			.willReturn(text("{\"errcode\":0,\"errmsg\":\"ok\",\"phone_info\":{\"phoneNumber\":\"" + pure
					+ "\",\"purePhoneNumber\":\"" + pure + "\",\"countryCode\":\"86\",\"watermark\":{\"timestamp\":1700000000,\"appid\":\""
					+ APP_ID + "\"}}}")));
	}

	/**
	 * A phone code that WeChat verifies only for this openid, as it does when the request names the
	 * user; for any other openid, or none, the code is unknown (40029).
	 */
	public void phone(String code, String pure, String openid) {
		this.server.stubFor(post(urlPathEqualTo("/wxa/business/getuserphonenumber")).atPriority(10)
			.withQueryParam("access_token", equalTo(ACCESS_TOKEN))
			.withRequestBody(matchingJsonPath("$.code", equalTo(code)))
			.willReturn(text("{\"errcode\":40029,\"errmsg\":\"invalid code\"}")));
		this.server.stubFor(post(urlPathEqualTo("/wxa/business/getuserphonenumber")).atPriority(1)
			.withQueryParam("access_token", equalTo(ACCESS_TOKEN))
			.withRequestBody(matchingJsonPath("$.code", equalTo(code)))
			.withRequestBody(matchingJsonPath("$.openid", equalTo(openid)))
			.willReturn(text("{\"errcode\":0,\"errmsg\":\"ok\",\"phone_info\":{\"phoneNumber\":\"" + pure
					+ "\",\"purePhoneNumber\":\"" + pure + "\",\"countryCode\":86,\"watermark\":{\"timestamp\":1700000000,\"appid\":\""
					+ APP_ID + "\"}}}")));
	}

	/**
	 * Makes getuserphonenumber answer every code with this reply.
	 */
	public void phoneReply(String body) {
		this.server.stubFor(post(urlPathEqualTo("/wxa/business/getuserphonenumber")).atPriority(5)
			.willReturn(text(body)));
	}

	/**
	 * Requests received so far, counted on arrival: WireMock's own journal records a request
	 * only once its (perhaps delayed) reply is sent, too late to count a call that timed out.
	 */
	public int calls() {
		return this.received.total();
	}

	public int phoneCalls() {
		return this.received.count("/wxa/business/getuserphonenumber");
	}

	public int code2SessionCalls() {
		return this.received.count("/sns/jscode2session");
	}

	public int stableTokenCalls() {
		return this.received.count("/cgi-bin/stable_token");
	}

	public static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder text(String body) {
		return aResponse().withStatus(200).withHeader("Content-Type", "text/plain").withBody(body);
	}

	/**
	 * Counts stub requests by path as they arrive.
	 */
	private static final class ReceivedRequests implements StubRequestFilterV2 {

		private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

		@Override
		public RequestFilterAction filter(Request request, ServeEvent serveEvent) {
			String url = request.getUrl();
			int query = url.indexOf('?');
			String path = (query >= 0) ? url.substring(0, query) : url;
			this.counts.computeIfAbsent(path, (key) -> new AtomicInteger()).incrementAndGet();
			return RequestFilterAction.continueWith(request);
		}

		int count(String path) {
			AtomicInteger count = this.counts.get(path);
			return (count != null) ? count.get() : 0;
		}

		int total() {
			return this.counts.values().stream().mapToInt(AtomicInteger::get).sum();
		}

		void clear() {
			this.counts.clear();
		}

		@Override
		public String getName() {
			return "wechat-received-requests";
		}

	}

}
