package io.github.wxminiauth.test.demo;

import io.github.wxminiauth.test.token.WxTestTokens;
import io.github.wxminiauth.test.wechat.WeChatApi;
import io.github.wxminiauth.test.wechat.WeChatSimulator;
import io.github.wxminiauth.test.wechat.WeChatSimulatorExtension;
import io.github.wxminiauth.token.IssuedTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpMethod;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo application running on a port, logging in over HTTP against the WeChat simulator
 * extension, and accepting the tokens {@link WxTestTokens} mints.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DemoLoginIntegrationTests {

	@RegisterExtension
	static final WeChatSimulatorExtension wechat = new WeChatSimulatorExtension();

	@DynamicPropertySource
	static void wechat(DynamicPropertyRegistry registry) {
		wechat.registerProperties(registry);
	}

	@LocalServerPort
	private int port;

	@Autowired
	private ApplicationContext context;

	private DemoHttp http;

	@BeforeEach
	void setUp() {
		this.http = new DemoHttp(this.port);
	}

	@Test
	void loginOverHttpGivesATokenThatTheEndpointAccepts() {
		DemoHttp.Reply login = this.http.login(wechat.mintLoginCode("oAlice").code());
		assertThat(login.status()).isEqualTo(200);
		assertThat(login.text("openid")).isEqualTo("oAlice");
		assertThat(login.json().has("session_key")).isFalse();
		DemoHttp.Reply profile = this.http.send(HttpMethod.GET, "/api/profile", login.text("access_token"), null);
		assertThat(profile.status()).isEqualTo(200);
		assertThat(profile.text("openid")).isEqualTo("oAlice");
		assertThat(profile.text("appid")).isEqualTo(WeChatSimulator.APP_ID);
		// The same authorities as a @WithMockWxUser or wxUser() user's: the token's and the bearer factor
		assertThat(profile.json().get("authorities").valueStream().map((authority) -> authority.stringValue()))
			.containsExactly("ROLE_USER", "FACTOR_BEARER");
		assertThat(wechat.requestCount(WeChatApi.CODE2SESSION)).isEqualTo(1);
	}

	@Test
	void aLoginCodeWorksOnceAndThen401InvalidCode() {
		String code = wechat.mintLoginCode("oBob").code();
		assertThat(this.http.login(code).status()).isEqualTo(200);
		DemoHttp.Reply again = this.http.login(code);
		assertThat(again.status()).isEqualTo(401);
		assertThat(again.text("error")).isEqualTo("invalid_code");
		assertThat(again.json().path("wx_errcode").asInt()).isEqualTo(40163);
	}

	@Test
	void anUnknownCodeIs401InvalidCodeWith40029() {
		DemoHttp.Reply reply = this.http.login("never-minted");
		assertThat(reply.status()).isEqualTo(401);
		assertThat(reply.text("error")).isEqualTo("invalid_code");
		assertThat(reply.json().path("wx_errcode").asInt()).isEqualTo(40029);
	}

	@Test
	void phoneBindingGoesThroughTheSimulator() {
		DemoHttp.Reply login = this.http.login(wechat.mintLoginCode("oCarol").code());
		String phoneCode = wechat.mintPhoneCode("13800138000");
		DemoHttp.Reply phone = this.http.send(HttpMethod.POST, "/wx/phone", login.text("access_token"),
				"{\"code\":\"" + phoneCode + "\"}");
		assertThat(phone.status()).isEqualTo(200);
		assertThat(phone.text("pure_phone_number")).isEqualTo("13800138000");
		assertThat(this.http.send(HttpMethod.GET, "/api/vip", phone.text("access_token"), null).status())
			.isEqualTo(200);
		assertThat(wechat.requestCount(WeChatApi.GET_USER_PHONE_NUMBER)).isEqualTo(1);
	}

	@Test
	void mintedAccessTokenIsAcceptedOverHttpWithItsAuthorities() {
		WxTestTokens tokens = WxTestTokens.from(this.context);
		String member = tokens.accessToken("oDave", "ROLE_USER", "PHONE_VERIFIED");
		DemoHttp.Reply vip = this.http.send(HttpMethod.GET, "/api/vip", member, null);
		assertThat(vip.status()).isEqualTo(200);
		assertThat(vip.text("welcome")).isEqualTo("oDave");
		DemoHttp.Reply denied = this.http.send(HttpMethod.GET, "/api/vip", tokens.accessToken("oDave", "ROLE_USER"),
				null);
		assertThat(denied.status()).isEqualTo(403);
		assertThat(denied.text("error")).isEqualTo("access_denied");
		assertThat(wechat.requestCount(WeChatApi.CODE2SESSION)).as("no WeChat call").isZero();
	}

	@Test
	void mintedSessionIsLiveInTheStoreSoLogoutEndsIt() {
		IssuedTokens issued = WxTestTokens.from(this.context).issue("oErin", "ROLE_USER");
		assertThat(this.http.send(HttpMethod.GET, "/api/profile", issued.accessToken(), null).status())
			.isEqualTo(200);
		assertThat(this.http.send(HttpMethod.POST, "/wx/logout", issued.accessToken(), null).status())
			.isEqualTo(204);
		DemoHttp.Reply after = this.http.send(HttpMethod.GET, "/api/profile", issued.accessToken(), null);
		assertThat(after.status()).isEqualTo(401);
		assertThat(after.text("error")).isEqualTo("invalid_token");
	}

	@Test
	void loggedInTestUserCanRefreshOverHttp() {
		IssuedTokens issued = WxTestTokens.from(this.context).login("oFrank");
		assertThat(issued.user().authorities()).containsExactly("ROLE_USER");
		DemoHttp.Reply refreshed = this.http.send(HttpMethod.POST, "/wx/token/refresh", null,
				"{\"refresh_token\":\"" + issued.refreshToken() + "\"}");
		assertThat(refreshed.status()).isEqualTo(200);
		assertThat(this.http.send(HttpMethod.GET, "/api/profile", refreshed.text("access_token"), null).text("openid"))
			.isEqualTo("oFrank");
	}

}
