package io.github.wxminiauth.sample.apps;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
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

	private static final WireMockServer wechat = new WireMockServer(wireMockConfig().dynamicPort());

	static {
		wechat.start();
	}

	private final HttpClient client = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@DynamicPropertySource
	static void pointAtFakeWeChat(DynamicPropertyRegistry registry) {
		registry.add("wxmini.api-base-url", wechat::baseUrl);
	}

	@AfterAll
	static void stopWireMock() {
		wechat.stop();
	}

	@BeforeEach
	void setUp() {
		stubWeChat(SAMPLE_APP_ID, SAMPLE_SECRET);
	}

	@Test
	void onlyAdminsSeeAndChangeTheMiniPrograms() {
		String user = login(SAMPLE_APP_ID, "oJustAUser" + UUID.randomUUID()).get("access_token").asString();
		assertThat(send("GET", "/api/admin/apps", user, null).status()).isEqualTo(403);
		assertThat(send("POST", "/api/admin/apps", user, newApp("wx11111111111111aa", "secret-x", null)).status())
			.isEqualTo(403);
		assertThat(send("GET", "/api/admin/apps", null, null).status()).isEqualTo(401);
	}

	@Test
	void aMiniProgramAddedByAnAdminIsServedAtOnceWithItsOwnLifetimesRekeyedAndRemoved() {
		String admin = login(SAMPLE_APP_ID, ADMIN).get("access_token").asString();
		String appId = newAppId();

		TestReply unknown = loginReply(appId, "oShopper");
		assertThat(unknown.status()).isEqualTo(400);
		assertThat(unknown.json().get("error").asString()).isEqualTo("invalid_request");

		TestReply added = send("POST", "/api/admin/apps", admin, newApp(appId, "first-SECRET-must-not-leak", 900L));
		assertThat(added.status()).isEqualTo(201);
		assertThat(added.header("Location")).isEqualTo("/api/admin/apps/" + appId);
		assertThat(added.json().get("access_token_ttl").asLong()).isEqualTo(900);
		assertThat(added.json().get("refresh_token_ttl").isNull()).isTrue();
		assertThat(added.json().get("source").asString()).isEqualTo("database");
		assertThat(added.body()).doesNotContain("first-SECRET-must-not-leak");

		TestReply list = send("GET", "/api/admin/apps", admin, null);
		assertThat(list.status()).isEqualTo(200);
		assertThat(list.body()).doesNotContain("first-SECRET-must-not-leak").doesNotContain(SAMPLE_SECRET);
		assertThat(list.json().get("apps").valueStream().map((app) -> app.get("app_id").asString()))
			.contains(SAMPLE_APP_ID, appId);

		stubWeChat(appId, "first-SECRET-must-not-leak");
		JsonNode shopper = login(appId, "oShopper");
		assertThat(shopper.get("expires_in").asLong()).as("the app's own lifetime").isEqualTo(900);
		assertThat(shopper.get("refresh_expires_in").asLong()).as("the global one").isEqualTo(2592000);
		String shopperToken = shopper.get("access_token").asString();
		assertThat(send("GET", "/api/me", shopperToken, null).status()).isEqualTo(200);

		assertThat(send("PUT", "/api/admin/apps/" + appId + "/secret", admin,
				"{\"app_secret\":\"second-SECRET-must-not-leak\"}").status()).isEqualTo(204);
		stubWeChat(appId, "second-SECRET-must-not-leak");
		int withFirstSecret = loginsWith(appId, "first-SECRET-must-not-leak");
		assertThat(login(appId, "oSecondShopper").get("expires_in").asLong()).isEqualTo(900);
		assertThat(loginsWith(appId, "first-SECRET-must-not-leak")).as("the old secret is not used any more")
			.isEqualTo(withFirstSecret);
		assertThat(loginsWith(appId, "second-SECRET-must-not-leak")).isEqualTo(1);
		assertThat(send("GET", "/api/me", shopperToken, null).status()).as("sessions go on").isEqualTo(200);

		assertThat(send("DELETE", "/api/admin/apps/" + appId, admin, null).status()).isEqualTo(204);
		TestReply me = send("GET", "/api/me", shopperToken, null);
		assertThat(me.status()).isEqualTo(401);
		assertThat(me.json().get("error").asString()).isEqualTo("invalid_token");
		TestReply refresh = send("POST", "/wx/token/refresh", null,
				"{\"refresh_token\":\"" + shopper.get("refresh_token").asString() + "\"}");
		assertThat(refresh.status()).isEqualTo(401);
		assertThat(refresh.json().get("error").asString()).isEqualTo("invalid_grant");
		assertThat(loginReply(appId, "oShopper").status()).isEqualTo(400);
		assertThat(send("GET", "/api/admin/apps", admin, null).body()).doesNotContain(appId);
		// The sample's own mini program is untouched.
		assertThat(send("GET", "/api/me", admin, null).status()).isEqualTo(200);
	}

	@Test
	void badAdditionsAndUnknownAppsAreAnsweredInTheStartersErrorShape() {
		String admin = login(SAMPLE_APP_ID, ADMIN).get("access_token").asString();
		assertProblem(send("POST", "/api/admin/apps", admin, newApp("not-an-app-id", "secret", null)), 400,
				"invalid_request");
		assertProblem(send("POST", "/api/admin/apps", admin, newApp(newAppId(), "has a space", null)), 400,
				"invalid_request");
		assertProblem(send("POST", "/api/admin/apps", admin, newApp(SAMPLE_APP_ID, "secret", null)), 409, "conflict");
		String appId = newAppId();
		assertThat(send("POST", "/api/admin/apps", admin, newApp(appId, "secret", null)).status()).isEqualTo(201);
		assertProblem(send("POST", "/api/admin/apps", admin, newApp(appId, "other", null)), 409, "conflict");
		assertProblem(send("PUT", "/api/admin/apps/" + newAppId() + "/secret", admin, "{\"app_secret\":\"s\"}"), 404,
				"not_found");
		assertProblem(send("PUT", "/api/admin/apps/" + SAMPLE_APP_ID + "/secret", admin, "{\"app_secret\":\"s\"}"),
				404, "not_found");
		assertProblem(send("DELETE", "/api/admin/apps/" + newAppId(), admin, null), 404, "not_found");
		assertProblem(send("PUT", "/api/admin/apps/" + appId + "/secret", admin, "{}"), 400, "invalid_request");
	}

	private static void assertProblem(TestReply reply, int status, String error) {
		assertThat(reply.status()).as(reply.body()).isEqualTo(status);
		assertThat(reply.header("Content-Type")).startsWith("application/problem+json");
		assertThat(reply.json().get("error").asString()).isEqualTo(error);
	}

	private static String newApp(String appId, String secret, @Nullable Long accessTokenTtl) {
		return "{\"app_id\":\"" + appId + "\",\"name\":\"shop\",\"app_secret\":\"" + secret + "\""
				+ ((accessTokenTtl != null) ? ",\"access_token_ttl\":" + accessTokenTtl : "") + "}";
	}

	private static String newAppId() {
		return "wx" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
	}

	/** WeChat knows the app with this secret, and any code {@code <openid>.<anything>}. */
	private static void stubWeChat(String appId, String secret) {
		wechat.stubFor(get(urlPathEqualTo("/sns/jscode2session")).withQueryParam("appid", equalTo(appId))
			.withQueryParam("secret", equalTo(secret))
			.willReturn(aResponse().withStatus(200)
				.withHeader("Content-Type", "text/plain")
				.withTransformers("response-template")
				.withBody("{\"openid\":\"{{regexExtract request.query.js_code '^[^.]+'}}\","
						+ "\"session_key\":\"c2Vzc2lvbi1rZXk=\"}")));
	}

	private static int loginsWith(String appId, String secret) {
		return wechat.countRequestsMatching(getRequestedFor(urlPathEqualTo("/sns/jscode2session"))
			.withQueryParam("appid", equalTo(appId))
			.withQueryParam("secret", equalTo(secret))
			.build()).getCount();
	}

	private TestReply loginReply(String appId, String openid) {
		return send("POST", "/wx/login", null,
				"{\"code\":\"" + openid + "." + UUID.randomUUID() + "\",\"app_id\":\"" + appId + "\"}");
	}

	private JsonNode login(String appId, String openid) {
		TestReply reply = loginReply(appId, openid);
		assertThat(reply.status()).as("login of %s to %s: %s", openid, appId, reply.body()).isEqualTo(200);
		return reply.json();
	}

	private TestReply send(String method, String path, @Nullable String bearer, @Nullable String json) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.method(method, (json != null) ? HttpRequest.BodyPublishers.ofString(json)
					: HttpRequest.BodyPublishers.noBody());
		if (json != null) {
			request.header("Content-Type", "application/json");
		}
		if (bearer != null) {
			request.header("Authorization", "Bearer " + bearer);
		}
		try {
			return new TestReply(this.client.send(request.build(), HttpResponse.BodyHandlers.ofString()));
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	record TestReply(HttpResponse<String> raw) {

		int status() {
			return this.raw.statusCode();
		}

		String body() {
			return this.raw.body();
		}

		@Nullable String header(String name) {
			return this.raw.headers().firstValue(name).orElse(null);
		}

		JsonNode json() {
			return JsonMapper.shared().readTree(this.raw.body());
		}

	}

}
