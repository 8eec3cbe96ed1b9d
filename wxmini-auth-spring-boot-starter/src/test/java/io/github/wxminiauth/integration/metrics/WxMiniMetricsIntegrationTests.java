package io.github.wxminiauth.integration.metrics;

import io.github.wxminiauth.integration.support.HardeningTestApplication;
import io.github.wxminiauth.integration.support.TestHttp;
import io.github.wxminiauth.integration.support.WeChatStub;
import io.github.wxminiauth.integration.support.WxMiniIntegrationTest;

import java.util.Map;
import java.util.TreeMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The starter's metrics after the full flow over real HTTP, with WireMock as WeChat and Boot's
 * {@link SimpleMeterRegistry} (actuator on the classpath, nothing else configured).
 */
@WxMiniIntegrationTest(classes = HardeningTestApplication.class,
		properties = { "wxmini.app-id=" + WeChatStub.APP_ID, "wxmini.app-secret=" + WeChatStub.APP_SECRET,
				"wxmini.jwt.secret=metrics-integration-test-secret-32b" })
class WxMiniMetricsIntegrationTests {

	private static final String REJECTED_ACCESS_TOKEN = "wechat-access-token-REJECTED-5e1";

	private static final String OPENID = "o-metrics-openid-4b7";

	static WeChatStub wechat;

	TestHttp http;

	@Autowired
	MeterRegistry registry;

	private Map<String, Double> baseline = Map.of();

	@Test
	void fullFlowIsCountedByOutcomeWithLowCardinalityTags() {
		assertThat(this.registry).isInstanceOf(SimpleMeterRegistry.class);
		// The other test shares this application: count from here.
		this.baseline = wxminiMeters();
		wechat.login("metrics-code-1", OPENID);
		wechat.login("metrics-code-2", OPENID);
		wechat.login("metrics-code-3", OPENID);
		wechat.code2Session("metrics-used-code", "{\"errcode\":40029,\"errmsg\":\"invalid code\"}");
		// The first token WeChat hands out is rejected by the phone API (40001): one re-fetch.
		wechat.server.stubFor(post(urlPathEqualTo("/cgi-bin/stable_token")).inScenario("token")
			.whenScenarioStateIs(STARTED)
			.willReturn(WeChatStub.text("{\"access_token\":\"" + REJECTED_ACCESS_TOKEN + "\",\"expires_in\":7200}"))
			.willSetStateTo("second"));
		wechat.server.stubFor(post(urlPathEqualTo("/cgi-bin/stable_token")).inScenario("token")
			.whenScenarioStateIs("second")
			.willReturn(WeChatStub.text("{\"access_token\":\"" + WeChatStub.ACCESS_TOKEN + "\",\"expires_in\":7200}")));
		wechat.server.stubFor(post(urlPathEqualTo("/wxa/business/getuserphonenumber")).atPriority(1)
			.withQueryParam("access_token", containing(REJECTED_ACCESS_TOKEN))
			.willReturn(WeChatStub.text("{\"errcode\":40001,\"errmsg\":\"invalid credential\"}")));
		wechat.phone("metrics-phone-code", "13800138011");

		TestHttp.Response first = this.http.postJson("/wx/login", "{\"code\":\"metrics-code-1\"}");
		assertThat(first.status()).isEqualTo(200);
		assertThat(this.http.postJson("/wx/login", "{\"code\":\"metrics-code-2\"}").status()).isEqualTo(200);
		assertThat(this.http.postJson("/wx/login", "{\"code\":\"metrics-used-code\"}").status()).isEqualTo(401);
		assertThat(this.http.postJson("/wx/login", "{\"code\":").status()).isEqualTo(400);
		String accessToken = first.text("access_token");
		assertThat(this.http.postJson("/wx/phone", "{\"code\":\"metrics-phone-code\"}", accessToken).status())
			.isEqualTo(200);
		String refreshToken = first.text("refresh_token");
		String refreshBody = "{\"refresh_token\":\"" + refreshToken + "\"}";
		assertThat(this.http.postJson("/wx/token/refresh", refreshBody).status()).isEqualTo(200);
		assertThat(this.http.postJson("/wx/token/refresh", refreshBody).status()).as("reuse").isEqualTo(401);
		assertThat(this.http.postJson("/wx/token/refresh", "{\"refresh_token\":\"no-such-token\"}").status())
			.isEqualTo(401);
		String second = this.http.postJson("/wx/login", "{\"code\":\"metrics-code-3\"}").text("access_token");
		assertThat(this.http.postJson("/wx/logout", "", second).status()).isEqualTo(204);

		assertThat(counter("wxmini.logins", "outcome", "success", "new_user", "true")).isEqualTo(1);
		assertThat(counter("wxmini.logins", "outcome", "success", "new_user", "false")).isEqualTo(2);
		assertThat(counter("wxmini.logins", "outcome", "invalid_code", "new_user", "false")).isEqualTo(1);
		assertThat(counter("wxmini.logins", "outcome", "invalid_request", "new_user", "false")).isEqualTo(1);

		assertThat(calls("code2Session", "success", "0")).isEqualTo(3);
		assertThat(calls("code2Session", "invalid_code", "40029")).isEqualTo(1);
		assertThat(calls("stable_token", "success", "0")).isEqualTo(2);
		assertThat(calls("getuserphonenumber", "invalid_access_token", "40001")).isEqualTo(1);
		assertThat(calls("getuserphonenumber", "success", "0")).isEqualTo(1);

		assertThat(counter("wxmini.access-token.fetches", "app", "default", "outcome", "success", "reason", "cold"))
			.isEqualTo(1);
		assertThat(counter("wxmini.access-token.fetches", "app", "default", "outcome", "success", "reason",
				"invalidated"))
			.isEqualTo(1);
		assertThat(counter("wxmini.access-token.fetches", "app", "default", "outcome", "success", "reason",
				"renewal"))
			.isZero();

		assertThat(counter("wxmini.refresh-token.rotations", "outcome", "rotated")).isEqualTo(1);
		assertThat(counter("wxmini.refresh-token.rotations", "outcome", "reused")).isEqualTo(1);
		assertThat(counter("wxmini.refresh-token.rotations", "outcome", "unknown")).isEqualTo(1);
		assertThat(counter("wxmini.sessions.revoked", "reason", "reuse")).isEqualTo(1);
		assertThat(counter("wxmini.sessions.revoked", "reason", "logout")).isEqualTo(1);

		for (Meter meter : this.registry.getMeters()) {
			if (meter.getId().getName().startsWith("wxmini.")) {
				for (Tag tag : meter.getId().getTags()) {
					assertThat(tag.getValue()).doesNotContain(OPENID, "metrics-code", "metrics-used-code",
							WeChatStub.ACCESS_TOKEN, REJECTED_ACCESS_TOKEN, refreshToken, WeChatStub.APP_ID, "/wx/",
							"127.0.0.1");
				}
			}
		}
	}

	@Test
	void bearerRequestsRecordNothing() {
		wechat.login("metrics-bearer-code", "o-metrics-bearer");
		String accessToken = this.http.postJson("/wx/login", "{\"code\":\"metrics-bearer-code\"}").text("access_token");
		Map<String, Double> before = wxminiMeters();
		for (int i = 0; i < 3; i++) {
			assertThat(this.http.get("/api/me", accessToken).status()).isEqualTo(200);
		}
		assertThat(this.http.get("/api/me", "not-a-jwt").status()).isEqualTo(401);
		assertThat(wxminiMeters()).isEqualTo(before);
	}

	private double counter(String name, String... tags) {
		Counter counter = this.registry.get(name).tags(tags).counter();
		return counter.count() - this.baseline.getOrDefault(counter.getId().toString(), 0.0);
	}

	private long calls(String api, String outcome, String errcode) {
		Timer timer = this.registry.get("wxmini.wechat.calls")
			.tags("api", api, "outcome", outcome, "errcode", errcode)
			.timer();
		return timer.count() - this.baseline.getOrDefault(timer.getId().toString(), 0.0).longValue();
	}

	private Map<String, Double> wxminiMeters() {
		Map<String, Double> values = new TreeMap<>();
		for (Meter meter : this.registry.getMeters()) {
			if (meter.getId().getName().startsWith("wxmini.")) {
				double value = (meter instanceof Timer timer) ? timer.count() : ((Counter) meter).count();
				values.put(meter.getId().toString(), value);
			}
		}
		return values;
	}

}
