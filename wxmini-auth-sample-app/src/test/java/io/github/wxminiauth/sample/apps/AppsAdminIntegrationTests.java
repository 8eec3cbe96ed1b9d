package io.github.wxminiauth.sample.apps;

import java.util.UUID;

import io.github.wxminiauth.sample.SampleHttp;
import io.github.wxminiauth.sample.SampleHttp.Reply;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample's admin endpoints for mini programs over HTTP, WireMock as WeChat: an admin adds a
 * mini program to the {@code mini_program} table, its users log in at once with its own token
 * lifetimes, a new secret is used from the next login, and once removed its tokens and logins are
 * refused; no answer ever carries a secret.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "sample.simulator.enabled=false", "sample.admin-openids=" + AppsAdminIntegrationTests.ADMIN,
				"wxmini.jwt.secret=apps-admin-test-secret-0123456789abcdef", "wxmini.rate-limit.enabled=false",
				"spring.datasource.url=jdbc:h2:mem:sample-apps-admin;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000" })
class AppsAdminIntegrationTests {

	static final String ADMIN = "oAdminOfTheApps000000000000";

	private static final String SAMPLE_APP_ID = "wx0000000000sample";

	private static final String SAMPLE_SECRET = "FAKE0sample0secret0not0for0prod0";

	@RegisterExtension
	static final WireMockExtension wechat = WireMockExtension.newInstance()
		.options(wireMockConfig().dynamicPort())
		.build();

	@LocalServerPort
	private int port;

	private SampleHttp http;

	@DynamicPropertySource
	static void pointAtFakeWeChat(DynamicPropertyRegistry registry) {
		registry.add("wxmini.api-base-url", wechat::baseUrl);
	}

	@BeforeEach
	void setUp() {
		this.http = new SampleHttp(this.port);
		WeChatOfAddedApps.knows(wechat, SAMPLE_APP_ID, SAMPLE_SECRET);
	}

	@Test
	void onlyAdminsSeeAndChangeTheMiniPrograms() {
		String user = login(SAMPLE_APP_ID, "oJustAUser" + UUID.randomUUID()).get("access_token").asString();
		assertThat(this.http.send("GET", "/api/admin/apps", user, null).status()).isEqualTo(403);
		assertThat(this.http.send("POST", "/api/admin/apps", user, newApp("wx11111111111111aa", "secret-x", null)).status())
			.isEqualTo(403);
		assertThat(this.http.send("GET", "/api/admin/apps", null, null).status()).isEqualTo(401);
	}

	@Test
	void aMiniProgramAddedByAnAdminIsServedAtOnceWithItsOwnLifetimesRekeyedAndRemoved() {
		String admin = login(SAMPLE_APP_ID, ADMIN).get("access_token").asString();
		String appId = WeChatOfAddedApps.newAppId();

		Reply unknown = loginReply(appId, "oShopper");
		assertThat(unknown.status()).isEqualTo(400);
		assertThat(unknown.json().get("error").asString()).isEqualTo("invalid_request");

		Reply added = this.http.send("POST", "/api/admin/apps", admin, newApp(appId, "first-SECRET-must-not-leak", 900L));
		assertThat(added.status()).isEqualTo(201);
		assertThat(added.header("Location")).isEqualTo("/api/admin/apps/" + appId);
		assertThat(added.json().get("access_token_ttl").asLong()).isEqualTo(900);
		assertThat(added.json().get("refresh_token_ttl").isNull()).isTrue();
		assertThat(added.json().get("source").asString()).isEqualTo("database");
		assertThat(added.body()).doesNotContain("first-SECRET-must-not-leak");

		Reply list = this.http.send("GET", "/api/admin/apps", admin, null);
		assertThat(list.status()).isEqualTo(200);
		assertThat(list.body()).doesNotContain("first-SECRET-must-not-leak").doesNotContain(SAMPLE_SECRET);
		assertThat(list.json().get("apps").valueStream().map((app) -> app.get("app_id").asString()))
			.contains(SAMPLE_APP_ID, appId);

		WeChatOfAddedApps.knows(wechat, appId, "first-SECRET-must-not-leak");
		JsonNode shopper = login(appId, "oShopper");
		assertThat(shopper.get("expires_in").asLong()).as("the app's own lifetime").isEqualTo(900);
		assertThat(shopper.get("refresh_expires_in").asLong()).as("the global one").isEqualTo(2592000);
		String shopperToken = shopper.get("access_token").asString();
		assertThat(this.http.send("GET", "/api/me", shopperToken, null).status()).isEqualTo(200);

		assertThat(this.http.send("PUT", "/api/admin/apps/" + appId + "/secret", admin,
				"{\"app_secret\":\"second-SECRET-must-not-leak\"}").status()).isEqualTo(204);
		WeChatOfAddedApps.knows(wechat, appId, "second-SECRET-must-not-leak");
		int withFirstSecret = loginsWith(appId, "first-SECRET-must-not-leak");
		assertThat(login(appId, "oSecondShopper").get("expires_in").asLong()).isEqualTo(900);
		assertThat(loginsWith(appId, "first-SECRET-must-not-leak")).as("the old secret is not used any more")
			.isEqualTo(withFirstSecret);
		assertThat(loginsWith(appId, "second-SECRET-must-not-leak")).isEqualTo(1);
		assertThat(this.http.send("GET", "/api/me", shopperToken, null).status()).as("sessions go on").isEqualTo(200);

		assertThat(this.http.send("DELETE", "/api/admin/apps/" + appId, admin, null).status()).isEqualTo(204);
		Reply me = this.http.send("GET", "/api/me", shopperToken, null);
		assertThat(me.status()).isEqualTo(401);
		assertThat(me.json().get("error").asString()).isEqualTo("invalid_token");
		Reply refresh = this.http.send("POST", "/wx/token/refresh", null,
				"{\"refresh_token\":\"" + shopper.get("refresh_token").asString() + "\"}");
		assertThat(refresh.status()).isEqualTo(401);
		assertThat(refresh.json().get("error").asString()).isEqualTo("invalid_grant");
		assertThat(loginReply(appId, "oShopper").status()).isEqualTo(400);
		assertThat(this.http.send("GET", "/api/admin/apps", admin, null).body()).doesNotContain(appId);
		// The sample's own mini program is untouched.
		assertThat(this.http.send("GET", "/api/me", admin, null).status()).isEqualTo(200);
	}

	@Test
	void badAdditionsAndUnknownAppsAreAnsweredInTheStartersErrorShape() {
		String admin = login(SAMPLE_APP_ID, ADMIN).get("access_token").asString();
		assertProblem(this.http.send("POST", "/api/admin/apps", admin, newApp("not-an-app-id", "secret", null)), 400,
				"invalid_request");
		assertProblem(this.http.send("POST", "/api/admin/apps", admin, newApp(WeChatOfAddedApps.newAppId(), "has a space", null)), 400,
				"invalid_request");
		assertProblem(this.http.send("POST", "/api/admin/apps", admin, newApp(SAMPLE_APP_ID, "secret", null)), 409, "conflict");
		String appId = WeChatOfAddedApps.newAppId();
		assertThat(this.http.send("POST", "/api/admin/apps", admin, newApp(appId, "secret", null)).status()).isEqualTo(201);
		assertProblem(this.http.send("POST", "/api/admin/apps", admin, newApp(appId, "other", null)), 409, "conflict");
		assertProblem(this.http.send("PUT", "/api/admin/apps/" + WeChatOfAddedApps.newAppId() + "/secret", admin, "{\"app_secret\":\"s\"}"), 404,
				"not_found");
		assertProblem(this.http.send("PUT", "/api/admin/apps/" + SAMPLE_APP_ID + "/secret", admin, "{\"app_secret\":\"s\"}"),
				404, "not_found");
		assertProblem(this.http.send("DELETE", "/api/admin/apps/" + WeChatOfAddedApps.newAppId(), admin, null), 404, "not_found");
		assertProblem(this.http.send("PUT", "/api/admin/apps/" + appId + "/secret", admin, "{}"), 400, "invalid_request");
	}

	@Test
	void additionsWithMembersTheEndpointDoesNotKnowAreRefusedNotSilentlyDropped() {
		String admin = login(SAMPLE_APP_ID, ADMIN).get("access_token").asString();
		String appId = WeChatOfAddedApps.newAppId();
		// "access_token_lifetime" for "access_token_ttl": dropped, the app would get the global lifetime
		Reply misspelt = this.http.send("POST", "/api/admin/apps", admin, "{\"app_id\":\"" + appId
				+ "\",\"name\":\"shop\",\"app_secret\":\"secret\",\"access_token_lifetime\":900}");
		assertProblem(misspelt, 400, "invalid_request");
		assertThat(misspelt.json().get("detail").asString()).isEqualTo("Unknown member 'access_token_lifetime'");
		assertThat(this.http.send("GET", "/api/admin/apps", admin, null).body()).as("nothing was added").doesNotContain(appId);
		assertProblem(this.http.send("POST", "/api/admin/apps", admin, "{\"app_id\":\"" + appId
				+ "\",\"name\":\"shop\",\"app_secret\":\"secret\",\"secret\":\"s\",\"ttl\":1}"), 400,
				"invalid_request");
		assertThat(this.http.send("POST", "/api/admin/apps", admin, newApp(appId, "secret", null)).status()).isEqualTo(201);
		Reply rekey = this.http.send("PUT", "/api/admin/apps/" + appId + "/secret", admin,
				"{\"app_secret\":\"other\",\"rotate\":true}");
		assertProblem(rekey, 400, "invalid_request");
		assertThat(rekey.json().get("detail").asString()).isEqualTo("Unknown member 'rotate'");
		assertThat(rekey.body()).doesNotContain("other");
	}

	@Test
	void bodiesThatAreNotJsonObjectsAreAnsweredInTheStartersErrorShape() {
		String admin = login(SAMPLE_APP_ID, ADMIN).get("access_token").asString();
		for (String body : new String[] { "app_id=wx1", "[]", "{\"app_id\":", "{\"name\":[\"shop\"]}" }) {
			Reply reply = this.http.send("POST", "/api/admin/apps", admin, body);
			assertProblem(reply, 400, "invalid_request");
			assertThat(reply.json().get("title").asString()).isEqualTo("Bad Request");
			assertThat(reply.json().get("status").asInt()).isEqualTo(400);
			assertThat(reply.body()).doesNotContain("Exception").doesNotContain("\tat ");
		}
		assertProblem(this.http.send("PUT", "/api/admin/apps/" + WeChatOfAddedApps.newAppId() + "/secret", admin, "\"s\""), 400,
				"invalid_request");
	}

	private static void assertProblem(Reply reply, int status, String error) {
		assertThat(reply.status()).as(reply.body()).isEqualTo(status);
		assertThat(reply.header("Content-Type")).startsWith("application/problem+json");
		assertThat(reply.json().get("error").asString()).isEqualTo(error);
	}

	private static String newApp(String appId, String secret, @Nullable Long accessTokenTtl) {
		return "{\"app_id\":\"" + appId + "\",\"name\":\"shop\",\"app_secret\":\"" + secret + "\""
				+ ((accessTokenTtl != null) ? ",\"access_token_ttl\":" + accessTokenTtl : "") + "}";
	}

	private static int loginsWith(String appId, String secret) {
		return wechat.countRequestsMatching(getRequestedFor(urlPathEqualTo("/sns/jscode2session"))
			.withQueryParam("appid", equalTo(appId))
			.withQueryParam("secret", equalTo(secret))
			.build()).getCount();
	}

	private Reply loginReply(String appId, String openid) {
		return this.http.send("POST", "/wx/login", null, WeChatOfAddedApps.login(appId, openid));
	}

	private JsonNode login(String appId, String openid) {
		Reply reply = loginReply(appId, openid);
		assertThat(reply.status()).as("login of %s to %s: %s", openid, appId, reply.body()).isEqualTo(200);
		return reply.json();
	}

}
