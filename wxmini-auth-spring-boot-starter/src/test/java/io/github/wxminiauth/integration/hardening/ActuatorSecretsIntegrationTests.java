package io.github.wxminiauth.integration.hardening;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.wxminiauth.integration.support.HardeningTestApplication;
import io.github.wxminiauth.integration.support.TestHttp;
import io.github.wxminiauth.integration.support.WeChatStub;
import io.github.wxminiauth.integration.support.WxMiniIntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;


import static org.assertj.core.api.Assertions.assertThat;

/**
 * With every actuator endpoint exposed and set to show values and details, the full flow leaves
 * no AppSecret, WeChat access token, session key, refresh token or JWT secret in any endpoint's
 * answer. Only {@code heapdump} is left out: a memory dump holds every secret by nature, and must
 * never be exposed.
 */
@WxMiniIntegrationTest(classes = HardeningTestApplication.class,
		properties = { "wxmini.app-id=" + WeChatStub.APP_ID, "wxmini.app-secret=" + WeChatStub.APP_SECRET,
				"wxmini.jwt.secret=" + ActuatorSecretsIntegrationTests.JWT_SECRET,
				"wxmini.security.public-paths=/actuator/**", "management.endpoints.web.exposure.include=*",
				"management.endpoint.health.show-details=always", "management.endpoint.health.show-components=always",
				"management.endpoint.env.show-values=always", "management.endpoint.configprops.show-values=always",
				"actuator-test.visible=" + ActuatorSecretsIntegrationTests.VISIBLE })
class ActuatorSecretsIntegrationTests {

	static final String JWT_SECRET = "actuator-test-JWT-SECRET-of-32-bytes-3c9";

	static final String VISIBLE = "plain-value-shown-by-env-8d2";

	private static final String SESSION_KEY = "c2Vzc2lvbi1rZXktYWN0dWF0b3ItU0VDUkVU";

	static WeChatStub wechat;

	TestHttp http;

	@Test
	void noActuatorEndpointShowsASecretAfterTheFullFlow() {
		List<String> secrets = new ArrayList<>(
				List.of(WeChatStub.APP_SECRET, WeChatStub.ACCESS_TOKEN, SESSION_KEY, JWT_SECRET));
		wechat.code2Session("actuator-code",
				"{\"openid\":\"o-actuator\",\"session_key\":\"" + SESSION_KEY + "\"}");
		wechat.stableToken();
		wechat.phone("actuator-phone", "13800138022");
		TestHttp.Response login = this.http.postJson("/wx/login", "{\"code\":\"actuator-code\"}");
		assertThat(login.status()).isEqualTo(200);
		secrets.add(login.text("refresh_token"));
		assertThat(this.http.postJson("/wx/phone", "{\"code\":\"actuator-phone\"}", login.text("access_token")).status())
			.isEqualTo(200);
		TestHttp.Response refreshed = this.http.postJson("/wx/token/refresh",
				"{\"refresh_token\":\"" + login.text("refresh_token") + "\"}");
		assertThat(refreshed.status()).isEqualTo(200);
		secrets.add(refreshed.text("refresh_token"));
		assertThat(this.http.postJson("/wx/logout", "", refreshed.text("access_token")).status()).isEqualTo(204);

		Map<String, TestHttp.Response> answers = fetchEveryEndpoint(this.http);
		assertThat(answers).containsKeys("/actuator/health", "/actuator/metrics", "/actuator/env",
				"/actuator/configprops", "/actuator/beans", "/actuator/conditions", "/actuator/loggers",
				"/actuator/mappings", "/actuator/env/wxmini.app-secret", "/actuator/configprops/wxmini",
				"/actuator/metrics/wxmini.logins");
		answers.forEach((path, answer) -> {
			for (String secret : secrets) {
				assertThat(answer.body()).as(path).doesNotContain(secret);
			}
		});
		// Values are shown, so the secrets above are hidden by the starter's sanitizing function.
		assertThat(answers.get("/actuator/env").body()).contains(VISIBLE);
		assertThat(answers.get("/actuator/env/wxmini.app-secret").body()).contains("******");
		JsonNode health = answers.get("/actuator/health").json();
		JsonNode accessToken = health.path("components").path("wxminiAccessToken");
		assertThat(accessToken.path("status").asString()).isEqualTo("UP");
		assertThat(accessToken.path("details").path("apps").path("default").path("state").asString())
			.isEqualTo("fresh");
		assertThat(accessToken.path("details").path("apps").path("default").path("appId").asString())
			.isEqualTo(WeChatStub.APP_ID);
	}

	private static Map<String, TestHttp.Response> fetchEveryEndpoint(TestHttp http) {
		Map<String, TestHttp.Response> answers = new LinkedHashMap<>();
		TestHttp.Response index = http.get("/actuator", null);
		assertThat(index.status()).isEqualTo(200);
		answers.put("/actuator", index);
		for (Map.Entry<String, JsonNode> link : index.json().path("_links").properties()) {
			String href = link.getValue().path("href").asString();
			String path = href.substring(href.indexOf("/actuator"));
			if (link.getValue().path("templated").asBoolean() || link.getKey().equals("heapdump")) {
				continue;
			}
			answers.put(path, http.get(path, null));
		}
		for (JsonNode name : answers.get("/actuator/metrics").json().path("names")) {
			String path = "/actuator/metrics/" + name.asString();
			answers.put(path, http.get(path, null));
		}
		for (String path : List.of("/actuator/env/wxmini.app-secret", "/actuator/env/wxmini.jwt.secret",
				"/actuator/configprops/wxmini", "/actuator/health/wxminiAccessToken")) {
			answers.put(path, http.get(path, null));
		}
		return answers;
	}

}
