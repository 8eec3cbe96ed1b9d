package io.github.wxminiauth.coexistence.support;

import java.util.concurrent.atomic.AtomicLong;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;

import org.springframework.test.context.DynamicPropertyRegistry;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

/**
 * WeChat as the hosts see it: WireMock on a random loopback port, one for the whole test run, so
 * that an application context cached between test classes never points at a stopped server. The
 * mini program's AppID and AppSecret are those of {@code application.properties}.
 */
public final class WeChat {

	public static final String APP_ID = "wx00000000000000c0";

	public static final String APP_SECRET = "coexistence-app-secret";

	private static final WireMockServer server = start();

	private static final AtomicLong codes = new AtomicLong();

	private WeChat() {
	}

	/**
	 * Points the starter at this WeChat. Without the starter the property means nothing.
	 * @param registry the test's dynamic properties
	 */
	public static void configure(DynamicPropertyRegistry registry) {
		registry.add("wxmini.api-base-url", WeChat::baseUrl);
	}

	public static String baseUrl() {
		return "http://127.0.0.1:" + server.port();
	}

	/**
	 * A fresh {@code wx.login} code that WeChat exchanges for this user.
	 * @param openid the user's openid
	 * @return the code
	 */
	public static String loginCode(String openid) {
		String code = "code-" + codes.incrementAndGet() + "-" + openid;
		server.stubFor(get(urlPathEqualTo("/sns/jscode2session")).withQueryParam("appid", equalTo(APP_ID))
			.withQueryParam("secret", equalTo(APP_SECRET))
			.withQueryParam("js_code", equalTo(code))
			.withQueryParam("grant_type", equalTo("authorization_code"))
			.willReturn(text("{\"openid\":\"" + openid + "\",\"session_key\":\"c2Vzc2lvbi1rZXktMTIzNDU2Nw==\","
					+ "\"unionid\":\"u-" + openid + "\"}")));
		return code;
	}

	/**
	 * How many times WeChat was asked to exchange this code.
	 * @param code a code of {@link #loginCode(String)}
	 * @return the number of code2Session calls with it
	 */
	public static int exchangesOf(String code) {
		return server
			.countRequestsMatching(getRequestedFor(urlPathEqualTo("/sns/jscode2session"))
				.withQueryParam("js_code", equalTo(code))
				.build())
			.getCount();
	}

	private static WireMockServer start() {
		WireMockServer wechat = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1").dynamicPort());
		wechat.start();
		wechat.stubFor(post(urlPathEqualTo("/cgi-bin/stable_token"))
			.willReturn(text("{\"access_token\":\"coexistence-wechat-access-token\",\"expires_in\":7200}")));
		return wechat;
	}

	/**
	 * WeChat answers JSON as {@code text/plain}.
	 */
	private static ResponseDefinitionBuilder text(String body) {
		return aResponse().withStatus(200).withHeader("Content-Type", "text/plain").withBody(body);
	}

}
