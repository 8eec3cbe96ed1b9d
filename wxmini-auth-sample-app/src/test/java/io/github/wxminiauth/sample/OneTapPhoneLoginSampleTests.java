package io.github.wxminiauth.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.github.wxminiauth.sample.user.MemberAccount;
import io.github.wxminiauth.sample.user.MemberAccountRepository;
import io.github.wxminiauth.sample.user.WxUserRepository;
import io.github.wxminiauth.test.wechat.WeChatSimulator;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.util.TestSocketUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One-tap phone login in the sample as the README walks through it: real HTTP, the built-in
 * WeChat simulator minting the codes, and the demo account the sample creates on start (as if its
 * member had registered on the web) linked by the first one-tap login with its number.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT,
		properties = "spring.datasource.url=jdbc:h2:mem:sample-one-tap;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000")
class OneTapPhoneLoginSampleTests {

	@DynamicPropertySource
	static void port(DynamicPropertyRegistry registry) {
		// The simulator is reached through the application's own port, so that port must be known
		int port = TestSocketUtils.findAvailableTcpPort();
		registry.add("server.port", () -> port);
	}

	private static final String DEMO_NUMBER = "13900139000";

	private final HttpClient client = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@Autowired
	private MemberAccountRepository accounts;

	@Autowired
	private WxUserRepository users;

	@Test
	void theDemoAccountIsLinkedByTheFirstOneTapLoginWithItsNumberAndByNoOtherOpenid() {
		MemberAccount demo = this.accounts.findByCountryCodeAndPurePhoneNumber("86", DEMO_NUMBER).orElseThrow();
		assertThat(demo.getDisplayName()).isEqualTo("Demo web member");

		String member = newOpenid();
		Reply login = oneTap(member, DEMO_NUMBER);
		assertThat(login.status()).as(login.body()).isEqualTo(200);
		assertThat(login.json().get("new_user").booleanValue()).as("the member registered on the web").isFalse();
		assertThat(login.json().get("phone_bound").booleanValue()).isTrue();
		assertThat(login.text("phone_number")).isEqualTo(DEMO_NUMBER);
		assertThat(login.text("pure_phone_number")).isEqualTo(DEMO_NUMBER);
		assertThat(login.text("country_code")).isEqualTo("86");
		String token = login.text("access_token");

		Reply me = get("/api/me", token);
		assertThat(me.status()).isEqualTo(200);
		assertThat(me.json().get("account").get("id").longValue()).isEqualTo(demo.getId());
		assertThat(me.json().get("account").get("display_name").stringValue()).isEqualTo("Demo web member");
		assertThat(me.text("phone_number")).isEqualTo(DEMO_NUMBER);
		assertThat(strings(me.json().get("authorities"))).contains("ROLE_USER", "PHONE_VERIFIED");
		assertThat(get("/api/member/orders", token).status()).as("the login's own token carries PHONE_VERIFIED")
			.isEqualTo(200);

		String again = oneTap(member, DEMO_NUMBER).text("access_token");
		assertThat(get("/api/me", again).json().get("account").get("id").longValue()).isEqualTo(demo.getId());

		String stranger = newOpenid();
		Reply other = oneTap(stranger, DEMO_NUMBER);
		assertThat(other.status()).isEqualTo(200);
		assertThat(other.json().get("new_user").booleanValue()).isTrue();
		assertThat(get("/api/me", other.text("access_token")).json().get("account").isNull()).isTrue();
		assertThat(this.users.findByAppIdAndAccountId(WeChatSimulator.APP_ID, demo.getId()))
			.extracting((user) -> user.getOpenid())
			.containsExactly(member);
	}

	@Test
	void aNewUserWithANumberNoAccountHasIsRegisteredWithIt() {
		String openid = newOpenid();
		Reply login = oneTap(openid, "13700137000");
		assertThat(login.status()).as(login.body()).isEqualTo(200);
		assertThat(login.json().get("new_user").booleanValue()).isTrue();
		assertThat(login.json().get("phone_bound").booleanValue()).isTrue();
		Reply me = get("/api/me", login.text("access_token"));
		assertThat(me.text("phone_number")).isEqualTo("13700137000");
		assertThat(me.json().get("account").isNull()).isTrue();
		assertThat(get("/api/member/orders", login.text("access_token")).status()).isEqualTo(200);
	}

	@Test
	void aPhoneCodeOfAnotherUserIs401InvalidCodeAndRegistersNobody() {
		String openid = newOpenid();
		String loginCode = mint("/simulator/codes/login", "{\"openid\":\"" + openid + "\"}");
		String phoneCode = mint("/simulator/codes/phone",
				"{\"phone_number\":\"" + DEMO_NUMBER + "\",\"openid\":\"" + newOpenid() + "\"}");
		Reply login = post("/wx/login", "{\"code\":\"" + loginCode + "\",\"phone_code\":\"" + phoneCode + "\"}");
		assertThat(login.status()).isEqualTo(401);
		assertThat(login.text("error")).isEqualTo("invalid_code");
		assertThat(login.json().get("wx_errcode").intValue()).isEqualTo(40029);
		assertThat(this.users.findByAppIdAndOpenid(WeChatSimulator.APP_ID, openid)).isEmpty();
	}

	private Reply oneTap(String openid, String number) {
		String loginCode = mint("/simulator/codes/login", "{\"openid\":\"" + openid + "\"}");
		String phoneCode = mint("/simulator/codes/phone",
				"{\"phone_number\":\"" + number + "\",\"openid\":\"" + openid + "\"}");
		return post("/wx/login", "{\"code\":\"" + loginCode + "\",\"phone_code\":\"" + phoneCode + "\"}");
	}

	private String mint(String path, String body) {
		Reply minted = post(path, body);
		assertThat(minted.status()).as(minted.body()).isEqualTo(200);
		return minted.text("code");
	}

	private static String newOpenid() {
		return "oTap" + UUID.randomUUID().toString().replace("-", "");
	}

	private static List<String> strings(JsonNode array) {
		List<String> values = new ArrayList<>();
		array.forEach((value) -> values.add(value.stringValue()));
		return values;
	}

	private Reply post(String path, String body) {
		return send(request(path, null).header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body)));
	}

	private Reply get(String path, @Nullable String token) {
		return send(request(path, token).GET());
	}

	private HttpRequest.Builder request(String path, @Nullable String token) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path));
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return request;
	}

	private Reply send(HttpRequest.Builder request) {
		try {
			HttpResponse<String> response = this.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
			return new Reply(response.statusCode(), response.body());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private record Reply(int status, String body) {

		JsonNode json() {
			return JsonMapper.shared().readTree(this.body);
		}

		@Nullable String text(String field) {
			JsonNode node = json().get(field);
			return (node != null && !node.isNull()) ? node.asString() : null;
		}

	}

}
