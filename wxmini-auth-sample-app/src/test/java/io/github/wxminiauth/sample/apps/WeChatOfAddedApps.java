package io.github.wxminiauth.sample.apps;

import java.util.UUID;

import com.github.tomakehurst.wiremock.junit.Stubbing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

/**
 * WeChat, in WireMock, for mini programs added while the sample runs: it knows an app with its
 * secret once stubbed, and logs in the user that a code names, {@code <openid>.<anything>}.
 */
final class WeChatOfAddedApps {

	private WeChatOfAddedApps() {
	}

	/** WeChat knows the app with this secret, and any code {@code <openid>.<anything>}. */
	static void knows(Stubbing wechat, String appId, String secret) {
		wechat.stubFor(get(urlPathEqualTo("/sns/jscode2session")).withQueryParam("appid", equalTo(appId))
			.withQueryParam("secret", equalTo(secret))
			.willReturn(aResponse().withStatus(200)
				.withHeader("Content-Type", "text/plain")
				.withTransformers("response-template")
				.withBody("{\"openid\":\"{{regexExtract request.query.js_code '^[^.]+'}}\","
						+ "\"session_key\":\"c2Vzc2lvbi1rZXk=\"}")));
	}

	/** The body of a login of the openid to the app, with a fresh code. */
	static String login(String appId, String openid) {
		return "{\"code\":\"" + openid + "." + UUID.randomUUID() + "\",\"app_id\":\"" + appId + "\"}";
	}

	/** A new AppID. */
	static String newAppId() {
		return "wx" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
	}

}
