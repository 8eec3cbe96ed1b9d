package io.github.wxminiauth.sample;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.auth0.jwt.JWT;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.wxminiauth.sample.SampleHttp.Reply;
import io.github.wxminiauth.sample.user.WxUser;
import io.github.wxminiauth.sample.user.WxUserRepository;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample application as a mini program and an operator see it: real HTTP against the running
 * application, WireMock as WeChat. What is proven here is the sample's own part: its JPA user store
 * behind the whole flow and {@code PHONE_VERIFIED}, its admin endpoints and its actuator rules. The
 * starter's error table (malformed requests, WeChat's errors and faults, forged and stale tokens) is
 * proven by the starter's own tests and not again here.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "sample.simulator.enabled=false", "sample.admin-openids=" + SampleApplicationIntegrationTests.ADMIN_OPENID,
				"wxmini.rate-limit.enabled=false", "spring.datasource.url=jdbc:h2:mem:sample-integration;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000" })
class SampleApplicationIntegrationTests {

	static final String ADMIN_OPENID = "oAdminIntegration0000000000";

	private static final String APP_ID = "wx0000000000sample";

	private static final String APP_SECRET = "FAKE0sample0secret0not0for0prod0";

	private static final String WECHAT_TOKEN = "WECHAT-ACCESS-TOKEN-1";

	@RegisterExtension
	static final WireMockExtension wechat = WireMockExtension.newInstance()
		.options(wireMockConfig().dynamicPort())
		.build();

	private final JsonMapper json = JsonMapper.builder().build();

	@LocalServerPort
	private int port;

	@Autowired
	private WxUserRepository users;

	private SampleHttp http;

	@DynamicPropertySource
	static void pointAtFakeWeChat(DynamicPropertyRegistry registry) {
		registry.add("wxmini.api-base-url", wechat::baseUrl);
	}

	@BeforeEach
	void setUp() {
		// WireMock starts each test without stubs. Any code nobody stubbed is one WeChat does not know
		wechat.stubFor(get(urlPathEqualTo("/sns/jscode2session")).atPriority(10)
			.willReturn(wechatReply("{\"errcode\":40029,\"errmsg\":\"invalid code\"}")));
		stubStableToken(WECHAT_TOKEN);
		this.http = new SampleHttp(this.port);
	}

	// ---- the happy path --------------------------------------------------------------------

	@Test
	void wholeFlowFromLoginToLogout() {
		String openid = newOpenid();
		JsonNode login = login(openid);
		assertThat(login.get("token_type").stringValue()).isEqualTo("Bearer");
		assertThat(login.get("expires_in").longValue()).isEqualTo(7200);
		assertThat(login.get("refresh_token").stringValue()).isNotBlank();
		assertThat(login.get("refresh_expires_in").longValue()).isEqualTo(2592000);
		assertThat(login.get("openid").stringValue()).isEqualTo(openid);
		assertThat(login.get("new_user").booleanValue()).isTrue();
		assertThat(login.get("phone_bound").booleanValue()).isFalse();
		assertThat(login.has("session_key")).isFalse();
		String accessToken = login.get("access_token").stringValue();

		Reply me = send("GET", "/api/me", accessToken, null);
		assertThat(me.status()).isEqualTo(200);
		assertThat(me.json().get("openid").stringValue()).isEqualTo(openid);
		assertThat(me.json().get("appid").stringValue()).isEqualTo(APP_ID);
		assertThat(me.json().get("phone_number").isNull()).isTrue();
		assertThat(strings(me.json().get("authorities"))).contains("ROLE_USER").doesNotContain("PHONE_VERIFIED", "FACTOR_BEARER");
		assertThat(me.json().get("created_at").stringValue()).isNotBlank();

		assertProblem(send("GET", "/api/member/orders", accessToken, null), 403, "access_denied");

		String phoneCode = stubPhoneNumber(openid, "13800138000");
		Reply phone = send("POST", "/wx/phone", accessToken, "{\"code\":\"" + phoneCode + "\"}");
		assertThat(phone.status()).isEqualTo(200);
		assertThat(phone.json().get("phone_number").stringValue()).contains("13800138000");
		assertThat(phone.json().get("pure_phone_number").stringValue()).isEqualTo("13800138000");
		assertThat(phone.json().get("country_code").asString()).isEqualTo("86");
		assertThat(phone.json().get("token_type").stringValue()).isEqualTo("Bearer");
		assertThat(phone.json().get("expires_in").longValue()).isEqualTo(7200);
		// The application may hold a token another test rotated to, so only its presence is checked
		wechat.verify(1, postRequestedFor(urlPathEqualTo("/wxa/business/getuserphonenumber"))
			.withQueryParam("access_token", matching("WECHAT-ACCESS-TOKEN-\\d"))
			.withRequestBody(matchingJsonPath("$.code", equalTo(phoneCode))));
		String phoneToken = phone.json().get("access_token").stringValue();
		assertThat(authoritiesClaim(phoneToken)).contains("PHONE_VERIFIED");

		Reply orders = send("GET", "/api/member/orders", phoneToken, null);
		assertThat(orders.status()).isEqualTo(200);
		assertThat(orders.json().isArray()).isTrue();
		assertThat(orders.json().size()).isPositive();
		Reply meAfterPhone = send("GET", "/api/me", phoneToken, null);
		assertThat(meAfterPhone.json().get("phone_number").stringValue()).contains("13800138000");
		assertThat(strings(meAfterPhone.json().get("authorities"))).contains("PHONE_VERIFIED");

		JsonNode refreshed = refresh(login.get("refresh_token").stringValue());
		String refreshedToken = refreshed.get("access_token").stringValue();
		assertThat(refreshed.get("refresh_token").stringValue()).isNotEqualTo(login.get("refresh_token").stringValue());
		assertThat(authoritiesClaim(refreshedToken)).contains("PHONE_VERIFIED");
		assertThat(send("GET", "/api/member/orders", refreshedToken, null).status()).isEqualTo(200);

		Reply logout = send("POST", "/wx/logout", refreshedToken, null);
		assertThat(logout.status()).isEqualTo(204);
		assertInvalidToken(send("GET", "/api/me", refreshedToken, null));
		assertProblem(postJson("/wx/token/refresh", "{\"refresh_token\":\"" + refreshed.get("refresh_token").stringValue()
				+ "\"}"), 401, "invalid_grant");
	}

	@Test
	void healthIsPublicWithoutDetailsAndMetricsAreForAdminsOnly() {
		Reply health = send("GET", "/actuator/health", null, null);
		assertThat(health.status()).isEqualTo(200);
		assertThat(health.json().get("status").stringValue()).isEqualTo("UP");
		assertThat(health.json().has("components")).isFalse();
		assertThat(send("GET", "/actuator/metrics", null, null).status()).isEqualTo(401);
		assertThat(send("GET", "/actuator/env", null, null).status()).isEqualTo(401);
		String userToken = login(newOpenid()).get("access_token").stringValue();
		assertProblem(send("GET", "/actuator/metrics", userToken, null), 403, "access_denied");
		assertProblem(send("GET", "/actuator/metrics/wxmini.logins", userToken, null), 403, "access_denied");
		String adminToken = login(ADMIN_OPENID).get("access_token").stringValue();
		Reply logins = send("GET", "/actuator/metrics/wxmini.logins", adminToken, null);
		assertThat(logins.status()).isEqualTo(200);
		assertThat(logins.body()).contains("\"outcome\"", "\"success\"");
		assertThat(send("GET", "/actuator/env", adminToken, null).status()).as("not exposed").isEqualTo(404);
	}

	@Test
	void secondLoginOfAUserWithPhoneSaysSo() {
		String openid = newOpenid();
		String accessToken = login(openid).get("access_token").stringValue();
		String phoneCode = stubPhoneNumber(openid, "13900139000");
		assertThat(send("POST", "/wx/phone", accessToken, "{\"code\":\"" + phoneCode + "\"}").status()).isEqualTo(200);
		JsonNode again = login(openid);
		assertThat(again.get("new_user").booleanValue()).isFalse();
		assertThat(again.get("phone_bound").booleanValue()).isTrue();
		assertThat(authoritiesClaim(again.get("access_token").stringValue())).contains("PHONE_VERIFIED");
	}

	@Test
	void loginCarriesTheUnionidWeChatReports() {
		String openid = newOpenid();
		Reply reply = postJson("/wx/login", "{\"code\":\"" + stubLogin(openid, "uUnion" + openid) + "\"}");
		assertThat(reply.status()).isEqualTo(200);
		assertThat(reply.json().get("unionid").stringValue()).isEqualTo("uUnion" + openid);
		Reply me = send("GET", "/api/me", reply.json().get("access_token").stringValue(), null);
		assertThat(me.json().get("unionid").stringValue()).isEqualTo("uUnion" + openid);
	}

	@Test
	void adminUsersIsForAdminsOnly() {
		String userToken = login(newOpenid()).get("access_token").stringValue();
		assertProblem(send("GET", "/api/admin/users", userToken, null), 403, "access_denied");
		String phoneUser = newOpenid();
		String phoneUserToken = login(phoneUser).get("access_token").stringValue();
		send("POST", "/wx/phone", phoneUserToken, "{\"code\":\"" + stubPhoneNumber(phoneUser, "13800138000") + "\"}");
		String adminToken = login(ADMIN_OPENID).get("access_token").stringValue();
		assertThat(authoritiesClaim(adminToken)).contains("ROLE_ADMIN");
		Reply users = send("GET", "/api/admin/users", adminToken, null);
		assertThat(users.status()).isEqualTo(200);
		JsonNode listed = null;
		for (JsonNode user : users.json()) {
			if (phoneUser.equals(user.get("openid").stringValue())) {
				listed = user;
			}
		}
		assertThat(listed).isNotNull();
		assertThat(listed.get("phone_number").stringValue()).isEqualTo("138****8000");
		assertThat(listed.get("created_at").stringValue()).isNotBlank();
	}

	@Test
	void adminsListAUsersSessionsKickThemOutAndDisableAndEnableThem() {
		String user = newOpenid();
		JsonNode first = login(user);
		JsonNode second = login(user);
		String userToken = second.get("access_token").stringValue();
		String admin = login(ADMIN_OPENID).get("access_token").stringValue();
		String sessionsPath = "/api/admin/users/" + user + "/sessions";
		assertProblem(send("GET", sessionsPath, userToken, null), 403, "access_denied");

		Reply listed = send("GET", sessionsPath, admin, null);
		assertThat(listed.status()).isEqualTo(200);
		JsonNode sessions = listed.json().get("sessions");
		assertThat(sessions.size()).isEqualTo(2);
		assertThat(sessions.get(0).has("sid")).isTrue();
		assertThat(sessions.get(0).has("current")).isFalse();
		assertThat(sessions.get(0).get("created_at").stringValue()).isNotBlank();

		assertThat(send("DELETE", sessionsPath, admin, null).status()).isEqualTo(204);
		assertProblem(send("GET", "/api/me", userToken, null), 401, "invalid_token");
		assertProblem(send("GET", "/api/me", first.get("access_token").stringValue(), null), 401, "invalid_token");
		assertThat(send("GET", sessionsPath, admin, null).json().get("sessions").size()).isZero();

		JsonNode third = login(user);
		assertThat(send("POST", "/api/admin/users/" + user + "/disable", admin, null).status()).isEqualTo(204);
		assertProblem(send("GET", "/api/me", third.get("access_token").stringValue(), null), 401, "invalid_token");
		assertProblem(postJson("/wx/token/refresh",
				"{\"refresh_token\":\"" + third.get("refresh_token").stringValue() + "\"}"), 403, "account_disabled");
		assertProblem(postJson("/wx/login", "{\"code\":\"" + stubLogin(user, null) + "\"}"), 403, "account_disabled");

		assertThat(send("POST", "/api/admin/users/" + user + "/enable", admin, null).status()).isEqualTo(204);
		assertThat(send("GET", "/api/me", login(user).get("access_token").stringValue(), null).status())
			.isEqualTo(200);
		assertProblem(send("POST", "/api/admin/users/no-such-user/disable", admin, null), 404, "not_found");
	}

	@Test
	void anAdminGrantsAnAuthorityAndTheUsersNextRefreshCarriesIt() {
		String user = newOpenid();
		JsonNode login = login(user);
		String admin = login(ADMIN_OPENID).get("access_token").stringValue();
		Reply changed = send("POST", "/api/admin/users/" + user + "/authorities", admin,
				"{\"add\":[\"VIP\"],\"remove\":[]}");
		assertThat(changed.status()).isEqualTo(204);
		assertProblem(send("GET", "/api/me", login.get("access_token").stringValue(), null), 401, "invalid_token");
		JsonNode refreshed = refresh(login.get("refresh_token").stringValue());
		assertThat(authoritiesClaim(refreshed.get("access_token").stringValue())).contains("VIP", "ROLE_USER");
		assertThat(send("GET", "/api/me", refreshed.get("access_token").stringValue(), null).status()).isEqualTo(200);

		send("POST", "/api/admin/users/" + user + "/authorities", admin, "{\"add\":[],\"remove\":[\"VIP\"]}");
		JsonNode again = refresh(refreshed.get("refresh_token").stringValue());
		assertThat(authoritiesClaim(again.get("access_token").stringValue())).doesNotContain("VIP");
	}

	@Test
	void twentyConcurrentFirstLoginsOfOneOpenidCreateOneUser() throws Exception {
		String openid = newOpenid();
		List<String> codes = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			codes.add(stubLogin(openid, null));
		}
		List<Reply> done = Race.run(20, (i) -> postJson("/wx/login", "{\"code\":\"" + codes.get(i) + "\"}"));
		assertThat(done).extracting(Reply::status).containsOnly(200);
		assertThat(done).filteredOn((reply) -> reply.json().get("new_user").booleanValue()).hasSize(1);
		assertThat(this.users.countByAppIdAndOpenid(APP_ID, openid)).isOne();
	}

	// ---- what the JPA store keeps when WeChat refuses ---------------------------------------

	@Test
	void aPhoneCodeWeChatRejectsIs401InvalidCodeAndTheUserKeepsNoNumber() {
		String openid = newOpenid();
		String accessToken = login(openid).get("access_token").stringValue();
		wechat.stubFor(post(urlPathEqualTo("/wxa/business/getuserphonenumber"))
			.willReturn(wechatReply("{\"errcode\":40029,\"errmsg\":\"invalid code\"}")));
		Reply reply = send("POST", "/wx/phone", accessToken, "{\"code\":\"" + newCode() + "\"}");
		assertProblem(reply, 401, "invalid_code");
		assertThat(reply.json().get("wx_errcode").intValue()).isEqualTo(40029);
		WxUser user = this.users.findByAppIdAndOpenid(APP_ID, openid).orElseThrow();
		assertThat(user.getPhoneNumber()).isNull();
		assertThat(user.getPurePhoneNumber()).isNull();
		assertThat(strings(send("GET", "/api/me", accessToken, null).json().get("authorities")))
			.doesNotContain("PHONE_VERIFIED");
	}

	// ---- helpers ---------------------------------------------------------------------------

	private JsonNode login(String openid) {
		Reply reply = postJson("/wx/login", "{\"code\":\"" + stubLogin(openid, null) + "\"}");
		assertThat(reply.status()).as(reply.body()).isEqualTo(200);
		return reply.json();
	}

	private JsonNode refresh(String refreshToken) {
		Reply reply = postJson("/wx/token/refresh", "{\"refresh_token\":\"" + refreshToken + "\"}");
		assertThat(reply.status()).as(reply.body()).isEqualTo(200);
		return reply.json();
	}

	private String stubLogin(String openid, @Nullable String unionid) {
		String code = newCode();
		wechat.stubFor(get(urlPathEqualTo("/sns/jscode2session")).withQueryParam("js_code", equalTo(code))
			.withQueryParam("appid", equalTo(APP_ID))
			.withQueryParam("secret", equalTo(APP_SECRET))
			.withQueryParam("grant_type", equalTo("authorization_code"))
			.willReturn(wechatReply(session(openid, unionid))));
		return code;
	}

	private String session(String openid, @Nullable String unionid) {
		Map<String, Object> session = new LinkedHashMap<>();
		session.put("session_key", "c2Vzc2lvbi1rZXktMTIzNA==");
		session.put("openid", openid);
		if (unionid != null) {
			session.put("unionid", unionid);
		}
		return this.json.writeValueAsString(session);
	}

	private String stubPhoneNumber(String openid, String number) {
		String code = newCode();
		Map<String, Object> watermark = Map.of("timestamp", Instant.now().getEpochSecond(), "appid", APP_ID);
		Map<String, Object> phoneInfo = Map.of("phoneNumber", number, "purePhoneNumber", number, "countryCode", "86",
				"watermark", watermark);
		wechat.stubFor(post(urlPathEqualTo("/wxa/business/getuserphonenumber"))
			.withRequestBody(matchingJsonPath("$.code", equalTo(code)))
			.willReturn(wechatReply(this.json.writeValueAsString(
					Map.of("errcode", 0, "errmsg", "ok", "phone_info", phoneInfo)))));
		return code;
	}

	private static void stubStableToken(String token) {
		wechat.stubFor(post(urlPathEqualTo("/cgi-bin/stable_token"))
			.withRequestBody(matchingJsonPath("$.appid", equalTo(APP_ID)))
			.withRequestBody(matchingJsonPath("$.secret", equalTo(APP_SECRET)))
			.willReturn(wechatReply("{\"access_token\":\"" + token + "\",\"expires_in\":7200}")));
	}

	private static ResponseDefinitionBuilder wechatReply(String body) {
		// WeChat sends its JSON as text/plain
		return aResponse().withStatus(200).withHeader("Content-Type", "text/plain").withBody(body);
	}

	private Reply postJson(String path, String body) {
		return send("POST", path, null, body);
	}

	private Reply send(String method, String path, @Nullable String bearer, @Nullable String body) {
		return this.http.send(method, path, bearer, body);
	}

	private void assertProblem(Reply reply, int status, String error) {
		assertThat(reply.status()).as(reply.body()).isEqualTo(status);
		assertThat(reply.header(HttpHeaders.CONTENT_TYPE)).isNotNull();
		assertThat(MediaType.parseMediaType(reply.header(HttpHeaders.CONTENT_TYPE))
			.equalsTypeAndSubtype(MediaType.APPLICATION_PROBLEM_JSON))
			.as("Content-Type %s", reply.header(HttpHeaders.CONTENT_TYPE))
			.isTrue();
		JsonNode problem = reply.json();
		assertThat(problem.get("error").stringValue()).isEqualTo(error);
		assertThat(problem.get("status").intValue()).isEqualTo(status);
		assertThat(problem.has("type")).isTrue();
		assertThat(problem.has("title")).isTrue();
		assertThat(problem.has("detail")).isTrue();
		assertThat(reply.body()).doesNotContain(APP_SECRET, WECHAT_TOKEN, "session_key", "c2Vzc2lvbi1rZXktMTIzNA==",
				"\tat ");
	}

	private void assertInvalidToken(Reply reply) {
		assertProblem(reply, 401, "invalid_token");
		assertThat(reply.raw().headers().allValues(HttpHeaders.WWW_AUTHENTICATE)).singleElement()
			.satisfies((challenge) -> assertThat(challenge).startsWith("Bearer").contains("error=\"invalid_token\""));
	}

	private List<String> authoritiesClaim(String accessToken) {
		return JWT.decode(accessToken).getClaim("authorities").asList(String.class);
	}

	private static List<String> strings(JsonNode array) {
		List<String> values = new ArrayList<>();
		array.forEach((value) -> values.add(value.stringValue()));
		return values;
	}

	private static String newOpenid() {
		return "o" + UUID.randomUUID().toString().replace("-", "").substring(0, 27);
	}

	private static String newCode() {
		return UUID.randomUUID().toString().replace("-", "");
	}

}
