package io.github.wxminiauth.sample.simulator;

import java.util.UUID;

import io.github.wxminiauth.sample.SampleHttp;
import io.github.wxminiauth.sample.SampleHttp.Reply;
import io.github.wxminiauth.test.wechat.WeChatSimulator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.util.TestSocketUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The built-in simulator knows the mini programs an admin adds at runtime ({@code /api/admin/apps},
 * the {@code mini_program} table) as if they had been registered with WeChat: their codes are
 * minted and their users log in, with the secret of the moment, until the app is removed. Real
 * HTTP, the simulator as the sample starts it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT,
		properties = { "sample.admin-openids=" + SimulatorOfAddedAppsTests.ADMIN, "wxmini.rate-limit.enabled=false",
				"spring.datasource.url=jdbc:h2:mem:sample-simulator-added-apps;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000" })
class SimulatorOfAddedAppsTests {

	static final String ADMIN = "oAdminOfTheSimulatedApps000";

	@DynamicPropertySource
	static void port(DynamicPropertyRegistry registry) {
		// The simulator is reached through the application's own port, so that port must be known
		int port = TestSocketUtils.findAvailableTcpPort();
		registry.add("server.port", () -> port);
	}

	@LocalServerPort
	private int port;

	private SampleHttp http;

	@BeforeEach
	void client() {
		this.http = new SampleHttp(this.port);
	}

	@Test
	void aMiniProgramAddedAtRuntimeLogsInThroughTheSimulatorUntilItIsRemoved() {
		String admin = login(WeChatSimulator.APP_ID, ADMIN).json().get("access_token").asString();
		String appId = "wx" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
		assertThat(mint(appId, "oShopper").status()).as("not added yet").isEqualTo(400);

		assertThat(this.http.send("POST", "/api/admin/apps", admin,
				"{\"app_id\":\"" + appId + "\",\"name\":\"shop\",\"app_secret\":\"shop-secret-one\"}")
			.status()).isEqualTo(201);
		Reply shopper = login(appId, "oShopper");
		assertThat(shopper.status()).as(shopper.body()).isEqualTo(200);
		assertThat(shopper.json().get("openid").asString()).isEqualTo("oShopper");
		Reply me = this.http.send("GET", "/api/me", shopper.json().get("access_token").asString(), null);
		assertThat(me.json().get("appid").asString()).isEqualTo(appId);

		assertThat(this.http.send("PUT", "/api/admin/apps/" + appId + "/secret", admin,
				"{\"app_secret\":\"shop-secret-two\"}")
			.status()).isEqualTo(204);
		assertThat(login(appId, "oSecondShopper").status()).as("with the new secret").isEqualTo(200);

		assertThat(this.http.send("DELETE", "/api/admin/apps/" + appId, admin, null).status()).isEqualTo(204);
		Reply removed = mint(appId, "oShopper");
		assertThat(removed.status()).isEqualTo(400);
		assertThat(removed.json().get("error").asString()).isEqualTo("invalid_request");
		assertThat(login(WeChatSimulator.APP_ID, "oStillHere").status()).as("the sample's own app").isEqualTo(200);
	}

	@Test
	void aCodeIsMintedForTheSimulatorsOwnMiniProgramWhenNoAppIdIsNamed() {
		Reply minted = this.http.send("POST", "/simulator/codes/login", null, null);
		assertThat(minted.status()).isEqualTo(200);
		Reply login = this.http.send("POST", "/wx/login", null,
				"{\"code\":\"" + minted.json().get("code").asString() + "\"}");
		assertThat(login.status()).as(login.body()).isEqualTo(200);
		assertThat(login.json().get("openid").asString()).isEqualTo(minted.json().get("openid").asString());
		Reply notAnObject = this.http.send("POST", "/simulator/codes/login", null, "[\"oAlice\"]");
		assertThat(notAnObject.status()).isEqualTo(400);
		assertThat(notAnObject.header("Content-Type")).startsWith("application/problem+json");
		assertThat(notAnObject.json().get("error").asString()).isEqualTo("invalid_request");
	}

	private Reply mint(String appId, String openid) {
		return this.http.send("POST", "/simulator/codes/login", null,
				"{\"app_id\":\"" + appId + "\",\"openid\":\"" + openid + "\"}");
	}

	/** Mints a code for the openid and logs in with it. */
	private Reply login(String appId, String openid) {
		Reply minted = mint(appId, openid);
		assertThat(minted.status()).as(minted.body()).isEqualTo(200);
		return this.http.send("POST", "/wx/login", null,
				"{\"code\":\"" + minted.json().get("code").asString() + "\",\"app_id\":\"" + appId + "\"}");
	}

}
